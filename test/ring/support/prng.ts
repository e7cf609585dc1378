/** Seeded 32-bit PRNG (mulberry32) for reproducible ring tests: `next()` allocates nothing. */
export { Mulberry32 as Prng } from '../../../src/random/mulberry32.js';

/**
 * The seed for a random test: `RING_SEED` from the environment when set (to reproduce a
 * failure), else a fresh one. Prints it either way.
 */
export function testSeed(name: string): number {
  const fromEnv = process.env['RING_SEED'];
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`${name}: seed ${seed} (reproduce with RING_SEED=${seed})`);
  return seed;
}
