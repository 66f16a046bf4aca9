import { describe, expect, it } from 'vitest';
import { bboxesTouch, MAX_LIMIT, parseBbox, parseDatetime, parseLimit, parseOffset } from './ogc-params.ts';

describe('OGC query parameters', () => {
  it('parses 4- and 6-value bboxes and refuses malformed ones', () => {
    expect(parseBbox('115.1,36,115.2,36.1')).toEqual({ ok: true, value: [115.1, 36, 115.2, 36.1] });
    expect(parseBbox('115.1,36,0,115.2,36.1,100')).toEqual({ ok: true, value: [115.1, 36, 115.2, 36.1] });
    for (const bad of ['1,2,3', '1,2,3,4,5', 'a,2,3,4', '1,,3,4', '0,50,1,40', '-181,0,0,1', '0,-91,1,0']) {
      expect(parseBbox(bad).ok, bad).toBe(false);
    }
  });

  it('parses instants, dates and open or closed intervals as half-open windows', () => {
    const t = Date.parse('2025-03-01T08:00:00Z');
    expect(parseDatetime('2025-03-01T08:00:00Z')).toEqual({ ok: true, value: { start: t, end: t + 1 } });
    expect(parseDatetime('2025-03-01T16:00:00+08:00')).toEqual({ ok: true, value: { start: t, end: t + 1 } });
    const day = Date.parse('2025-03-01T00:00:00Z');
    expect(parseDatetime('2025-03-01')).toEqual({ ok: true, value: { start: day, end: day + 86_400_000 } });
    expect(parseDatetime('../2025-03-01T08:00:00Z')).toEqual({ ok: true, value: { start: null, end: t + 1 } });
    expect(parseDatetime('2025-03-01T08:00:00Z/..')).toEqual({ ok: true, value: { start: t, end: null } });
    expect(parseDatetime('2025-03-01T08:00:00Z/')).toEqual({ ok: true, value: { start: t, end: null } });
    for (const bad of ['../..', 'yesterday', '2025-02-30', '2025-03-01T08:00:00', '2025-03-02/2025-03-01', 'a/b/c']) {
      expect(parseDatetime(bad).ok, bad).toBe(false);
    }
  });

  it('clamps limit to the maximum and refuses non-positive or non-numeric values', () => {
    expect(parseLimit(undefined)).toEqual({ ok: true, value: 100 });
    expect(parseLimit('7')).toEqual({ ok: true, value: 7 });
    expect(parseLimit('999999')).toEqual({ ok: true, value: MAX_LIMIT });
    for (const bad of ['0', '-1', '1.5', 'ten', '']) expect(parseLimit(bad).ok, bad).toBe(false);
    expect(parseOffset('20')).toEqual({ ok: true, value: 20 });
    expect(parseOffset('-1').ok).toBe(false);
  });

  it('tests extents against boxes, including boxes across the antimeridian', () => {
    expect(bboxesTouch([1, 1, 2, 2], [1.5, 1.5, 3, 3])).toBe(true);
    expect(bboxesTouch([1, 1, 2, 2], [2.1, 1, 3, 2])).toBe(false);
    expect(bboxesTouch([1, 1, 2, 2], [1, 2.1, 2, 3])).toBe(false);
    expect(bboxesTouch([179, 0, 179.5, 1], [170, 0, -170, 1])).toBe(true);
    expect(bboxesTouch([-175, 0, -174, 1], [170, 0, -170, 1])).toBe(true);
    expect(bboxesTouch([0, 0, 1, 1], [170, 0, -170, 1])).toBe(false);
  });
});
