/**
 * Seeds for random tests: reproducible by default, random only when asked.
 *
 *   (unset)          a fixed seed per test, derived from its name (FNV-1a): every run, CI's
 *                    included, draws the same cases, so a pass or a failure repeats
 *   <ENV>=<n>        that seed (0 … 2^32-1), to reproduce a printed one
 *   <ENV>=random     a fresh seed per test, to explore beyond the fixed cases
 *
 * The seed is printed in every case, with the line that reproduces it. `env` is the variable's
 * name: `RISKGATE_SEED` for most tests, `RING_SEED` for the ring's.
 */
export function testSeed(name: string, env = 'RISKGATE_SEED'): number {
  const value = process.env[env];
  let seed: number;
  let how: string;
  if (value === undefined || value === '') {
    seed = fnv1a(name);
    how = `fixed default; ${env}=random for a fresh one`;
  } else if (value === 'random') {
    seed = (Math.random() * 2 ** 32) >>> 0;
    how = `random, as ${env}=random asked`;
  } else if (/^\d+$/.test(value) && Number(value) < 2 ** 32) {
    seed = Number(value);
    how = `from ${env}`;
  } else {
    throw new Error(`${env} must be an integer from 0 to 4294967295 or "random", got ${JSON.stringify(value)}`);
  }
  console.log(`${name}: seed ${seed} (${how}; reproduce with ${env}=${seed})`);
  return seed;
}

/** FNV-1a over the UTF-16 code units of `s`, as an unsigned 32-bit integer. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
