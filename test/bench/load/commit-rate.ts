/**
 * PostGIS commit throughput measured alone (no HTTP, no sockets): `concurrency` callers each commit
 * report-sized change sets (incident + order + 3 events + idempotency key, as intake does) back to
 * back for `seconds`. Prints commits/s and commit latency. Not part of `npm run bench:load`; run:
 *   npx tsx test/bench/load/commit-rate.ts [--seconds=5] [--concurrency=32] [--max-batch=64] [--pipeline=2]
 * Writes nothing but a scratch database, dropped at the end.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PostgisStore } from '../../../server/repositories/postgis/postgis-store.ts';
import type { Change } from '../../../server/repositories/store.ts';
import { at, incidentAt, reportChanges } from '../../contract/fixtures.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { Samples, fmtTriple } from './latency.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 5);
const CONCURRENCY = arg('concurrency', 32);
/** --max-batch=1 --pipeline=1: one transaction per commit, as before group commit (for comparison). */
const MAX_BATCH = arg('max-batch', 64);
const PIPELINE = arg('pipeline', 2);

function changesFor(n: number): Change[] {
  const incident = incidentAt(`rate-${n}`, at(n % 86_400), n % 8, (n >> 3) % 8);
  return [
    ...reportChanges(incident),
    { kind: 'event.append', type: 'case:transitioned', at: incident.receivedAt, payload: { incidentId: incident.id } },
    { kind: 'idempotency.save', key: `rate-key-${n}`, response: { requestHash: 'h', status: 201, body: { id: incident.id } } },
  ];
}

const db = await createTestDatabase('commit_rate');
const store = await PostgisStore.open({ url: db.url, groupCommit: { maxBatch: MAX_BATCH, pipeline: PIPELINE } });
try {
  const latency = new Samples();
  let next = 0;
  let lastSeq = 0;
  let outOfOrder = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        const events = await store.commit(changesFor(next++));
        latency.add(performance.now() - start);
        if (events[0]!.seq <= lastSeq) outOfOrder++;
        lastSeq = Math.max(lastSeq, events[events.length - 1]!.seq);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const count = latency.summary().count;
  console.log(
    `[commit-rate] ${count} commits in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(0)} commits/s at concurrency ${CONCURRENCY} (batch ≤ ${MAX_BATCH}, pipeline ${PIPELINE}); ` +
      `latency ${fmtTriple(latency.summary())}; resolved out of seq order: ${outOfOrder}; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
  );
} finally {
  await store.close();
  await db.drop();
}
