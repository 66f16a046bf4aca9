/**
 * Snapping children onto one vertex set. Neighbouring cells clip the same boundary
 * crossing separately; after rounding the two copies can differ by one grid unit.
 * Points within one unit (8-neighbourhood) are clustered; a cluster that touches the
 * parent's vertices snaps to the nearest of them (the parent boundary is final and
 * shared with other parents), otherwise to its smallest point, so the result does not
 * depend on iteration order.
 */
import { ptKey, type MPoly, type Pt } from './int-geometry.ts';
import { cleanMPoly } from './ring-clean.ts';

function compare(a: Pt, b: Pt): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function snapChildren(parent: MPoly, children: MPoly[]): MPoly[] {
  const parentPts = new Map<string, Pt>();
  for (const poly of parent) for (const ring of poly) for (const p of ring) parentPts.set(ptKey(p), p);
  const childPts = new Map<string, Pt>();
  for (const child of children) {
    for (const poly of child) for (const ring of poly) for (const p of ring) {
      const k = ptKey(p);
      if (!parentPts.has(k)) childPts.set(k, p);
    }
  }

  // Union-find over child-only points and the parent points they touch.
  const up = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (up.get(r) !== r) r = up.get(r) as string;
    let c = k;
    while (c !== r) {
      const next = up.get(c) as string;
      up.set(c, r);
      c = next;
    }
    return r;
  };
  const add = (k: string) => {
    if (!up.has(k)) up.set(k, k);
  };
  for (const [k, p] of childPts) {
    add(k);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        if (dx === 0 && dy === 0) continue;
        const nk = `${p[0] + dx},${p[1] + dy}`;
        if (childPts.has(nk) || parentPts.has(nk)) {
          add(nk);
          const a = find(k);
          const b = find(nk);
          if (a !== b) up.set(a, b);
        }
      }
    }
  }
  const clusters = new Map<string, Pt[]>();
  for (const k of up.keys()) {
    const root = find(k);
    const p = childPts.get(k) ?? parentPts.get(k);
    if (!p) continue;
    const list = clusters.get(root);
    if (list) list.push(p);
    else clusters.set(root, [p]);
  }

  const target = new Map<string, Pt>();
  for (const members of clusters.values()) {
    if (members.length < 2) continue;
    const anchors = members.filter((p) => parentPts.has(ptKey(p))).sort(compare);
    const fallback = members.slice().sort(compare)[0] as Pt;
    for (const p of members) {
      const k = ptKey(p);
      if (parentPts.has(k)) continue;
      let best = fallback;
      let bestD = Infinity;
      for (const a of anchors) {
        const d = (a[0] - p[0]) ** 2 + (a[1] - p[1]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = a;
        }
      }
      target.set(k, best);
    }
  }

  return children.map((child) =>
    cleanMPoly(child.map((poly) => poly.map((ring) => ring.map((p) => target.get(ptKey(p)) ?? p)))),
  );
}
