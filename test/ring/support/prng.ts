/**
 * Seeded 32-bit PRNG (mulberry32) for reproducible ring tests. State is one number: `next()`
 * allocates nothing, so it can run inside workers' hot loops. Two instances with the same
 * seed produce the same stream on any thread.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Next uint32. */
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return this.nextU32() % n;
  }
}

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
