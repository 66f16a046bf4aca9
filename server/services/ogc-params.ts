/**
 * Query parameters of OGC API Features Part 1 (Core): bbox, datetime, limit, plus our paging
 * tokens. Parsing is strict because Core requires a 400 for anything it cannot interpret.
 */

/** [west, south, east, north] in CRS84; west > east means the box crosses the antimeridian. */
export type Bbox = [number, number, number, number];

/** Half-open [start, end) in epoch ms; null = unbounded. */
export interface TimeWindow {
  start: number | null;
  end: number | null;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseBbox(raw: string): Parsed<Bbox> {
  const parts = raw.split(',');
  if (parts.length !== 4 && parts.length !== 6) return { ok: false, message: 'bbox: 4 numbers west,south,east,north (or 6 with heights)' };
  if (!parts.every((p) => NUMBER.test(p.trim()))) return { ok: false, message: 'bbox: every value must be a number' };
  const n = parts.map(Number);
  // 6 values: minx,miny,minz,maxx,maxy,maxz — heights are ignored (the data is 2D).
  const [w, s, e, north] = (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as Bbox;
  if ([w, e].some((x) => x < -180 || x > 180) || [s, north].some((y) => y < -90 || y > 90)) {
    return { ok: false, message: 'bbox: longitudes within ±180 and latitudes within ±90 (CRS84)' };
  }
  if (s > north) return { ok: false, message: 'bbox: south must not be greater than north' };
  return { ok: true, value: [w, s, e, north] };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function instant(raw: string): number | null {
  if (DATE_TIME.test(raw)) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? null : ms;
  }
  if (DATE.test(raw)) {
    const ms = Date.parse(`${raw}T00:00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw ? null : ms;
  }
  return null;
}

/**
 * RFC 3339 instant or interval (`a/b`, `../b`, `a/..`, `a/`). A date alone means that whole UTC
 * day; an instant matches exactly that millisecond.
 */
export function parseDatetime(raw: string): Parsed<TimeWindow> {
  const bad = { ok: false as const, message: 'datetime: an RFC 3339 date-time (2024-05-01T08:00:00Z), a date, or an interval start/end with .. for open ends' };
  const pieces = raw.split('/');
  if (pieces.length === 1) {
    const at = instant(raw);
    if (at === null) return bad;
    return { ok: true, value: { start: at, end: at + (DATE.test(raw) ? 86_400_000 : 1) } };
  }
  if (pieces.length !== 2) return bad;
  const [a, b] = pieces as [string, string];
  const open = (p: string) => p === '..' || p === '';
  if (open(a) && open(b)) return bad;
  const start = open(a) ? null : instant(a);
  const endAt = open(b) ? null : instant(b);
  if ((!open(a) && start === null) || (!open(b) && endAt === null)) return bad;
  // The end is inclusive in the spec; a date end covers that whole day.
  const end = endAt === null ? null : endAt + (DATE.test(b) ? 86_400_000 : 1);
  if (start !== null && end !== null && end <= start) return { ok: false, message: 'datetime: the interval ends before it starts' };
  return { ok: true, value: { start, end } };
}

/** Core: a limit above the maximum is not an error, the maximum is used instead. */
export function parseLimit(raw: string | undefined): Parsed<number> {
  if (raw === undefined) return { ok: true, value: DEFAULT_LIMIT };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return { ok: false, message: `limit: a positive integer (at most ${MAX_LIMIT} is used)` };
  return { ok: true, value: Math.min(Number(raw), MAX_LIMIT) };
}

export function parseOffset(raw: string | undefined): Parsed<number> {
  if (raw === undefined) return { ok: true, value: 0 };
  if (!/^\d{1,9}$/.test(raw)) return { ok: false, message: 'offset: a non-negative integer' };
  return { ok: true, value: Number(raw) };
}

/** Does a [w,s,e,n] extent touch the query box (antimeridian-crossing boxes split in two)? */
export function bboxesTouch(extent: Bbox, query: Bbox): boolean {
  const [w, s, e, n] = query;
  if (extent[1] > n || extent[3] < s) return false;
  if (w <= e) return extent[0] <= e && extent[2] >= w;
  return extent[2] >= w || extent[0] <= e;
}
