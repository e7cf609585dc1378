/**
 * mulberry32: the project's small seeded generator (tests, fuzzing, back-off jitter). Same seed,
 * same sequence, on any thread. Its state is one number, so `nextU32` allocates nothing and can
 * run inside hot loops. (The simulator uses xoshiro128** with labelled forks: src/sim/prng.ts.)
 */
export class Mulberry32 {
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

  /** Uniform in [0, 1). */
  next01(): number {
    return this.nextU32() / 4294967296;
  }
}

/** A seeded source of uniform numbers in [0, 1): `() => number`, for APIs that take a function. */
export function seededRandom(seed: number): () => number {
  const g = new Mulberry32(seed >>> 0);
  return () => g.next01();
}
