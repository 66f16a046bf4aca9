/**
 * `npm run fuzz [-- --quick] [-- --requests=N] [-- --seed=S] [-- --store=embedded|postgis]`
 *
 * Starts the real server (server/main.ts) as a child process on each store (embedded journal and
 * PostGIS), signs in every demo account, and sends requests generated from the OpenAPI document
 * (/api/v1/openapi.json) for every operation with every role (and anonymous and forged tokens), plus
 * socket.io sessions with generated and hostile payloads and malformed uploads. It fails on:
 * - any 5xx other than a documented 503 (STORE_UNAVAILABLE / OVERLOADED);
 * - any 4xx/5xx JSON answer outside the error shape {error: {code, message}};
 * - a socket command answered outside {ok, value|error} or not answered;
 * - the server process exiting (a crash or restart) before it is stopped;
 * - RSS after the run above 1.5 × RSS after warm-up.
 * Prints a summary (requests, status counts, RSS before/after) per store; exits 1 on any failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { createTestDatabase, postgisAvailable, type TestDatabase } from '../helpers/postgres.ts';
import { hostile, pick, seeded, valueFor, type KnownValues, type Random } from './schema-values.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = args.includes('--quick');
const PER_STORE = Number(flag('requests') ?? (QUICK ? 1500 : 52_000));
const SEED = Number(flag('seed') ?? 13);
const STORES = (flag('store') ?? 'embedded,postgis').split(',');
const CONCURRENCY = 12;
const ALLOWED_503 = new Set(['STORE_UNAVAILABLE', 'OVERLOADED']);

interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  body?: { contentType: string; schema: unknown };
}

interface StoreReport {
  store: string;
  requests: number;
  socketCommands: number;
  uploads: number;
  statuses: Record<string, number>;
  failures: string[];
  rssBeforeMb: number;
  rssAfterMb: number;
  seconds: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited during start (code ${child.exitCode})`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become healthy in 120 s');
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema?: unknown }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: contentType ? { contentType, schema: content[contentType]?.schema } : undefined });
    }
  }
  return ops;
}

/** Collects ids and codes from answers, so later requests name records that exist. */
function harvest(known: KnownValues, value: unknown, depth = 0): void {
  if (depth > 5 || known.strings.length > 4000) return;
  if (typeof value === 'string') {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value) || /^\d{6}(\d{6})?$/.test(value) || /^(team|squadron|brigade|department|dept)-/.test(value)) known.strings.push(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value.slice(0, 20)) harvest(known, v, depth + 1);
  else if (value && typeof value === 'object') for (const v of Object.values(value).slice(0, 40)) harvest(known, v, depth + 1);
}

function isErrorShape(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}

async function runStore(store: string, databaseUrl: string | undefined): Promise<StoreReport> {
  const r = seeded(SEED + (store === 'postgis' ? 1 : 0));
  const dataDir = mkdtempSync(join(tmpdir(), `gd-fuzz-${store}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GRID_DISPATCH_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'fatal', GRID_DISPATCH_DEMO: '1', OPEN311_API_KEYS: 'fuzz-key' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let stopping = false;
  const failures: string[] = [];
  child.on('exit', (code, signal) => {
    if (!stopping) failures.push(`the server exited during the run (code ${code}, signal ${signal}): ${stderr.slice(-1500)}`);
  });
  const started = Date.now();
  const statuses: Record<string, number> = {};
  let requests = 0;
  let socketCommands = 0;
  let uploads = 0;
  const fail = (message: string) => {
    if (failures.length < 50) failures.push(message);
  };
  try {
    await waitHealthy(url, child);
    const demo = (await (await fetch(`${url}/api/v1/demo/accounts`)).json()) as { password: string; accounts: Array<{ username: string }> };
    const tokens: Array<string | undefined> = [undefined];
    for (const account of demo.accounts) {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: account.username, password: demo.password }) });
      const body = (await res.json()) as { token?: string };
      if (body.token) tokens.push(body.token);
    }
    if (tokens.length < 5) throw new Error(`only ${tokens.length - 1} demo accounts signed in`);
    const forged = [`${tokens[1]!.slice(0, -2)}AA`, 'gd1.e30.' + 'A'.repeat(43), 'not-a-token'];
    const doc = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
    const operations = operationsOf(doc);
    const known: KnownValues = { strings: ['410923', '410923000000', '371521', '330822', '350521', '410325', '410923100000', 'team-410923100000'] };
    harvest(known, await (await fetch(`${url}/api/v1/counties`)).json().catch(() => null));

    const record = (status: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    };
    const check = async (label: string, res: Response) => {
      record(res.status);
      const type = res.headers.get('content-type') ?? '';
      const text = await res.text();
      if (res.status >= 400 && type.includes('json')) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return fail(`${label}: ${res.status} with a JSON content type but no JSON body`);
        }
        if (!label.includes('/open311/') && !isErrorShape(body)) return fail(`${label}: ${res.status} outside the error shape: ${text.slice(0, 200)}`);
        if (res.status === 503 && !ALLOWED_503.has((body as { error: { code: string } }).error.code)) fail(`${label}: 503 ${text.slice(0, 200)}`);
        else if (res.status >= 500 && res.status !== 503) fail(`${label}: ${res.status} ${text.slice(0, 300)}`);
      } else if (res.status >= 500) {
        fail(`${label}: ${res.status} (not JSON) ${text.slice(0, 200)}`);
      } else if (res.status < 300 && type.includes('json') && r() < 0.3) {
        try {
          harvest(known, JSON.parse(text));
        } catch {
          // a 2xx that is not JSON is the route's business
        }
      }
    };

    const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    /** A generated value as path text; hostile objects (null prototype, `toString: 1`) have no String() form. */
    const asText = (v: unknown): string => {
      try {
        return String(v);
      } catch {
        return JSON.stringify(v) ?? '';
      }
    };

    const oneRequest = async (rand: Random) => {
      const op = pick(rand, operations);
      const mutate = rand() < 0.5 ? 0 : 0.15;
      let path = op.path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      for (const p of op.params) {
        if (p.in === 'path') {
          const v = rand() < 0.1 ? pick(rand, ['%ZZ', '..%2F..', '%00', 'x'.repeat(300), '%E0%A4%A']) : asText(valueFor(rand, p.schema, known, mutate, p.name));
          // Lone surrogates (the "broken unicode" values) cannot be percent-encoded: send U+FFFD as a browser would.
          path = path.replace(`{${p.name}}`, /%/.test(v) && v.length < 20 ? v : encodeURIComponent(v.replace(LONE_SURROGATE, '\uFFFD')));
        } else if (p.in === 'query' && (p.required || rand() < 0.6)) {
          const v = valueFor(rand, p.schema, known, mutate, p.name);
          query.set(p.name, typeof v === 'string' ? v : JSON.stringify(v));
        } else if (p.in === 'header' && rand() < 0.5) {
          headers[p.name] = rand() < 0.8 ? `fuzz-${Math.floor(rand() * 50)}` : 'bad key';
        }
      }
      const who = rand();
      const token = who < 0.85 ? pick(rand, tokens) : pick(rand, forged);
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | Uint8Array | undefined;
      if (op.body && op.method !== 'GET') {
        if (op.body.contentType.includes('json')) {
          headers['content-type'] = rand() < 0.95 ? 'application/json' : pick(rand, ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']);
          body = rand() < 0.05 ? pick(rand, ['{', '[]', 'null', '{"a":', '\u0000', '{"__proto__":{"x":1}}']) : JSON.stringify(valueFor(rand, op.body.schema, known, mutate));
        } else {
          headers['content-type'] = op.body.contentType;
          body = randomBytes(rand, Math.floor(rand() * 2048));
        }
        if (rand() < 0.03) headers['content-encoding'] = pick(rand, ['gzip', 'deflate', 'br', 'x-unknown']);
      }
      const qs = query.toString();
      const label = `${op.method} ${path}${qs ? `?${qs}` : ''}`;
      const res = await fetch(`${url}${path}${qs ? `?${qs}` : ''}`, { method: op.method, headers, body: body as BodyInit | undefined });
      await check(label.slice(0, 200), res);
    };

    const runBatch = async (n: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, worker) => {
          const rand = seeded(SEED * 1000 + worker + requests);
          while (next < n && child.exitCode === null) {
            next++;
            requests++;
            try {
              await oneRequest(rand);
            } catch (error) {
              fail(`request failed at the transport: ${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ''}`);
            }
          }
        }),
      );
    };

    // Warm-up, then the memory baseline.
    await runBatch(Math.floor(PER_STORE * 0.1));
    await new Promise((r2) => setTimeout(r2, 1000));
    const rssBeforeMb = rssMb(child.pid!);

    // Socket.io: sessions with generated and hostile payloads, unknown events, no ack.
    const socketRounds = QUICK ? 40 : 400;
    for (let i = 0; i < socketRounds && child.exitCode === null; i++) {
      const token = pick(r, tokens);
      const socket = io(url, { transports: [pick(r, ['websocket', 'polling'] as const)], forceNew: true, reconnection: false, auth: token ? { token } : {} });
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
        setTimeout(() => resolve(false), 5000);
      });
      if (connected) {
        for (let k = 0; k < 5; k++) {
          socketCommands++;
          const payload = r() < 0.5 ? valueFor(r, { type: 'object', properties: { county: { type: 'string' }, townships: { type: 'array', items: { type: 'string' } }, teams: { type: 'array', items: { type: 'string' } }, wall: { type: 'string' }, afterSeq: { type: 'integer' } } }, known, 0.3) : hostile(r);
          const event = r() < 0.9 ? 'session:subscribe' : `fuzz:${Math.floor(r() * 9)}`;
          if (r() < 0.1) {
            socket.emit(event, payload);
            continue;
          }
          try {
            const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok?: unknown; value?: unknown; error?: { code?: unknown } };
            if (typeof ack?.ok !== 'boolean' || (ack.ok === false && typeof ack.error?.code !== 'string')) fail(`socket ${event} ${JSON.stringify(payload)?.slice(0, 100)}: ack ${JSON.stringify(ack).slice(0, 200)}`);
          } catch (error) {
            // A socket whose token is refused may be disconnected by the server; anything else is a failure.
            if (socket.connected) fail(`socket ${event}: no ack (${(error as Error).message})`);
          }
        }
      }
      socket.disconnect();
    }

    // Malformed uploads: random bytes, truncated zips, wrong types, bad encodings.
    const admins = tokens.slice(1);
    const uploadRounds = QUICK ? 30 : 300;
    for (let i = 0; i < uploadRounds && child.exitCode === null; i++) {
      uploads++;
      const target = pick(r, ['/api/v1/imports/grids?county=410923', '/api/v1/imports/grids?county=410923&crs=GCJ02', '/api/v1/imports/catalogue', '/api/v1/imports/devolution?county=410923', '/api/v1/incidents/00000000-0000-7000-8000-000000000000/attachments']);
      const type = pick(r, ['application/zip', 'application/geo+json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'image/jpeg', 'application/octet-stream']);
      const body = pick(r, [
        () => randomBytes(r, Math.floor(r() * 65536)),
        () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...randomBytes(r, 200)]),
        () => new TextEncoder().encode('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4]]]}}'),
        () => new TextEncoder().encode(`code,name\n${'=cmd|calc,x\n'.repeat(50)}`),
        () => new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 50 }, () => hostile(r)) })),
      ])();
      const headers: Record<string, string> = { 'content-type': type, authorization: `Bearer ${pick(r, admins)}` };
      if (r() < 0.1) headers['content-encoding'] = 'gzip';
      requests++;
      try {
        await check(`POST ${target} (${type})`, await fetch(`${url}${target}`, { method: 'POST', headers, body: body as BodyInit }));
      } catch (error) {
        fail(`upload failed at the transport: ${(error as Error).message}`);
      }
    }

    // The generated requests.
    await runBatch(PER_STORE - requests);
    await new Promise((r2) => setTimeout(r2, 2000));
    const health = await fetch(`${url}/api/v1/health`).catch(() => null);
    if (health?.status !== 200) fail(`health after the run: ${health?.status ?? 'no answer'}`);
    const rssAfterMb = rssMb(child.pid!);
    if (rssAfterMb > rssBeforeMb * 1.5) fail(`memory kept growing: RSS ${rssBeforeMb.toFixed(0)} MB after warm-up → ${rssAfterMb.toFixed(0)} MB after the run`);
    return { store, requests, socketCommands, uploads, statuses, failures, rssBeforeMb, rssAfterMb, seconds: (Date.now() - started) / 1000 };
  } finally {
    stopping = true;
    child.kill('SIGTERM');
    await new Promise((r2) => (child.exitCode !== null ? r2(null) : child.once('exit', r2)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function randomBytes(r: Random, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}

const reports: StoreReport[] = [];
for (const store of STORES) {
  let database: TestDatabase | undefined;
  if (store === 'postgis') {
    if (!(await postgisAvailable('npm run fuzz (PostGIS)'))) continue;
    database = await createTestDatabase('fuzz');
  }
  try {
    reports.push(await runStore(store, database?.url));
  } finally {
    await database?.drop();
  }
}

let failed = false;
for (const rep of reports) {
  const statuses = Object.entries(rep.statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  console.log(`\n== ${rep.store}: ${rep.requests} HTTP requests, ${rep.socketCommands} socket commands, ${rep.uploads} malformed uploads in ${rep.seconds.toFixed(0)} s`);
  console.log(`   statuses: ${statuses}`);
  console.log(`   RSS after warm-up ${rep.rssBeforeMb.toFixed(0)} MB → after the run ${rep.rssAfterMb.toFixed(0)} MB (×${(rep.rssAfterMb / rep.rssBeforeMb).toFixed(2)})`);
  if (rep.failures.length > 0) {
    failed = true;
    console.log(`   FAILURES (${rep.failures.length}):`);
    for (const f of rep.failures) console.log(`   - ${f}`);
  }
}
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; seed ${SEED}; ${new Date().toISOString()}`);
if (reports.length === 0) failed = true;
process.exit(failed ? 1 : 0);
