import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Match, SuffixMatch } from '../../src/risk/suffix-match.js';
import { Mulberry32, testSeed } from '../support/engine-harness.js';

/** The pairwise search the ledger did before (O(n^2)): the reference. */
function reference(p: Float64Array, n: number, d: number): [number, number, number] {
  let bestK = -1;
  let minJ = Infinity;
  let maxJ = -Infinity;
  for (let k = n; k >= 0; k--) {
    for (let j = 0; j <= k; j++) {
      if (p[k]! - p[j]! !== d) continue;
      if (bestK < 0) bestK = k;
      if (p[j]! < minJ) minJ = p[j]!;
      if (p[j]! > maxJ) maxJ = p[j]!;
    }
  }
  return [bestK, minJ, maxJ];
}

function answer(m: SuffixMatch): [number, number, number] {
  return [m.out[Match.K]!, m.out[Match.MIN_J]!, m.out[Match.MAX_J]!];
}

test('when the prefix sums hold zero-sum runs then the largest k and the range of matching prefixes are those of the pairwise search', () => {
  // fills +1 -1 +2 -2 +1: p = 0 1 0 2 0 1
  const p = Float64Array.from([0, 1, 0, 2, 0, 1]);
  const m = new SuffixMatch(p.length);
  m.find(p, 5, 1); // k 1, 5: p[j] = 0 (j 0, 2, 4); k 3: p[j] = 1 (j 1)
  assert.deepEqual(answer(m), [5, 0, 1]);
  m.find(p, 5, 0); // every k matches itself: p[j] ranges over every prefix value
  assert.deepEqual(answer(m), [5, 0, 2]);
  m.find(p, 5, -2); // p[k] - p[j] = -2: k = 4 (p 0) with j = 3 (p 2)
  assert.deepEqual(answer(m), [4, 2, 2]);
  m.find(p, 5, 7);
  assert.equal(m.out[Match.K], -1);
});

for (const [label, maxQty, big] of [['small fills, many collisions', 3, false], ['fills around 2^40 lots', 1000, true]] as const) {
  test(`when random prefix sums and differences are searched then the answer equals the pairwise search (${label}, seeded)`, () => {
    const seed = testSeed(`SuffixMatch ${label}`);
    const rnd = new Mulberry32(seed);
    const cap = 260;
    const m = new SuffixMatch(cap);
    const p = new Float64Array(cap);
    for (let run = 0; run < 3000; run++) {
      const n = rnd.below(cap);
      p[0] = big ? (rnd.below(2) === 0 ? -1 : 1) * rnd.below(2 ** 20) * 2 ** 20 : 0;
      for (let k = 1; k <= n; k++) p[k] = p[k - 1]! + (rnd.below(2 * maxQty + 1) - maxQty) * (big ? 2 ** 20 + 1 : 1);
      // Half the time a difference that some pair has, half the time any.
      const a = rnd.below(n + 1);
      const b = rnd.below(n + 1);
      const d = rnd.below(2) === 0 ? p[Math.max(a, b)]! - p[Math.min(a, b)]! : (rnd.below(4 * maxQty + 1) - 2 * maxQty) * (big ? 2 ** 20 + 1 : 1);
      m.find(p, n, d);
      assert.deepEqual(answer(m), reference(p, n, d), `seed ${seed} run ${run} n ${n} d ${d}`);
    }
  });
}
