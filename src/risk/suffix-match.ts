import { IntHashMap } from './int-hash-map.js';

/**
 * Below this many prefixes the pairwise comparison wins (measured, bench/risk: an ambiguous base
 * with 16 pending fills took 763 ns pairwise, 1286 ns hashed; with 255: 85.3 µs vs 13.6 µs).
 */
const PAIRWISE_BELOW = 32;

/** Where `SuffixMatch.find` writes its answer (indices into `out`). */
export const Match = {
  /** The largest k with a matching j (-1: no pair explains the snapshot). */
  K: 0,
  /** The smallest and largest matching prefix value p[j] over every pair (valid when K >= 0). */
  MIN_J: 1,
  MAX_J: 2,
} as const;

/**
 * The search a snapshot does on an *ambiguous* walk-back base (walk-back-reconciler.ts): the old base
 * lacked the fills from some unknown j on, and the new snapshot includes them up to some k, so
 * the pairs j <= k with `p[k] - p[j] === d` over the prefix sums `p[0..n]` explain it. The
 * ledger needs the largest such k and the range of the matching p[j] (a single value means a
 * single answer).
 *
 * For a given k the matching p[j] can only be `p[k] - d`, so one pass over k with the prefix
 * values seen so far (p[0..k], j = k included) in a set answers in O(n) where the pairwise
 * search is O(n^2) (85 µs at 255 retained fills, on the risk thread, per snapshot; 14 µs hashed).
 * Short lists are still compared pairwise (PAIRWISE_BELOW).
 *
 * Preallocated: `find` allocates nothing. `maxPrefixes` bounds n + 1.
 */
export class SuffixMatch {
  /** out[Match.K], out[Match.MIN_J], out[Match.MAX_J]. */
  readonly out = new Float64Array(3);
  private readonly seen: IntHashMap;
  private readonly want = new Float64Array(1);

  constructor(maxPrefixes: number) {
    this.seen = new IntHashMap(maxPrefixes);
  }

  /** @hot Searches `p[0..n]` for pairs j <= k with p[k] - p[j] === d; the answer is in `out`. */
  find(p: Float64Array, n: number, d: number): void {
    if (n < PAIRWISE_BELOW) this.pairwise(p, n, d);
    else this.hashed(p, n, d);
  }

  /** Few prefixes: comparing every pair is cheaper than hashing them (n(n+1)/2 comparisons). */
  private pairwise(p: Float64Array, n: number, d: number): void {
    let bestK = -1;
    let minJ = Infinity;
    let maxJ = -Infinity;
    for (let k = 0; k <= n; k++) {
      const v = p[k]! - d;
      for (let j = 0; j <= k; j++) {
        if (p[j] !== v) continue;
        bestK = k;
        if (v < minJ) minJ = v;
        if (v > maxJ) maxJ = v;
        break;
      }
    }
    this.answer(bestK, minJ, maxJ);
  }

  private hashed(p: Float64Array, n: number, d: number): void {
    const seen = this.seen;
    const want = this.want;
    seen.clear();
    let bestK = -1;
    let minJ = Infinity;
    let maxJ = -Infinity;
    for (let k = 0; k <= n; k++) {
      seen.setAt(p, k, k);
      want[0] = p[k]! - d;
      if (seen.getAt(want, 0) < 0) continue;
      bestK = k;
      const v = want[0]!;
      if (v < minJ) minJ = v;
      if (v > maxJ) maxJ = v;
    }
    this.answer(bestK, minJ, maxJ);
  }

  private answer(bestK: number, minJ: number, maxJ: number): void {
    const out = this.out;
    out[Match.K] = bestK;
    out[Match.MIN_J] = minJ;
    out[Match.MAX_J] = maxJ;
  }
}
