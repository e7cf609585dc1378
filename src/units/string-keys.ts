/**
 * Strings become integers at the edge, before the hot path.
 *
 * `stringKey` hashes a string to a 53-bit integer (two independent 32-bit FNV-1a variants,
 * 20 + 32 bits, placed above the numeric range). Used for execution ids, where only equality matters: with 65,536 ids remembered
 * the chance that two different ids collide is about 2^32 / 2^53 ≈ 2e-7 per window, and a
 * collision can only make the engine drop a fill it believes duplicated, which the next snapshot
 * corrects. Purely numeric ids that are safe integers map to themselves (no collision at all).
 */
export function stringKey(s: string): number {
  if (/^(0|[1-9]\d{0,14})$/.test(s)) return Number(s); // canonical only: "07" is not "7"
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // 20 + 32 hash bits placed in [2^52, 2^53): above every numeric id (< 10^15 < 2^50).
  return ((b >>> 12) | 0x100000) * 4294967296 + (a >>> 0);
}

/**
 * Assigns small dense integer handles to strings (order ids) and forgets them on release, so
 * the table does not grow without bound. Edge-side; allocates.
 */
export class StringInterner {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private next = 1;

  /** The handle for `s`, creating one when new. */
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(s, id);
      this.names.set(id, s);
    }
    return id;
  }

  /** The handle for `s`, or -1 when never interned (or released). */
  lookup(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  name(id: number): string | undefined {
    return this.names.get(id);
  }

  release(s: string): void {
    const id = this.ids.get(s);
    if (id === undefined) return;
    this.ids.delete(s);
    this.names.delete(id);
  }
}
