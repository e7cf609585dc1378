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

/**
 * Everything pass two reads, in one table with three cells per byte of the last checked text, so
 * that a value's end and links share a cache line: `table[3p]` the index after the value or key
 * starting at `p` (with the string flags below), `table[3p + 1]` its next link (a key's value,
 * a value's next sibling, -1 after the last), `table[3p + 2]` a container's first child (-1:
 * empty). Only cells of value and key starts are written; the others hold stale data.
 */
let table = new Int32Array(3 * 65536);
/** Per open container: the table cell its next link goes to when it closes (its own next link), ... */
let outerLink = new Int32Array(4096);
/** ... its opening index, ... */
let openAt = new Int32Array(4096);
/** ... and whether the container around it is an object. */
let outerObject = new Uint8Array(4096);

/**
 * @hot The table of the last checked text (see `table`), for a reader that walks many links: it
 * stays the same array until the next `isJsonText`.
 */
export function linkTable(): Int32Array {
  return table;
}

/** @hot The first element, or first member's key, of the container starting at `p` (-1: empty); after `isJsonText` accepted it. */
export function firstChild(p: number): number {
  return table[3 * p + 2]!;
}

/** @hot The value of the key at `p`, or the sibling after the element or member value at `p` (-1: last); after `isJsonText`. */
export function nextLink(p: number): number {
  return table[3 * p + 1]!;
}

/** @hot The index after the value or key starting at `p` (valid after `isJsonText` accepted the text holding it). */
export function valueEnd(p: number): number {
  return table[3 * p]! & END_MASK;
}

/** @hot The string (or key) starting at `p` holds a backslash escape. */
export function isEscaped(p: number): boolean {
  return (table[3 * p]! & ESCAPED_FLAG) !== 0;
}

/** @hot The string (or key) starting at `p` is plain ASCII without escapes. */
export function isPlainAt(p: number): boolean {
  return (table[3 * p]! & (ESCAPED_FLAG | NON_ASCII_FLAG)) === 0;
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
export const END_MASK = 0x1fffffff;

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

/** @hot One of the literals `true`, `false`, `null` at `p` (`c` its first byte): index after it, -1 when none. */
function literalAt(b: Uint8Array, p: number, end: number, c: number): number {
  if (c === 0x74) return p + 4 <= end && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65 ? p + 4 : -1;
  if (c === 0x66) return p + 5 <= end && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65 ? p + 5 : -1;
  if (c === 0x6e) return p + 4 <= end && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c ? p + 4 : -1;
  return -1;
}

/** Grows the container stack (allocates, once per new nesting high-water mark above 4096). */
function growStack(): void {
  const links = new Int32Array(outerLink.length * 2);
  links.set(outerLink);
  outerLink = links;
  const opens = new Int32Array(openAt.length * 2);
  opens.set(openAt);
  openAt = opens;
  const objects = new Uint8Array(outerObject.length * 2);
  objects.set(outerObject);
  outerObject = objects;
}

/**
 * @hot True when `b[start, end)` is exactly one JSON value with optional surrounding whitespace.
 *
 * One pass; per value it writes its end and one link: `link` is the table cell the next sibling
 * (or, right after an opening bracket, the first child) is written to, so linking a value is one
 * store, and a member two (the key into the chain, the value into the key's cell).
 */
export function isJsonText(b: Uint8Array, start: number, end: number): boolean {
  if (end > END_MASK) return false; // 512 MiB: far beyond any frame
  if (table.length < 3 * (end + 1)) table = new Int32Array(Math.max(3 * (end + 1), table.length * 2));
  const t = table;
  let depth = 0;
  /** The innermost open container is an object. */
  let inObject = false;
  /** Cell the next link of the innermost open container goes to. */
  let link = 0;
  let p = start;
  if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
  for (;;) {
    // a value at p; in an object, `link` is the cell of its key's value
    if (p >= end) return false;
    if (depth > 0) t[link] = p;
    link = 3 * p + 1;
    const c = b[p]!;
    if (c === 0x22) {
      const q = checkString(b, p, end);
      if (q < 0) return false;
      t[3 * p] = q;
      p = q & END_MASK;
    } else if (c === 0x7b || c === 0x5b) {
      let q = p + 1;
      if (q < end && WS[b[q]!] === 1) q = skipWs(b, q, end);
      if (q < end && b[q] === (c === 0x7b ? 0x7d : 0x5d)) {
        t[3 * p] = q + 1;
        t[3 * p + 2] = -1;
        p = q + 1;
      } else {
        if (depth === openAt.length) growStack();
        outerLink[depth] = link;
        openAt[depth] = p;
        outerObject[depth] = inObject ? 1 : 0;
        depth++;
        link = 3 * p + 2;
        inObject = c === 0x7b;
        p = q;
        if (inObject) {
          // the first key
          if (p >= end || b[p] !== 0x22) return false;
          t[link] = p;
          link = 3 * p + 1;
          p = memberKey(b, p, end);
          if (p < 0) return false;
        }
        continue;
      }
    } else {
      const q = c === 0x2d || DIGIT[c] === 1 ? checkNumber(b, p, end) : literalAt(b, p, end, c);
      if (q < 0) return false;
      t[3 * p] = q;
      p = q;
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
          if (p >= end || b[p] !== 0x22) return false;
          t[link] = p;
          link = 3 * p + 1;
          p = memberKey(b, p, end);
          if (p < 0) return false;
        }
        break;
      }
      if (d === (inObject ? 0x7d : 0x5d)) {
        t[link] = -1;
        depth--;
        p++;
        t[3 * openAt[depth]!] = p;
        link = outerLink[depth]!;
        inObject = outerObject[depth] === 1;
        continue;
      }
      return false;
    }
  }
}

/** `"key"` (`b[p]` is its quote) then `:`: records the key's end; index of the member's value (whitespace skipped), -1 when invalid. */
function memberKey(b: Uint8Array, p: number, end: number): number {
  const k = p;
  p = checkString(b, p, end);
  if (p < 0) return -1;
  table[3 * k] = p;
  p &= END_MASK;
  if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
  if (p >= end || b[p] !== 0x3a) return -1;
  p++;
  if (p < end && WS[b[p]!] === 1) p = skipWs(b, p, end);
  return p;
}
