/**
 * Routing lookup benchmark: GridIndex against which-polygon on synthetic nested grids (and on
 * the committed county grids when present).
 * Run: npm run bench:route [-- --quick] [-- --only 400k] [-- --no-write]. Writes the "Routing
 * lookup" section of BENCHMARKS.md unless --no-write (or BENCH_NO_WRITE=1) is given, or --only
 * picks some rows (a partial table must not replace the full one).
 *
 * Both answer the same uniformly random points, in one process, one after the other; JavaScript
 * runs them on one core. Throughput is wall-clock lookups/s, with lookups per CPU-second beside
 * it (on a shared machine the process is not always on a core). Latency is timed over batches of
 * 64 lookups (hrtime is too coarse for one) and reported per lookup.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import whichPolygon from 'which-polygon';
import type { GridCollection, GridFeature } from '../../shared/domain/grid.ts';
import type { CellStats } from '../../shared/routing/cell-grid.ts';
import { GridIndex } from '../../shared/routing/grid-index.ts';
import { interiorPoint } from '../../shared/routing/interior-point.ts';
import { formatMB, formatMs, formatNs, formatRate, quantile, table, writeSection } from './bench-report.ts';
import { seededRandom, syntheticGrid } from './synthetic-grid.ts';

const quick = process.argv.includes('--quick');
/** Row names to run (--only 400k[,50k]), for short measurement runs; all rows when absent. */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : null;
const noWrite = only !== null || process.argv.includes('--no-write') || process.env.BENCH_NO_WRITE === '1';
const ROOT = new URL('../../', import.meta.url);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap + array-buffer bytes after full GCs; buffers are freed after finalisation, hence the waits. */
async function settledHeapBytes(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** GC pauses, to say how much of a build was spent collecting the caller's garbage. */
const gcPauses: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
}).observe({ entryTypes: ['gc'] });
async function gcMsBetween(t0: number, t1: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 5)); // observer entries arrive asynchronously
  return gcPauses.filter((p) => p.start >= t0 && p.start <= t1).reduce((sum, p) => sum + p.duration, 0);
}

const POINTS = quick ? 200_000 : 1_000_000;
const WP_POINTS = quick ? 50_000 : 200_000;
const RUNS = quick ? 1 : 3;
const BATCH = 64;

/** What one row of the benchmark runs on. */
interface Input {
  name: string;
  features: GridFeature[];
  groups: GridFeature[];
  /** A point well inside each group, x, y pairs in `groups` order. */
  interior: Float64Array;
  /** Query points, x, y pairs. */
  points: Float64Array;
}

function syntheticInput(name: string, cols: number, rows: number, segments: number, seed: number): Input {
  const grid = syntheticGrid({
    seed,
    counties: ['410923000000'],
    origin: [115.0, 35.8],
    cell: 0.004,
    cols,
    rows,
    village: [4, 3],
    township: [8, 8],
    segments,
  });
  const random = seededRandom(seed + 1);
  const [w, s, e, n] = grid.bbox;
  const points = new Float64Array(2 * POINTS);
  for (let i = 0; i < POINTS; i++) {
    points[2 * i] = w + (e - w) * random();
    points[2 * i + 1] = s + (n - s) * random();
  }
  return { name, features: grid.features, groups: grid.groups, interior: grid.interior, points };
}

/** The committed county grids, if any: points uniform in each county's bbox, counties by bbox area. */
function realInput(): Input | null {
  const dir = new URL('data/grids/', ROOT);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.geojson'));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const features = files.flatMap((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as GridCollection).features);
  const groups = features.filter((f) => f.properties.level === 'group');
  const interior = new Float64Array(groups.flatMap((f) => interiorPoint(f.geometry) ?? [NaN, NaN]));
  const boxes = features
    .filter((f) => f.properties.level === 'county')
    .map((f) => {
      const xs = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2);
      const [w, e] = [Math.min(...xs.map((p) => p[0]!)), Math.max(...xs.map((p) => p[0]!))];
      const [s, n] = [Math.min(...xs.map((p) => p[1]!)), Math.max(...xs.map((p) => p[1]!))];
      return { w, s, e, n, area: (e - w) * (n - s) };
    });
  const totalArea = boxes.reduce((a, b) => a + b.area, 0);
  const random = seededRandom(99);
  const points = new Float64Array(2 * POINTS);
  for (let i = 0; i < POINTS; i++) {
    let pick = random() * totalArea;
    const box = boxes.find((b) => (pick -= b.area) <= 0) ?? boxes[boxes.length - 1]!;
    points[2 * i] = box.w + (box.e - box.w) * random();
    points[2 * i + 1] = box.s + (box.n - box.s) * random();
  }
  return { name: `real: ${files.length} counties`, features, groups, interior, points };
}

/** Sink for results so no lookup loop is optimised away. */
let sink = 0;

/** Lookups per wall-clock second and per CPU second. */
interface Rate {
  wall: number;
  cpu: number;
}

function timeGridIndex(index: GridIndex, points: Float64Array, n: number): Rate {
  let acc = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) acc += index.locateGroupIndex(points[2 * i]!, points[2 * i + 1]!);
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  sink ^= acc;
  return { wall: n / (ns / 1e9), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

function latencyGridIndex(index: GridIndex, points: Float64Array, n: number): Float64Array {
  const batches = Math.floor(n / BATCH);
  const out = new Float64Array(batches);
  let acc = 0;
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = b * BATCH, end = i + BATCH; i < end; i++) acc += index.locateGroupIndex(points[2 * i]!, points[2 * i + 1]!);
    out[b] = Number(process.hrtime.bigint() - t0) / BATCH;
  }
  sink ^= acc;
  return out.sort();
}

type WhichPolygonQuery = (point: readonly number[]) => { g: number } | null;

function timeWhichPolygon(query: WhichPolygonQuery, points: Float64Array, n: number): Rate {
  const p = [0, 0];
  let acc = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    p[0] = points[2 * i]!;
    p[1] = points[2 * i + 1]!;
    acc += query(p)?.g ?? -1;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  sink ^= acc;
  return { wall: n / (ns / 1e9), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

function latencyWhichPolygon(query: WhichPolygonQuery, points: Float64Array, n: number): Float64Array {
  const batches = Math.floor(n / BATCH);
  const out = new Float64Array(batches);
  const p = [0, 0];
  let acc = 0;
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = b * BATCH, end = i + BATCH; i < end; i++) {
      p[0] = points[2 * i]!;
      p[1] = points[2 * i + 1]!;
      acc += query(p)?.g ?? -1;
    }
    out[b] = Number(process.hrtime.bigint() - t0) / BATCH;
  }
  sink ^= acc;
  return out.sort();
}

interface Side {
  buildMs: number;
  /** Process CPU time of the fastest build (main thread plus GC helper threads). */
  buildCpuMs: number;
  /** GC pauses during the fastest build. */
  buildGcMs: number;
  /** Typed-array bytes (GridIndex only). */
  typedBytes: number | null;
  /** Heap + array buffers still held after build and a full GC. */
  retainedBytes: number;
  rate: Rate;
  p50: number;
  p99: number;
}

interface Result {
  name: string;
  groups: number;
  verticesPerGroup: number;
  grid: Side;
  wp: Side;
  cells: CellStats;
  /** Interior points answered with another group: GridIndex, which-polygon. */
  interiorMisses: [number, number];
  /** Random points where the two disagree. */
  randomDisagreements: number;
}

/** Builds RUNS times (fastest time, the last one kept), measuring GC pauses and retained memory. */
async function timedBuilds<T>(build: () => T): Promise<{ value: T; ms: number; cpuMs: number; gcMs: number; retained: number }> {
  const runs: { ms: number; cpuMs: number; gcMs: number }[] = [];
  let value: T | null = null;
  let retained = 0;
  for (let r = 0; r < RUNS; r++) {
    value = null;
    const before = await settledHeapBytes();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = build();
    const t1 = performance.now();
    const cpu = process.cpuUsage(c0);
    runs.push({ ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, gcMs: await gcMsBetween(t0, t1) });
    retained = (await settledHeapBytes()) - before;
  }
  // The fastest build: on a shared machine the others mostly measure the neighbours.
  const best = [...runs].sort((a, b) => a.ms - b.ms)[0]!;
  if (value === null) throw new Error('nothing built');
  return { value, ms: best.ms, cpuMs: best.cpuMs, gcMs: best.gcMs, retained };
}

async function measure(input: Input): Promise<Result> {
  const { points, groups, interior } = input;
  const built = await timedBuilds(() => GridIndex.build(input.features));
  const index = built.value;
  timeGridIndex(index, points, Math.min(POINTS, 100_000)); // warm-up
  const gridRates = Array.from({ length: RUNS }, () => timeGridIndex(index, points, POINTS));
  const gridLatency = latencyGridIndex(index, points, POINTS);

  // which-polygon on the group polygons, property g = the same group index.
  const collection = {
    type: 'FeatureCollection' as const,
    features: groups.map((f, g) => ({ type: 'Feature' as const, geometry: f.geometry, properties: { g } })),
  };
  const wpBuilt = await timedBuilds(() => whichPolygon(collection));
  const query = wpBuilt.value;
  timeWhichPolygon(query, points, Math.min(WP_POINTS, 20_000)); // warm-up
  const wpRates = Array.from({ length: RUNS }, () => timeWhichPolygon(query, points, WP_POINTS));
  const wpLatency = latencyWhichPolygon(query, points, WP_POINTS);

  // Agreement: every group's interior point, then the random points.
  const interiorMisses: [number, number] = [0, 0];
  for (let g = 0; g < groups.length; g++) {
    const x = interior[2 * g]!;
    const y = interior[2 * g + 1]!;
    if (index.locateGroupIndex(x, y) !== g) interiorMisses[0]++;
    if ((query([x, y])?.g ?? -1) !== g) interiorMisses[1]++;
  }
  let randomDisagreements = 0;
  for (let i = 0; i < WP_POINTS; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (index.locateGroupIndex(x, y) !== (query([x, y])?.g ?? -1)) randomDisagreements++;
  }

  const vertices = groups.reduce(
    (n, f) => n + (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).reduce((m, part) => m + part[0]!.length - 1, 0),
    0,
  );
  const bestRate = (rates: Rate[]): Rate => ({ wall: Math.max(...rates.map((r) => r.wall)), cpu: Math.max(...rates.map((r) => r.cpu)) });
  return {
    name: input.name,
    groups: groups.length,
    verticesPerGroup: vertices / groups.length,
    grid: {
      buildMs: built.ms,
      buildCpuMs: built.cpuMs,
      buildGcMs: built.gcMs,
      typedBytes: index.byteLength,
      retainedBytes: built.retained,
      rate: bestRate(gridRates),
      p50: quantile(gridLatency, 0.5),
      p99: quantile(gridLatency, 0.99),
    },
    wp: {
      buildMs: wpBuilt.ms,
      buildCpuMs: wpBuilt.cpuMs,
      buildGcMs: wpBuilt.gcMs,
      typedBytes: null,
      retainedBytes: wpBuilt.retained,
      rate: bestRate(wpRates),
      p50: quantile(wpLatency, 0.5),
      p99: quantile(wpLatency, 0.99),
    },
    cells: index.cellStats,
    interiorMisses,
    randomDisagreements,
  };
}

function report(results: Result[], load: [number[], number[]]): string {
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${process.platform}/${process.arch}`;
  const date = new Date().toISOString().slice(0, 10);
  const loads = load.map((l) => l.map((v) => v.toFixed(1)).join(' / ')).join(' at the start, ');
  const rate = (r: Rate): string => `${formatRate(r.wall)} (CPU ${formatRate(r.cpu)})`;
  const build = (s: Side): string => `${formatMs(s.buildMs)} (CPU ${formatMs(s.buildCpuMs)}${s.buildGcMs >= 1 ? `, GC ${formatMs(s.buildGcMs)}` : ''})`;
  const main = table(
    ['grid', 'groups', 'vertices/group', 'GridIndex lookups/s', 'p50', 'p99', 'build', 'memory', 'which-polygon lookups/s', 'p50', 'p99', 'build', 'memory', 'speed-up'],
    results.map((r) => [
      r.name,
      r.groups.toLocaleString('en-US'),
      r.verticesPerGroup.toFixed(0),
      rate(r.grid.rate),
      formatNs(r.grid.p50),
      formatNs(r.grid.p99),
      build(r.grid),
      `${formatMB(r.grid.typedBytes ?? 0)} typed, ${formatMB(r.grid.retainedBytes)} retained`,
      rate(r.wp.rate),
      formatNs(r.wp.p50),
      formatNs(r.wp.p99),
      build(r.wp),
      `${formatMB(r.wp.retainedBytes)} retained`,
      `${(r.grid.rate.wall / r.wp.rate.wall).toFixed(1)}×`,
    ]),
  );
  const checks = table(
    ['grid', 'cells', 'wholly inside a group', 'covered boundary cells', 'polygons to test per boundary cell (max)', 'interior points misrouted (GridIndex / which-polygon)', 'random points where they disagree'],
    results.map((r) => [
      r.name,
      r.cells.cells.toLocaleString('en-US'),
      `${((100 * r.cells.inside) / r.cells.cells).toFixed(1)} %`,
      `${((100 * r.cells.covered) / Math.max(1, r.cells.boundary)).toFixed(1)} %`,
      r.cells.testsPerBoundaryCell.toFixed(2),
      `${r.interiorMisses[0]} / ${r.interiorMisses[1]}`,
      `${r.randomDisagreements} of ${WP_POINTS.toLocaleString('en-US')}`,
    ]),
  );
  const big = results.find((r) => r.name === '400k');
  const check = (ok: boolean): string => (ok ? '✓' : '✗');
  const verdict = big
    ? `Targets at 400k groups: ≥ 1.5 M lookups/s → ${formatRate(big.grid.rate.wall)} ${check(big.grid.rate.wall >= 1.5e6)} ` +
      `(per CPU-second ${formatRate(big.grid.rate.cpu)} ${check(big.grid.rate.cpu >= 1.5e6)}); ` +
      `p99 ≤ 3 µs → ${formatNs(big.grid.p99)} ${check(big.grid.p99 <= 3000)}; ` +
      `build ≤ 1 s → ${formatMs(big.grid.buildMs)} ${check(big.grid.buildMs <= 1000)}; ` +
      `index ≤ 100 MB → ${formatMB(big.grid.typedBytes ?? 0)} of typed arrays ${check((big.grid.typedBytes ?? 0) <= 100e6)}, ` +
      `${formatMB(big.grid.retainedBytes)} retained with the chain tables ${check(big.grid.retainedBytes <= 100e6)}; ` +
      `≥ 5× which-polygon → ${(big.grid.rate.wall / big.wp.rate.wall).toFixed(1)}× ${check(big.grid.rate.wall >= 5 * big.wp.rate.wall)}.`
    : 'Quick run (`--quick`): the 400k grid was skipped, so the targets are not evaluated.';
  return [
    `Machine: ${machine}; load average (1/5/15 min) ${loads} at the end. Date: ${date}. ${quick ? 'Quick run.' : 'Full run.'}`,
    '',
    'Synthetic nested grids (test/bench/synthetic-grid.ts): a jittered quad lattice whose edges are split and wiggled ' +
      '(non-convex groups) and shared bit-identically by both neighbours; villages of 4×3 groups, townships of 8×8 villages. ' +
      `${POINTS.toLocaleString('en-US')} uniformly random points in the bbox for GridIndex, the first ${WP_POINTS.toLocaleString('en-US')} ` +
      `of them for which-polygon (slower). lookups/s is the best of ${RUNS} passes over wall-clock time, with lookups per ` +
      'CPU-second of the process beside it; p50/p99 are per lookup, from batches of 64. Build is the fastest of ' +
      `${RUNS} builds from GeoJSON features (GridIndex also links the group → village → township → county chains; chain objects are made per lookup); GC is the pause time ` +
      'inside it, which grows with the caller\'s heap (here the generated GeoJSON). Memory: bytes of GridIndex\'s typed ' +
      'arrays, and what stays on the heap after build and a full GC (chain tables included; the input features are the caller\'s).',
    '',
    'GridIndex (shared/routing/grid-index.ts): one uniform cell grid per county, about 4 cells per polygon, each cell a ' +
      '16-byte record: the owner when the cell lies inside one polygon, else up to 4 candidate polygons (offsets of their ' +
      'coordinates, the one holding the cell centre first; when the candidates cover the cell the last is never tested). ' +
      'Coordinates are flat Float64Arrays; the point-in-polygon test uses exact orientation predicates. which-polygon: ' +
      'an rbush R-tree over polygon bboxes, then a ray-casting test on GeoJSON arrays.',
    '',
    main,
    '',
    checks,
    '',
    verdict,
  ].join('\n');
}

const loadAtStart = loadavg();
const inputs: [string, () => Input | null][] = [
  ['2k', () => syntheticInput('2k', 45, 44, 2, 20_240_601)],
  ['50k', () => syntheticInput('50k', 224, 223, 2, 20_240_602)],
  ...(quick ? [] : [['400k', () => syntheticInput('400k', 633, 632, 2, 20_240_603)] as [string, () => Input]]),
  ['50kx40', () => syntheticInput('50k × 40 vertices', 224, 223, 10, 20_240_604)],
  ['real', realInput],
];
if (only) {
  const unknown = [...only].filter((name) => !inputs.some(([key]) => key === name));
  if (unknown.length > 0) throw new Error(`--only: unknown rows ${unknown.join(', ')} (known: ${inputs.map(([key]) => key).join(', ')})`);
}
const results: Result[] = [];
for (const [key, make] of inputs) {
  if (only && !only.has(key)) continue;
  const t0 = performance.now();
  const input = make();
  if (!input) continue;
  const r = await measure(input);
  results.push(r);
  console.log(
    `${r.name}: GridIndex ${formatRate(r.grid.rate.wall)} (CPU ${formatRate(r.grid.rate.cpu)}) p50 ${formatNs(r.grid.p50)} p99 ${formatNs(r.grid.p99)} ` +
      `build ${formatMs(r.grid.buildMs)} (CPU ${formatMs(r.grid.buildCpuMs)}, GC ${formatMs(r.grid.buildGcMs)}) ${formatMB(r.grid.typedBytes ?? 0)} (${formatMB(r.grid.retainedBytes)} retained) | ` +
      `which-polygon ${formatRate(r.wp.rate.wall)} p99 ${formatNs(r.wp.p99)} build ${formatMs(r.wp.buildMs)} (CPU ${formatMs(r.wp.buildCpuMs)}) | ` +
      `misses ${r.interiorMisses.join('/')} disagreements ${r.randomDisagreements} (${formatMs(performance.now() - t0)})`,
  );
}
const body = report(results, [loadAtStart, loadavg()]);
if (!noWrite) writeSection(fileURLToPath(new URL('BENCHMARKS.md', ROOT)), '## Routing lookup (npm run bench:route)', body);
console.log(`\n${body}\n\n(sink ${sink})${noWrite ? '\n(BENCHMARKS.md not written)' : ''}`);
const failures = results.reduce((n, r) => n + r.interiorMisses[0] + r.interiorMisses[1] + r.randomDisagreements, 0);
if (failures > 0) {
  console.error(`GridIndex and which-polygon disagree on ${failures} points`);
  process.exitCode = 1;
}
