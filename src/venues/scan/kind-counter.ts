/**
 * The byte decoders' counting, the same figures as `DecoderStats` without a string per frame:
 * every by-kind label ("execution", "topic:wallet", "unknownSymbol", ...) is registered at
 * construction and counted by index in typed arrays. `stats()` builds the `DecoderStats` view
 * (cold, allocates).
 */
import type { DecoderStats } from '../venue-decoder.js';

export class KindCounter {
  readonly #names: string[] = [];
  readonly #ids = new Map<string, number>();
  #ignored = new Float64Array(0);
  #malformed = new Float64Array(0);
  /** Frames decoded, ignored, malformed; rows dropped as malformed in decoded frames. */
  readonly frames = new Float64Array(4);

  /** Construction time: the index of `name` (registered once). */
  id(name: string): number {
    let i = this.#ids.get(name);
    if (i === undefined) {
      i = this.#names.length;
      this.#names.push(name);
      this.#ids.set(name, i);
      const ig = new Float64Array(i + 1);
      ig.set(this.#ignored);
      this.#ignored = ig;
      const ma = new Float64Array(i + 1);
      ma.set(this.#malformed);
      this.#malformed = ma;
    }
    return i;
  }

  name(id: number): string {
    return this.#names[id] ?? 'unknown';
  }

  /** @hot */
  countIgnored(id: number): void {
    this.#ignored[id]!++;
  }

  /** @hot */
  countMalformed(id: number): void {
    this.#malformed[id]!++;
  }

  /** Cold: the counts as `DecoderStats` (kinds never seen are left out). */
  stats(): DecoderStats {
    const ignoredByKind = new Map<string, number>();
    const malformedByKind = new Map<string, number>();
    this.#names.forEach((n, i) => {
      if (this.#ignored[i]! > 0) ignoredByKind.set(n, this.#ignored[i]!);
      if (this.#malformed[i]! > 0) malformedByKind.set(n, this.#malformed[i]!);
    });
    return { decoded: this.frames[0]!, ignored: this.frames[1]!, malformed: this.frames[2]!, malformedRows: this.frames[3]!, ignoredByKind, malformedByKind };
  }
}
