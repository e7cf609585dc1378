/**
 * Pass two of the byte decoders: reading fields out of a frame that `isJsonText` already
 * accepted (it must be the text checked last: value ends come from its end table, `valueEnd`),
 * so nothing here checks syntax again or walks over a value to find where it ends. Positions are byte indices into the frame;
 * a value is named by its first byte, a string by the index of its opening quote and the index
 * after its closing quote.
 *
 * `FieldTable` reads one object: for each key of its `ByteNames` it records where the value
 * starts and ends; every other member is skipped without being looked at (the last of duplicate
 * keys wins, as in `JSON.parse`). Members and elements are reached through the links the check
 * recorded (`firstChild`, `nextLink`), never by skipping whitespace and separators again. All
 * @hot and allocation-free except `decodeString`.
 */
import type { ByteNames } from './byte-names.js';
import { END_MASK, ESCAPED_FLAG, firstChild, isEscaped, linkTable, nextLink, skipWs, valueEnd } from './json-validate.js';

/** What a value is, from its first byte. */
export const JsonType = { STRING: 1, NUMBER: 2, OBJECT: 3, ARRAY: 4, TRUE: 5, FALSE: 6, NULL: 7 } as const;

/** @hot The type of the (valid) value starting at `p`. */
export function typeAt(b: Uint8Array, p: number): number {
  const c = b[p]!;
  if (c === 0x22) return JsonType.STRING;
  if (c === 0x7b) return JsonType.OBJECT;
  if (c === 0x5b) return JsonType.ARRAY;
  if (c === 0x74) return JsonType.TRUE;
  if (c === 0x66) return JsonType.FALSE;
  if (c === 0x6e) return JsonType.NULL;
  return JsonType.NUMBER;
}

/** @hot `b[p]` is the opening quote of a string (or key) of the last checked text: index after its closing quote. */
export function stringEnd(_b: Uint8Array, p: number): number {
  return valueEnd(p);
}

/** @hot Index after the value starting at `p` of the last checked text. */
export function skipValue(_b: Uint8Array, p: number, _end: number): number {
  return valueEnd(p);
}

/** @hot `b[p]` is `[` of the last checked text: the first element's index, or -1 when the array is empty. */
export function firstElement(_b: Uint8Array, p: number, _end: number): number {
  return firstChild(p);
}

/** @hot `q` is the start of an element of the last checked text: the next element's start, or -1 after the last. */
export function elementAfter(q: number): number {
  return nextLink(q);
}

/** @hot `q` is just after an element: the next element's index, or -1 at the closing `]`. */
export function nextElement(b: Uint8Array, q: number, end: number): number {
  q = skipWs(b, q, end);
  return b[q] === 0x2c ? skipWs(b, q + 1, end) : -1;
}

/** @hot True when the string [s, e) (quotes included) of the last checked text holds a backslash. */
export function hasEscape(_b: Uint8Array, s: number, _e: number): boolean {
  return isEscaped(s);
}

export { decodeString, textOf } from './json-text.js';

/**
 * The wanted members of one object: `start[k]` / `end[k]` bound the value of key `k` of `keys`
 * (start -1: absent). Reused for every object of its kind; `read` resets it.
 */
export class FieldTable {
  readonly start: Int32Array;
  readonly end: Int32Array;

  constructor(readonly keys: ByteNames) {
    this.start = new Int32Array(keys.size).fill(-1);
    this.end = new Int32Array(keys.size);
  }

  /**
   * @hot Reads the object at `p` (`b[p]` is `{`) of the last checked text; returns the index
   * after it. Walks the member links the check recorded: one key match per member, no byte of a
   * skipped value looked at.
   */
  read(b: Uint8Array, p: number, _end: number): number {
    const start = this.start;
    const ends = this.end;
    const keys = this.keys;
    const t = linkTable();
    for (let i = 0; i < start.length; i++) start[i] = -1;
    for (let q = t[3 * p + 2]!; q >= 0;) {
      const ke = t[3 * q]!;
      const k = (ke & ESCAPED_FLAG) !== 0 ? keys.match(b, q + 1, (ke & END_MASK) - 1) : keys.matchRaw(b, q + 1, (ke & END_MASK) - 1);
      const v = t[3 * q + 1]!;
      if (k >= 0) {
        start[k] = v;
        ends[k] = t[3 * v]! & END_MASK;
      }
      q = t[3 * v + 1]!;
    }
    return t[3 * p]! & END_MASK;
  }

  /** @hot Whether key `k` is present. */
  has(k: number): boolean {
    return this.start[k]! >= 0;
  }

  /** @hot The type of key `k`'s value, 0 when absent. */
  type(b: Uint8Array, k: number): number {
    const s = this.start[k]!;
    return s < 0 ? 0 : typeAt(b, s);
  }
}
