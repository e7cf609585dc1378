/**
 * Seeded fuzzing helpers for venue decoder tests (shared by every venue's fuzz test; keep the
 * API stable: `mulberry32(seed)`, `mutate(value, rng)`, `fuzzSeed(defaultSeed)`).
 */

export type Rng = () => number;

/** mulberry32: a tiny 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from env `FUZZ_SEED` (decimal or 0x hex) or `defaultSeed`; printed so a failure can be replayed. */
export function fuzzSeed(name: string, defaultSeed: number): number {
  const env = process.env['FUZZ_SEED'];
  const seed = env !== undefined && env !== '' ? Number(env) >>> 0 : defaultSeed >>> 0;
  console.log(`${name}: FUZZ_SEED=${seed}`);
  return seed;
}

export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[randInt(rng, items.length)] as T;
}

const WEIRD_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, Number.MAX_SAFE_INTEGER, '', ' ', '-', '.', 'NaN', 'Infinity',
  '1e400', '-0', '0.0000000001', '123456789012345678901234567890', '0x10', '1,5', '0.0015', '1e-9', '99999999999999999999',
  [], {}, [null], { a: 1 }, '\u0000', '\ud800', 'Sell', 'Buy', 'buy', 'sell', 'long', 'short', 'Filled', 'filled',
];

function randomString(rng: Rng): string {
  const len = randInt(rng, 12);
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(randInt(rng, 4) === 0 ? randInt(rng, 0x10000) : 32 + randInt(rng, 95));
  return s;
}

/** A random replacement value of a random type. */
export function randomValue(rng: Rng): unknown {
  switch (randInt(rng, 6)) {
    case 0: return pick(rng, WEIRD_VALUES);
    case 1: return randomString(rng);
    case 2: return (rng() - 0.5) * 10 ** randInt(rng, 20);
    case 3: return String((rng() * 10 ** randInt(rng, 8)).toFixed(randInt(rng, 10)));
    case 4: return randInt(rng, 2) === 0 ? [] : {};
    default: return pick(rng, WEIRD_VALUES);
  }
}

function mutateString(s: string, rng: Rng): unknown {
  switch (randInt(rng, 7)) {
    case 0: return s.slice(0, randInt(rng, s.length + 1)); // truncate
    case 1: return s + pick(rng, ['0', '1', '5', '.', 'e', 'x', '9']);
    case 2: { // numeric string: off-lot tail or huge
      const n = Number(s);
      if (s !== '' && Number.isFinite(n)) return pick(rng, [`${s}1`, `${s}0001`, String(n * 1e20), String(n / 7), `-${s}`, `${s}e3`, `${s}e-9`]);
      return s.toUpperCase();
    }
    case 3: { const i = randInt(rng, s.length + 1); return s.slice(0, i) + String.fromCharCode(randInt(rng, 0x10000)) + s.slice(i); }
    case 4: return Number(s); // string → number (often NaN)
    case 5: return s.toLowerCase();
    default: return randomValue(rng);
  }
}

function mutateNumber(n: number, rng: Rng): unknown {
  switch (randInt(rng, 6)) {
    case 0: return n + 1;
    case 1: return -n;
    case 2: return n * 1e300;
    case 3: return String(n);
    case 4: return n + 0.5;
    default: return randomValue(rng);
  }
}

/** One structural mutation at a random node of a deep copy of `value`. Never mutates the input. */
export function mutateOnce(value: unknown, rng: Rng): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || randInt(rng, 8) === 0) {
      switch (randInt(rng, 3)) {
        case 0: return randomValue(rng);
        case 1: return [...value, randomValue(rng)];
        default: return value.length > 0 ? value.slice(0, -1) : [randomValue(rng)];
      }
    }
    const i = randInt(rng, value.length);
    const copy = value.slice();
    copy[i] = mutateOnce(copy[i], rng);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || randInt(rng, 6) === 0) return randInt(rng, 2) === 0 ? randomValue(rng) : { ...value, [randomString(rng)]: randomValue(rng) };
    const k = pick(rng, keys);
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    switch (randInt(rng, 5)) {
      case 0: delete copy[k]; return copy;
      case 1: copy[k] = randomValue(rng); return copy;
      default: copy[k] = mutateOnce(copy[k], rng); return copy;
    }
  }
  if (typeof value === 'string') return mutateString(value, rng);
  if (typeof value === 'number') return mutateNumber(value, rng);
  return randomValue(rng);
}

/**
 * A mutated deep copy of `value`: 1–3 structural mutations, or (sometimes) the JSON text
 * truncated or with random bytes, returned as a string for decoders that accept strings.
 */
export function mutate(value: unknown, rng: Rng): unknown {
  const r = randInt(rng, 20);
  if (r === 0) {
    const text = JSON.stringify(value) ?? '';
    return text.slice(0, randInt(rng, text.length + 1));
  }
  if (r === 1) {
    const text = JSON.stringify(value) ?? '';
    const i = randInt(rng, text.length + 1);
    return text.slice(0, i) + String.fromCharCode(randInt(rng, 256)) + text.slice(i + 1);
  }
  let v = value;
  const n = 1 + randInt(rng, 3);
  for (let i = 0; i < n; i++) v = mutateOnce(v, rng);
  return v;
}
