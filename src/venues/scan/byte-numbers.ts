/**
 * Numbers read from a frame's bytes exactly as the reference decoders read them from the parsed
 * value: decimal strings by the grammar and limits of `parseDecimal` (src/units/decimal-lots.ts),
 * JSON numbers as `JSON.parse` rounds them, quantities divided into whole lots by `toLots`.
 *
 * Fast path (allocation-free): up to 15 significant digits and small exponents, where a double
 * holds every intermediate exactly (mantissa < 2^53; a value is `M * 10^E` or `M / 10^-E`
 * with |E| <= 22, one correctly rounded operation, as Clinger's fast path), and where a JSON
 * number's shortest decimal form (`String(n)`, what `toLots` reads) denotes the same decimal
 * as its text. Everything else (more digits, large exponents, escapes) returns `SLOW`: the
 * caller then materialises the text and asks the reference function, so a rare frame costs an
 * allocation but never reads differently.
 *
 * Results go into `NUM` cells, never returned as doubles (a returned double is boxed).
 */

export const Num = { OK: 0, INVALID: 1, SLOW: 2, NOT_WHOLE: 3, NEGATIVE: 4 } as const;

/**
 * Scratch cells: `[M]` the significant digits as an integer (trailing zeros stripped), `[E]` its
 * power of ten, `[SIGN]` 1 or -1, `[VALUE]` the number (a double), `[LOTS]` a lot count.
 */
export const NUM = new Float64Array(5);
export const M = 0;
export const E = 1;
export const SIGN = 2;
export const VALUE = 3;
export const LOTS = 4;

const POW10 = new Float64Array(23);
for (let i = 0; i <= 22; i++) POW10[i] = 10 ** i;
const TWO_53 = 2 ** 53;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * @hot Digits, optional fraction, optional exponent from `p` (sign already consumed) up to `ce`,
 * into NUM[M], NUM[E]. `strictFraction`: a fraction needs a digit after the point (both grammars
 * do). Returns OK, INVALID (not the grammar) or SLOW (too many digits for the fast path). For a
 * decimal string, also checks `parseDecimal`'s scale limit (|fraction digits - exponent| <= 60).
 */
function digits(b: Uint8Array, p: number, ce: number, scaleLimit: boolean): number {
  let m = 0;
  let sig = 0;
  let zeros = 0;
  let fracLen = 0;
  let any = false;
  for (; p < ce && isDigit(b[p]!); p++) {
    any = true;
    const d = b[p]! - 0x30;
    if (d === 0) {
      if (sig > 0) zeros++;
    } else {
      sig += zeros + 1;
      if (sig > 15) return Num.SLOW;
      m = m * POW10[zeros + 1]! + d;
      zeros = 0;
    }
  }
  if (!any) return Num.INVALID;
  if (p < ce && b[p] === 0x2e) {
    p++;
    const f0 = p;
    for (; p < ce && isDigit(b[p]!); p++) {
      const d = b[p]! - 0x30;
      if (d === 0) {
        if (sig > 0) zeros++;
      } else {
        sig += zeros + 1;
        if (sig > 15) return Num.SLOW;
        m = m * POW10[zeros + 1]! + d;
        zeros = 0;
      }
    }
    fracLen = p - f0;
    if (fracLen === 0) return Num.INVALID;
  }
  let exp = 0;
  if (p < ce && (b[p] === 0x65 || b[p] === 0x45)) {
    p++;
    let neg = false;
    if (p < ce && (b[p] === 0x2b || b[p] === 0x2d)) neg = b[p++] === 0x2d;
    const e0 = p;
    for (; p < ce && isDigit(b[p]!); p++) exp = exp * 10 + (b[p]! - 0x30);
    if (p === e0) return Num.INVALID;
    if (p - e0 > 6) return Num.SLOW;
    if (neg) exp = -exp;
  }
  if (p !== ce) return Num.INVALID;
  if (scaleLimit) {
    const scale = fracLen - exp;
    if (scale < -60 || scale > 60) return Num.INVALID;
  }
  NUM[M] = m;
  NUM[E] = m === 0 ? 0 : zeros - fracLen + exp;
  return Num.OK;
}

/**
 * @hot A decimal string's content `b[cs, ce)` (no escapes) by `parseDecimal`'s grammar:
 * `[+-]?\d+(\.\d+)?([eE][+-]?\d+)?`, 1..64 characters, scale within +-60.
 */
export function scanDecimal(b: Uint8Array, cs: number, ce: number): number {
  const len = ce - cs;
  if (len === 0 || len > 64) return Num.INVALID;
  let p = cs;
  let sign = 1;
  if (b[p] === 0x2b) p++;
  else if (b[p] === 0x2d) {
    sign = -1;
    p++;
  }
  NUM[SIGN] = sign;
  return digits(b, p, ce, true);
}

/** @hot A valid JSON number `b[s, e)` into NUM[M], NUM[E], NUM[SIGN]: OK or SLOW. */
export function scanJsonNumber(b: Uint8Array, s: number, e: number): number {
  let p = s;
  let sign = 1;
  if (b[p] === 0x2d) {
    sign = -1;
    p++;
  }
  NUM[SIGN] = sign;
  return digits(b, p, e, false);
}

/** @hot NUM[VALUE] from the scanned NUM[M], NUM[E], NUM[SIGN]: OK, or SLOW when not on the fast path. */
export function valueOfScan(): number {
  const m = NUM[M]!;
  const e = NUM[E]!;
  let v: number;
  if (m === 0) v = 0;
  else if (e >= 0 && e <= 22) v = m * POW10[e]!;
  else if (e < 0 && e >= -22) v = m / POW10[-e]!;
  else return Num.SLOW;
  NUM[VALUE] = NUM[SIGN]! < 0 ? -v : v;
  return Num.OK;
}

/**
 * @hot NUM[LOTS] = the scanned quantity / (lotUnits * 10^lotExp), lotUnits without trailing zeros:
 * OK, NOT_WHOLE, or SLOW (numerator beyond 2^53, or an exponent off the fast path). `numeric`:
 * the quantity was a JSON number (read by `toLots` through `String(n)`): fast only for |E| <= 22.
 */
export function lotsOfScan(lotUnits: number, lotExp: number, numeric: boolean): number {
  const m = NUM[M]!;
  if (m === 0) {
    NUM[LOTS] = 0;
    return Num.OK;
  }
  const e = NUM[E]!;
  if (numeric && (e > 22 || e < -22)) return Num.SLOW;
  const k = e - lotExp;
  if (k < 0) return Num.NOT_WHOLE; // m has no trailing zero: 10^-k never divides it
  if (k > 22) return Num.SLOW;
  const num = m * POW10[k]!;
  if (num >= TWO_53) return Num.SLOW;
  if (num % lotUnits !== 0) return Num.NOT_WHOLE;
  const lots = num / lotUnits;
  NUM[LOTS] = NUM[SIGN]! < 0 ? -lots : lots;
  return Num.OK;
}

/** @hot `b[cs, ce)` is 1..16 ASCII digits (the reference's `^\d{1,16}$`): NUM[VALUE] = its value (rounded above 2^53), OK or INVALID. */
export function scanDigits16(b: Uint8Array, cs: number, ce: number): number {
  const len = ce - cs;
  if (len < 1 || len > 16) return Num.INVALID;
  let v = 0;
  for (let p = cs; p < ce; p++) {
    const c = b[p]!;
    if (!isDigit(c)) return Num.INVALID;
    v = v * 10 + (c - 0x30);
  }
  NUM[VALUE] = v;
  return Num.OK;
}
