/**
 * Is the server's memory growth under overload queueing or a leak? Starts the real server on a
 * scratch PostGIS database, drives reports above capacity twice (with shedding), and takes a heap
 * snapshot (which collects garbage first) after a warm-up and after each overload, once the
 * server is idle again. Prints RSS and live heap per phase and the object types whose retained
 * count grew most. Growth that repeats per round and per accepted report is retention; growth in
 * the first round only is the heap settling at its high-water mark. Not part of `npm run bench:load`:
 *   npx tsx test/bench/load/memory-probe.ts [--rate=1000] [--seconds=10]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { countySlug, DEMO_PASSWORD } from '../../../server/services/demo-accounts.ts';
import { REPORT_COUNTY, reportPoints } from '../../contract/report-points.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { login } from './accounts.ts';
import { Tracker } from './clients.ts';
import { drive } from './driver.ts';
import { fmtTriple } from './latency.ts';
import { rssBytes } from './proc-stats.ts';
import { spawnServer } from './server-process.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const RATE = arg('rate', 1000);
const SECONDS = arg('seconds', 10);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface HeapSummary {
  total: number;
  byType: Map<string, { count: number; size: number }>;
}

/** Live objects per constructor/closure name, from a V8 heap snapshot. */
function summarise(path: string): HeapSummary {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const byType = new Map<string, { count: number; size: number }>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const size = snapshot.nodes[i + sizeAt]!;
    total += size;
    const name = type === 'object' || type === 'closure' ? `${type}:${snapshot.strings[snapshot.nodes[i + nameAt]!]}` : type;
    const entry = byType.get(name) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += size;
    byType.set(name, entry);
  }
  return { total, byType };
}

async function snapshot(pid: number, dir: string, kill: (signal: NodeJS.Signals) => void): Promise<HeapSummary> {
  const before = new Set(readdirSync(dir));
  kill('SIGUSR2');
  for (let waited = 0; waited < 120_000; waited += 500) {
    await sleep(500);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const path = join(dir, file);
    const size = statSync(path).size;
    await sleep(1500);
    if (statSync(path).size === size && size > 0) return summarise(path);
  }
  throw new Error(`no heap snapshot from ${pid}`);
}

function growth(from: HeapSummary, to: HeapSummary, top = 12): string {
  return [...to.byType]
    .map(([name, e]) => ({ name, count: e.count - (from.byType.get(name)?.count ?? 0), size: e.size - (from.byType.get(name)?.size ?? 0) }))
    .sort((a, b) => b.size - a.size)
    .slice(0, top)
    .map((g) => `    ${mb(g.size).padStart(9)}  ${String(g.count).padStart(8)}  ${g.name}`)
    .join('\n');
}

const root = mkdtempSync(join(tmpdir(), 'gd-memory-probe-'));
const db = await createTestDatabase('memory_probe');
const server = await spawnServer({
  DATABASE_URL: db.url,
  GRID_DISPATCH_DATA_DIR: join(root, 'data'),
  GRID_DISPATCH_SECRET: 'grid-dispatch-memory-probe-secret-0123456789',
  // One client sends everything here: let admission decide by capacity, not by its per-client share.
  GRID_DISPATCH_MAX_WRITES_PER_CLIENT: '100000',
  LOG_LEVEL: 'info',
  NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${root}`,
});
try {
  const token = await login(server.url, `${countySlug(REPORT_COUNTY)}.operator`, DEMO_PASSWORD);
  const points = reportPoints(200);
  const request = (tagName: string) => (n: number) => {
    const p = points[n % points.length]!;
    return { body: JSON.stringify({ lon: p.lon, lat: p.lat, description: `${tagName} ${n}`, source: 'patrol' }), token };
  };
  const phase = async (name: string, rate: number, seconds: number) => {
    const result = await drive({ urls: [server.url], path: '/api/v1/reports', rate, seconds, request: request(name), tracker: new Tracker(rate * seconds + 1), keyPrefix: `${name}-${Date.now()}` });
    console.log(`[memory-probe] ${name}: ${result.accepted.size}/${result.sent} accepted at ${rate}/s, shed ${result.shed503 + result.shed429} ${JSON.stringify([...result.refusals])}, POST ${fmtTriple(result.post.summary())}, RSS after ${mb(rssBytes(server.pid))}`);
    return result.accepted.size;
  };
  const kill = (signal: NodeJS.Signals) => server.child.kill(signal);
  await phase('warm-up', 200, 5);
  await sleep(3000);
  const a = await snapshot(server.pid, root, kill);
  console.log(`[memory-probe] after warm-up: live heap ${mb(a.total)}, RSS ${mb(rssBytes(server.pid))}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  const rounds: HeapSummary[] = [a];
  for (const round of [1, 2]) {
    const accepted = await phase(`overload-${round}`, RATE, SECONDS);
    await sleep(5000);
    const s = await snapshot(server.pid, root, kill);
    const previous = rounds[rounds.length - 1]!;
    console.log(
      `[memory-probe] after overload ${round}: live heap ${mb(s.total)} (${s.total >= previous.total ? '+' : ''}${mb(s.total - previous.total)}, ${((s.total - previous.total) / Math.max(1, accepted) / 1024).toFixed(2)} KB per accepted report), RSS ${mb(rssBytes(server.pid))}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}\n  grew most (size, count, type):\n${growth(previous, s)}`,
    );
    rounds.push(s);
  }
} finally {
  await server.stop();
  await db.drop();
  rmSync(root, { recursive: true, force: true });
}
process.exit(0);
