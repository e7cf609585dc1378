import { Mulberry32 } from '../../../src/random/mulberry32.js';

/**
 * A latency sample in integer ns, log-uniform from 1 ns to ~16 s: every decade of the block gets
 * samples, and large ones make the sum's low word carry often. 200k of them sum below 2^53.
 */
export function latencySample(rng: Mulberry32): number {
  return Math.floor(10 ** (rng.next01() * 10.2));
}

/** The seed of a random latency test: `LATENCY_SEED` from the environment, else `fallback`. Printed. */
export function latencySeed(name: string, fallback: number): number {
  const env = process.env['LATENCY_SEED'];
  const seed = env !== undefined && env !== '' ? Number(env) >>> 0 : fallback;
  console.log(`${name}: seed ${seed} (reproduce with LATENCY_SEED=${seed})`);
  return seed;
}
