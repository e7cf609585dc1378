/**
 * A fixed set of names (object keys, enum values, venue symbols) matched against JSON string
 * content in a frame's bytes, without making a string: `match` returns the name's index or -1.
 *
 * Content is the bytes between a string's quotes, as sent. Without a backslash, equality of the
 * UTF-8 bytes is equality of the decoded strings (invalid UTF-8 decodes to U+FFFD, which no
 * name's own encoding contains as raw invalid bytes). With a backslash (an escaped key such as
 * `"sym\u0062ol"`, legal JSON and rare) the content is decoded into a string and looked up:
 * that path allocates, and only that one.
 *
 * Built once per decoder; `match` is @hot and allocation-free on the byte path.
 */
import { decodeString } from './json-text.js';

/** Lookup buckets: (length mod 32, first byte mod 64). */
const BUCKETS = 32 * 64;

function bucket(len: number, first: number): number {
  return ((len & 31) << 6) | (first & 63);
}

export class ByteNames {
  readonly names: readonly string[];
  readonly #bytes: Uint8Array;
  readonly #offsets: Int32Array;
  readonly #lengths: Int32Array;
  /** First name index + 1 of each bucket (0: none); `#next[i]` the next name + 1 in i's bucket. */
  readonly #head = new Int32Array(BUCKETS);
  readonly #next: Int32Array;
  readonly #byIndex: Map<string, number>;

  constructor(names: readonly string[]) {
    this.names = names;
    const encoded = names.map((n) => Buffer.from(n, 'utf8'));
    const total = encoded.reduce((a, e) => a + e.length, 0);
    this.#bytes = new Uint8Array(total);
    this.#offsets = new Int32Array(names.length);
    this.#lengths = new Int32Array(names.length);
    this.#next = new Int32Array(names.length);
    let o = 0;
    encoded.forEach((e, i) => {
      this.#bytes.set(e, o);
      this.#offsets[i] = o;
      this.#lengths[i] = e.length;
      o += e.length;
    });
    for (let i = names.length - 1; i >= 0; i--) {
      const h = bucket(this.#lengths[i]!, encoded[i]!.length > 0 ? encoded[i]![0]! : 0);
      this.#next[i] = this.#head[h]!;
      this.#head[h] = i + 1;
    }
    this.#byIndex = new Map(names.map((n, i) => [n, i]));
  }

  get size(): number {
    return this.names.length;
  }

  /** @hot Index of the name equal to the string whose content is `b[cs, ce)`, or -1. */
  match(b: Uint8Array, cs: number, ce: number): number {
    const i = this.matchRaw(b, cs, ce);
    if (i >= 0) return i;
    for (let p = cs; p < ce; p++) if (b[p] === 0x5c) return this.#byIndex.get(decodeString(b, cs - 1, ce + 1)) ?? -1;
    return -1;
  }

  /** @hot Index of the name whose UTF-8 bytes are exactly `b[cs, ce)` (escapes not decoded), or -1. */
  matchRaw(b: Uint8Array, cs: number, ce: number): number {
    const len = ce - cs;
    let i = this.#head[bucket(len, len > 0 ? b[cs]! : 0)]! - 1;
    const lengths = this.#lengths;
    const offsets = this.#offsets;
    const bytes = this.#bytes;
    while (i >= 0) {
      if (lengths[i] === len) {
        const o = offsets[i]!;
        let k = 0;
        while (k < len && bytes[o + k] === b[cs + k]) k++;
        if (k === len) return i;
      }
      i = this.#next[i]! - 1;
    }
    return -1;
  }

  /** Cold: index of a decoded string, or -1. */
  indexOf(s: string): number {
    return this.#byIndex.get(s) ?? -1;
  }
}
