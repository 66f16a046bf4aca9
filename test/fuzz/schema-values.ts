/**
 * Random request values from the OpenAPI document's JSON Schemas: mostly plausible (so requests get
 * past validation into the services), some hostile (wrong types, prototype keys, huge, deep, broken
 * unicode, formula and path tricks). Seeded, so a failing run can be repeated.
 */
import { mulberry32, type Rng } from '../../data/build/prng.ts';

export type Random = Rng;

/** The data build's seeded PRNG (mulberry32), so fuzz runs repeat like the grid build does. */
export const seeded = mulberry32;

export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Values the server knows (demo counties, townships, ids seen in answers), so requests reach real records. */
export interface KnownValues {
  strings: string[];
}

const HOSTILE: unknown[] = [
  null,
  '',
  ' ',
  '%ZZ',
  '../../etc/passwd',
  '\u0000',
  '\uD800',
  '=HYPERLINK("x")',
  'x'.repeat(5000),
  '１３８１２３４５６７８',
  "'; DROP TABLE incidents; --",
  '<script>alert(1)</script>',
  -1,
  0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  3.5,
  true,
  [],
  {},
  { toString: 1 },
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
  [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]],
  '2026-02-30T25:61:61Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  'NaN',
  '410923',
  '410923000000',
];

export function hostile(r: Random): unknown {
  return pick(r, HOSTILE);
}

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
}

function isoNear(r: Random): string {
  return new Date(Date.now() - Math.floor(r() * 30 * 86_400_000) + (r() < 0.2 ? 86_400_000 : 0)).toISOString();
}

function stringFor(r: Random, s: Schema, known: KnownValues, name: string): string {
  if (s.format === 'date-time' || /(^|[^a-z])(at|from|to|since|until)$/i.test(name)) return isoNear(r);
  if (s.format === 'date') return isoNear(r).slice(0, 10);
  if (s.format === 'uuid' || /id$/i.test(name)) {
    const fromKnown = known.strings.filter((k) => /^[0-9a-f-]{36}$/.test(k));
    if (fromKnown.length > 0 && r() < 0.7) return pick(r, fromKnown);
  }
  if (r() < 0.6 && known.strings.length > 0) return pick(r, known.strings);
  const length = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 24, 1 + Math.floor(r() * 24)));
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789网格执法-_ ';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
}

/** A value for a schema; with probability `mutate` (per node) a hostile value instead. */
export function valueFor(r: Random, schema: unknown, known: KnownValues, mutate: number, name = '', depth = 0): unknown {
  if (r() < mutate) return hostile(r);
  const s = (schema ?? {}) as Schema;
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return pick(r, s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union && union.length > 0) return valueFor(r, pick(r, union), known, mutate, name, depth);
  if (s.allOf && s.allOf.length > 0) return valueFor(r, s.allOf[0], known, mutate, name, depth);
  const type = Array.isArray(s.type) ? pick(r, s.type.filter((t) => t !== 'null').length > 0 ? s.type.filter((t) => t !== 'null') : s.type) : s.type;
  switch (type) {
    case 'string':
      return stringFor(r, s, known, name);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (/lon/i.test(name) ? 110 : /lat/i.test(name) ? 30 : 0);
      const hi = s.maximum ?? (/lon/i.test(name) ? 122 : /lat/i.test(name) ? 40 : 100);
      const v = lo + r() * (hi - lo);
      return type === 'integer' ? Math.floor(v) : v;
    }
    case 'boolean':
      return r() < 0.5;
    case 'array': {
      const n = Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, Math.floor(r() * 4)));
      return depth > 6 ? [] : Array.from({ length: n }, () => valueFor(r, s.items, known, mutate, name, depth + 1));
    }
    case 'object':
    default: {
      if (!s.properties) return type === 'object' ? {} : stringFor(r, s, known, name);
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(s.properties)) {
        if (depth > 6) break;
        if ((s.required ?? []).includes(key) || r() < 0.5) out[key] = valueFor(r, sub, known, mutate, key, depth + 1);
      }
      if (r() < mutate) out[`extra${Math.floor(r() * 9)}`] = hostile(r);
      return out;
    }
  }
}
