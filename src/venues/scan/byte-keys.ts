/**
 * `stringKey` (src/units/string-keys.ts) computed from a frame's bytes, so an order or execution
 * id becomes the same integer the reference path computes from the decoded string, without the
 * string. ASCII content hashes byte by byte (a byte is the UTF-16 code unit); content with a
 * backslash or a non-ASCII byte is decoded and hashed by `stringKey` itself (allocates; ids are
 * ASCII in practice). A key made of parts (`<instId>:<tradeId>`) is hashed part by part: the
 * FNV state lives in `KEY_STATE`, never in a boxed field.
 *
 * The key goes into `KEY[0]` (a 53-bit value would be boxed if returned).
 */
import { stringKey } from '../../units/string-keys.js';
import { decodeString } from './json-cursor.js';
import { isPlainAt } from './json-validate.js';

export const KEY = new Float64Array(1);
const KEY_STATE = new Int32Array(2);
/** Set when a part could not be hashed from bytes: the caller builds the string instead. */
let keySlow = false;

/** @hot True when the string [s, e) (quotes included) of the last checked text is pure ASCII without escapes. */
export function isPlainAscii(_b: Uint8Array, s: number, _e: number): boolean {
  return isPlainAt(s);
}

/** @hot KEY[0] = stringKey of the string [s, e) (quotes included). */
export function keyOfString(b: Uint8Array, s: number, e: number): void {
  if (!isPlainAscii(b, s, e)) {
    KEY[0] = stringKey(decodeString(b, s, e));
    return;
  }
  const cs = s + 1;
  const ce = e - 1;
  const len = ce - cs;
  // canonical decimal numbers map to themselves: /^(0|[1-9]\d{0,14})$/
  if (len >= 1 && len <= 15 && (b[cs] !== 0x30 || len === 1)) {
    let v = 0;
    let p = cs;
    for (; p < ce; p++) {
      const c = b[p]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
    }
    if (p === ce) {
      KEY[0] = v;
      return;
    }
  }
  keyBegin();
  keyBytes(b, cs, ce);
  keyEnd();
}

/** @hot Starts a key hashed from parts (never a canonical number: parts are joined by a non-digit). */
export function keyBegin(): void {
  KEY_STATE[0] = 0x811c9dc5 | 0;
  KEY_STATE[1] = (0x01000193 ^ 0x5bd1e995) | 0;
  keySlow = false;
}

/** @hot Adds ASCII bytes b[cs, ce) to the key. */
export function keyBytes(b: Uint8Array, cs: number, ce: number): void {
  let a = KEY_STATE[0]!;
  let h = KEY_STATE[1]!;
  for (let p = cs; p < ce; p++) {
    const c = b[p]!;
    a = Math.imul(a ^ c, 0x01000193);
    h = Math.imul(h ^ c, 0x5bd1e995);
    h ^= h >>> 15;
  }
  KEY_STATE[0] = a;
  KEY_STATE[1] = h;
}

/** @hot Adds one ASCII character to the key. */
export function keyChar(c: number): void {
  let a = KEY_STATE[0]!;
  let h = KEY_STATE[1]!;
  a = Math.imul(a ^ c, 0x01000193);
  h = Math.imul(h ^ c, 0x5bd1e995);
  h ^= h >>> 15;
  KEY_STATE[0] = a;
  KEY_STATE[1] = h;
}

/** @hot Adds the string [s, e) (quotes included); marks the key slow when it is not plain ASCII. */
export function keyString(b: Uint8Array, s: number, e: number): void {
  if (!isPlainAscii(b, s, e)) keySlow = true;
  else keyBytes(b, s + 1, e - 1);
}

/** @hot True when a part could not be hashed from bytes (the caller hashes the joined string). */
export function keyIsSlow(): boolean {
  return keySlow;
}

/** @hot KEY[0] = the finished key (stringKey's final mix). */
export function keyEnd(): void {
  const a = KEY_STATE[0]!;
  const h = KEY_STATE[1]!;
  KEY[0] = ((h >>> 12) | 0x100000) * 4294967296 + (a >>> 0);
}

const DIGITS = new Uint8Array(20);

/** @hot KEY[0] = stringKey(String(v)) of a safe integer v >= 0 (ids sent as JSON numbers). */
export function keyOfInteger(v: number): void {
  if (v < 1e15) {
    KEY[0] = v === 0 ? 0 : v; // canonical digits map to themselves (no -0)
    return;
  }
  keyBegin();
  keyInteger(v);
  keyEnd();
}

/** @hot Adds the decimal digits of a safe integer v >= 0 (`String(v)`) to the key. */
export function keyInteger(v: number): void {
  let n = 0;
  do {
    const q = Math.floor(v / 10);
    DIGITS[n++] = 0x30 + (v - q * 10);
    v = q;
  } while (v > 0);
  for (let i = n - 1; i >= 0; i--) keyChar(DIGITS[i]!);
}
