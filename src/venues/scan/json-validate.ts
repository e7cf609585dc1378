/**
 * Pass one of the byte decoders: is `b[start, end)` one JSON text, exactly as `JSON.parse` of its
 * UTF-8 decoding would judge it? Strict RFC 8259 / ECMA-404 grammar: JSON whitespace only
 * (space, tab, LF, CR), no trailing content, strings without raw control characters and with
 * valid escapes, numbers `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, the three literals.
 *
 * UTF-8: the feed hands over bytes and the reference decoders see `buffer.toString('utf8')`,
 * which replaces invalid sequences by U+FFFD and never folds an ASCII byte into one. So inside a
 * string any byte >= 0x80 is accepted (valid or replaced, it is a character), and outside a
 * string any byte >= 0x80 is an error (no non-ASCII character is JSON syntax).
 *
 * While it checks, it records where every value (and key) ends: `valueEnd(p)` is the index after
 * the value or key starting at `p` in the text checked last; and how the values are linked:
 * `firstChild(p)` of a container is its first element or first member's key, `nextLink(p)` of a
 * key is its value's start, of an element or member value the next element or next member's key
 * (-1: none). So pass two walks an object's members or an array's elements from link to link,
 * without skipping whitespace or looking at any byte in between.
 *
 * @hot Allocation-free: iterative; the container stack and the end table are module-level arrays
 * that grow (allocating, once) only for nesting deeper than 4096 or frames longer than 64 KiB.
 */

const OBJECT = 1;
const ARRAY = 2;
let stack = new Uint8Array(4096);
/** Opening index of each open container. */
let openAt = new Int32Array(4096);
/** `ends[p]`: index after the value or key starting at byte `p` of the last text checked. */
let ends = new Int32Array(65536);
/** `firsts[p]`: first child of the container opening at `p` (-1: empty). */
let firsts = new Int32Array(65536);
/** `nexts[p]`: value of the key at `p`, or next sibling of the value at `p` (-1: last). */
let nexts = new Int32Array(65536);
/** Per open container: start of its last element or member value so far (-1: none yet). */
let lastAt = new Int32Array(4096);
/** Start of the key `memberKey` read last. */
let keyAt = 0;

/** @hot The first element, or first member's key, of the container starting at `p` (-1: empty); after `isJsonText` accepted it. */
export function firstChild(p: number): number {
  return firsts[p]!;
}

/** @hot The value of the key at `p`, or the sibling after the element or member value at `p` (-1: last); after `isJsonText`. */
export function nextLink(p: number): number {
  return nexts[p]!;
}

/** @hot The index after the value or key starting at `p` (valid after `isJsonText` accepted the text holding it). */
export function valueEnd(p: number): number {
  return ends[p]! & END_MASK;
}

/** @hot The string (or key) starting at `p` holds a backslash escape. */
export function isEscaped(p: number): boolean {
  return (ends[p]! & ESCAPED_FLAG) !== 0;
}

/** @hot The string (or key) starting at `p` is plain ASCII without escapes. */
export function isPlainAt(p: number): boolean {
  return (ends[p]! & (ESCAPED_FLAG | NON_ASCII_FLAG)) === 0;
}

/** Hex digit lookup: 1 for [0-9a-fA-F]. */
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
/** Characters allowed after a backslash (besides `u`). */
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;

/** JSON whitespace (space, LF, CR, tab): 1. */
const WS = new Uint8Array(256);
WS[0x20] = WS[0x0a] = WS[0x0d] = WS[0x09] = 1;
/** ASCII digits: 1. */
const DIGIT = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) DIGIT[c] = 1;

/** @hot Index of the first non-whitespace byte at or after `p` (or `end`). */
export function skipWs(b: Uint8Array, p: number, end: number): number {
  while (p < end && WS[b[p]!] === 1) p++;
  return p;
}

/** Bytes inside a string: 0 plain ASCII, 1 closing quote, 2 backslash, 3 control (invalid), 4 non-ASCII. */
const IN_STRING = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) IN_STRING[c] = 3;
IN_STRING[0x22] = 1;
IN_STRING[0x5c] = 2;
for (let c = 0x80; c < 0x100; c++) IN_STRING[c] = 4;

/** Flags on a string's end in the end table: it holds a backslash escape / a non-ASCII byte. */
export const ESCAPED_FLAG = 0x40000000;
export const NON_ASCII_FLAG = 0x20000000;
const END_MASK = 0x1fffffff;

/**
 * @hot `b[p]` is `"`: index after the closing quote, with ESCAPED_FLAG / NON_ASCII_FLAG set when
 * the string holds an escape / a non-ASCII byte; -1 when the string is invalid or unterminated.
 */
export function checkString(b: Uint8Array, p: number, end: number): number {
  p++;
  let flags = 0;
  for (;;) {
    let k = 0;
    while (p < end && (k = IN_STRING[b[p]!]!) === 0) p++; // the plain run: most of a frame's bytes
    if (p >= end) return -1;
    if (k === 1) return (p + 1) | flags;
    if (k === 4) {
      flags |= NON_ASCII_FLAG;
      p++;
    } else if (k === 3) {
      return -1;
    } else {
      flags |= ESCAPED_FLAG;
      if (p + 1 >= end) return -1;
      const e = b[p + 1]!;
      if (e === 0x75) {
        if (p + 5 >= end || HEX[b[p + 2]!] === 0 || HEX[b[p + 3]!] === 0 || HEX[b[p + 4]!] === 0 || HEX[b[p + 5]!] === 0) return -1;
        p += 6;
      } else {
        if (ESCAPE[e] === 0) return -1;
        p += 2;
      }
    }
  }
}

/** @hot A number starting at `p`: index after it, or -1 when it does not follow the grammar. */
export function checkNumber(b: Uint8Array, p: number, end: number): number {
  if (b[p] === 0x2d) p++;
  if (p >= end) return -1;
  const c = b[p]!;
  if (c === 0x30) p++;
  else if (DIGIT[c] === 1) {
    p++;
    while (p < end && DIGIT[b[p]!] === 1) p++;
  } else return -1;
  if (p < end && b[p] === 0x2e) {
    p++;
    if (p >= end || DIGIT[b[p]!] === 0) return -1;
    p++;
    while (p < end && DIGIT[b[p]!] === 1) p++;
  }
  if (p < end && (b[p]! | 0x20) === 0x65) {
    p++;
    if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) p++;
    if (p >= end || DIGIT[b[p]!] === 0) return -1;
    p++;
    while (p < end && DIGIT[b[p]!] === 1) p++;
  }
  return p;
}

/** A literal whose first byte was matched: its other bytes `c1..c3` (and `c4` unless -1). */
function literal(b: Uint8Array, p: number, end: number, c1: number, c2: number, c3: number, c4: number): number {
  const n = c4 < 0 ? 4 : 5;
  if (p + n > end || b[p + 1] !== c1 || b[p + 2] !== c2 || b[p + 3] !== c3) return -1;
  if (c4 >= 0 && b[p + 4] !== c4) return -1;
  return p + n;
}

/** @hot A scalar or the opening of a container at `p`: index after the scalar (or after the bracket), -1 when invalid. */
function scalar(b: Uint8Array, p: number, end: number, c: number): number {
  if (c === 0x22) return checkString(b, p, end);
  if (c === 0x2d || DIGIT[c] === 1) return checkNumber(b, p, end);
  if (c === 0x74) return literal(b, p, end, 0x72, 0x75, 0x65, -1); // true
  if (c === 0x66) return literal(b, p, end, 0x61, 0x6c, 0x73, 0x65); // false
  if (c === 0x6e) return literal(b, p, end, 0x75, 0x6c, 0x6c, -1); // null
  return -1;
}

/** @hot True when `b[start, end)` is exactly one JSON value with optional surrounding whitespace. */
export function isJsonText(b: Uint8Array, start: number, end: number): boolean {
  if (end > END_MASK) return false; // 512 MiB: far beyond any frame
  if (ends.length < end + 1) {
    const n = Math.max(end + 1, ends.length * 2);
    ends = new Int32Array(n);
    firsts = new Int32Array(n);
    nexts = new Int32Array(n);
  }
  const e = ends;
  const fs = firsts;
  const ns = nexts;
  let depth = 0;
  /** The innermost open container is an object. */
  let inObject = false;
  let p = skipWs(b, start, end);
  for (;;) {
    // a value at p
    if (p >= end) return false;
    if (depth > 0) {
      // link it: after its key (and the key after the previous member) or after the previous element
      const prev = lastAt[depth - 1]!;
      let link = p;
      if (inObject) {
        link = keyAt;
        ns[keyAt] = p;
      }
      if (prev < 0) fs[openAt[depth - 1]!] = link;
      else ns[prev] = link;
      lastAt[depth - 1] = p;
    }
    const c = b[p]!;
    if (c === 0x7b || c === 0x5b) {
      let q = p + 1;
      if (q < end && WS[b[q]!] === 1) q = skipWs(b, q, end);
      if (q < end && b[q] === (c === 0x7b ? 0x7d : 0x5d)) {
        e[p] = q + 1;
        fs[p] = -1;
        p = q + 1;
      } else {
        if (depth === stack.length) {
          const bigger = new Uint8Array(stack.length * 2);
          bigger.set(stack);
          stack = bigger;
          const opens = new Int32Array(openAt.length * 2);
          opens.set(openAt);
          openAt = opens;
          const lasts = new Int32Array(lastAt.length * 2);
          lasts.set(lastAt);
          lastAt = lasts;
        }
        openAt[depth] = p;
        lastAt[depth] = -1;
        inObject = c === 0x7b;
        stack[depth++] = inObject ? OBJECT : ARRAY;
        p = q;
        if (inObject) {
          p = memberKey(b, p, end);
          if (p < 0) return false;
        }
        continue;
      }
    } else {
      const q = scalar(b, p, end, c);
      if (q < 0) return false;
      e[p] = q;
      p = q & END_MASK;
    }
    // after a value: commas and closing brackets (compact frames have no whitespace: test before skipping)
    for (;;) {
      if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
      if (depth === 0) return p === end;
      if (p >= end) return false;
      const d = b[p]!;
      if (d === 0x2c) {
        p++;
        if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
        if (inObject) {
          p = memberKey(b, p, end);
          if (p < 0) return false;
        }
        break;
      }
      if (d === (inObject ? 0x7d : 0x5d)) {
        depth--;
        p++;
        e[openAt[depth]!] = p;
        ns[lastAt[depth]!] = -1;
        inObject = depth > 0 && stack[depth - 1] === OBJECT;
        continue;
      }
      return false;
    }
  }
}

/** `"key"` then `:` at `p`: index of the member's value (whitespace skipped), -1 when invalid. */
function memberKey(b: Uint8Array, p: number, end: number): number {
  if (p >= end || b[p] !== 0x22) return -1;
  const k = p;
  p = checkString(b, p, end);
  if (p < 0) return -1;
  ends[k] = p;
  keyAt = k;
  p &= END_MASK;
  if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
  if (p >= end || b[p] !== 0x3a) return -1;
  p++;
  if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
  return p;
}
