/**
 * Sign of the 2-D orientation determinant, exact for every pair of finite doubles.
 *
 * orient(a, b, c) = (ax − cx)(by − cy) − (ay − cy)(bx − cx) is positive when c lies to the left
 * of the directed line a→b. A plain float evaluation can return the wrong sign for points on or
 * within a few ulps of the line, which is exactly where the edge-ownership rule of the point
 * locator must not wobble. So: a cheap float filter (Shewchuk's error bound) decides almost every
 * call, and only undecided calls fall back to exact integer arithmetic on BigInt.
 */

const EPSILON = 2 ** -53;
/** Shewchuk's bound on the float error of the determinant, relative to |detleft| + |detright|. */
const CCW_ERRBOUND_A = (3 + 16 * EPSILON) * EPSILON;

/** True when c is strictly left of a→b (orient > 0), exact. */
export function isStrictlyLeft(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  let detSum: number;
  // The signs of the two products are exact (a rounded difference keeps its sign), so when they
  // differ, or one is zero, the sign of det is already certain.
  if (detLeft > 0) {
    if (detRight <= 0) return det > 0;
    detSum = detLeft + detRight;
  } else if (detLeft < 0) {
    if (detRight >= 0) return det > 0;
    detSum = -detLeft - detRight;
  } else {
    return det > 0;
  }
  const bound = CCW_ERRBOUND_A * detSum;
  if (det >= bound || -det >= bound) return det > 0;
  return orientSignExact(ax, ay, bx, by, cx, cy) > 0;
}

/** Exact sign (−1, 0, 1) of orient(a, b, c); slow (BigInt), for the rare undecided cases and for tests. */
export function orientSignExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): -1 | 0 | 1 {
  const X = scaled(cx);
  const Y = scaled(cy);
  const det = (scaled(ax) - X) * (scaled(by) - Y) - (scaled(ay) - Y) * (scaled(bx) - X);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** x · 2^1074 as an exact integer: every finite double is an integer multiple of 2^-1074. */
function scaled(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`orientSignExact: non-finite coordinate ${x}`);
  F64[0] = x;
  const bits = U64[0] ?? 0n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let magnitude = bits & 0xfffffffffffffn;
  // Normal numbers: value = (2^52 + fraction) · 2^(exponent − 1075); subnormals: fraction · 2^-1074.
  if (exponent !== 0) magnitude = (magnitude | 0x10000000000000n) << BigInt(exponent - 1);
  return bits >> 63n ? -magnitude : magnitude;
}
