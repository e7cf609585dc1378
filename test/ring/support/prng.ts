/** Seeded 32-bit PRNG (mulberry32) for reproducible ring tests: `next()` allocates nothing. */
export { Mulberry32 as Prng } from '../../../src/random/mulberry32.js';

import { testSeed as seedFor } from '../../support/test-seed.js';

/** The seed for a ring test (see test/support/test-seed.ts): fixed by default, printed; `RING_SEED` overrides. */
export function testSeed(name: string): number {
  return seedFor(name, 'RING_SEED');
}
