/**
 * Seeded fuzzing helpers for venue decoder tests (shared by every venue's fuzz test; keep the
 * API stable: `mulberry32(seed)`, `mutate(value, rng)`, `fuzzSeed(name, defaultSeed)`, `loadFixture`,
 * `venueEventProblem`, `setPath`).
 */

import { readFileSync, readdirSync } from 'node:fs';
import { seededRandom } from '../../src/random/mulberry32.js';

export type Rng = () => number;

/** mulberry32: a tiny 32-bit seeded PRNG returning floats in [0, 1) (src/random/mulberry32.ts). */
export const mulberry32: (seed: number) => Rng = seededRandom;

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

const DELETE = Symbol('delete');

function collectPaths(value: unknown, prefix: (string | number)[], out: (string | number)[][]): void {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => collectPaths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectPaths(v, [...prefix, k], out);
}

function updateAt(value: unknown, path: readonly (string | number)[], fn: (old: unknown) => unknown): unknown {
  if (path.length === 0) return fn(value);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = value.slice();
    const next = updateAt(copy[head as number], rest, fn);
    if (next === DELETE) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = updateAt(copy[head as string], rest, fn);
  if (next === DELETE) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

/** A leaf-style mutation at a node chosen uniformly among all nodes, so deep fields are hit as often as shallow ones. */
function mutateUniformNode(value: unknown, rng: Rng): unknown {
  const paths: (string | number)[][] = [];
  collectPaths(value, [], paths);
  const path = pick(rng, paths);
  return updateAt(value, path, (old) => {
    const r = randInt(rng, 4);
    if (r === 0 && path.length > 0) return DELETE;
    if (typeof old === 'string') return mutateString(old, rng);
    if (typeof old === 'number') return mutateNumber(old, rng);
    return r === 1 ? randomValue(rng) : mutateOnceStructural(old, rng);
  });
}

/** One mutation of a deep copy of `value`: at a uniformly chosen node, or walking down from the root. Never mutates the input. */
export function mutateOnce(value: unknown, rng: Rng): unknown {
  return randInt(rng, 2) === 0 ? mutateUniformNode(value, rng) : mutateOnceStructural(value, rng);
}

function mutateOnceStructural(value: unknown, rng: Rng): unknown {
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
    copy[i] = mutateOnceStructural(copy[i], rng);
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
      default: copy[k] = mutateOnceStructural(copy[k], rng); return copy;
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

const FIXTURE_ROOT = new URL('../../../test/venues/fixtures/', import.meta.url);

/** A fixture frame, parsed: `test/venues/fixtures/<venue>/<name>.json` (read from the source tree). */
export function loadFixture(venue: string, name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${venue}/${name}.json`, FIXTURE_ROOT), 'utf8')) as unknown;
}

/** Every fixture of a venue, by file name without `.json`. */
export function loadFixtures(venue: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const file of readdirSync(new URL(`${venue}/`, FIXTURE_ROOT)).sort()) {
    if (file.endsWith('.json')) out.set(file.slice(0, -5), loadFixture(venue, file.slice(0, -5)));
  }
  return out;
}

const SIDES = new Set(['buy', 'sell']);
const STATUSES = new Set(['new', 'partiallyFilled', 'filled', 'canceled', 'rejected']);
const KEYS: Record<string, readonly string[]> = {
  fill: ['type', 'symbol', 'orderId', 'execId', 'side', 'qty', 'price', 'seq'],
  orderUpdate: ['type', 'symbol', 'orderId', 'status', 'cumQty', 'leavesQty', 'side', 'reduceOnly'],
  snapshot: ['type', 'symbol', 'position', 'seq', 'venueTime'],
  heartbeat: ['type', 'symbol'],
};

function isLots(v: unknown, min: number): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && !Object.is(v, -0);
}

function isSeq(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
}

/**
 * Why `event` is not a well-formed venue event for the configured `symbols`, or `undefined`:
 * known type and keys only (no key present with value undefined), known symbol, integer lots
 * (fill qty > 0, cum/leaves >= 0), finite price, valid side/status, non-empty ids, safe seq.
 */
export function venueEventProblem(event: unknown, symbols: ReadonlySet<string>): string | undefined {
  if (typeof event !== 'object' || event === null) return 'not an object';
  const e = event as Record<string, unknown>;
  const keys = typeof e['type'] === 'string' ? KEYS[e['type']] : undefined;
  if (keys === undefined) return `unknown type ${String(e['type'])}`;
  for (const [k, v] of Object.entries(e)) {
    if (!keys.includes(k)) return `unexpected key ${k}`;
    if (v === undefined) return `key ${k} present but undefined`;
  }
  if (e['type'] === 'heartbeat') return e['symbol'] === undefined || symbols.has(e['symbol'] as string) ? undefined : 'unknown symbol';
  if (typeof e['symbol'] !== 'string' || !symbols.has(e['symbol'])) return `unknown symbol ${String(e['symbol'])}`;
  switch (e['type']) {
    case 'fill':
      if (!isLots(e['qty'], 1)) return `bad qty ${String(e['qty'])}`;
      if (typeof e['price'] !== 'number' || !Number.isFinite(e['price'])) return 'bad price';
      if (typeof e['side'] !== 'string' || !SIDES.has(e['side'])) return 'bad side';
      if (typeof e['execId'] !== 'string' || e['execId'] === '') return 'bad execId';
      if (e['orderId'] !== undefined && (typeof e['orderId'] !== 'string' || e['orderId'] === '')) return 'bad orderId';
      return isSeq(e['seq']) ? undefined : 'bad seq';
    case 'orderUpdate':
      if (typeof e['orderId'] !== 'string' || e['orderId'] === '') return 'bad orderId';
      if (typeof e['status'] !== 'string' || !STATUSES.has(e['status'])) return 'bad status';
      if (!isLots(e['cumQty'], 0) || !isLots(e['leavesQty'], 0)) return 'bad cum/leaves';
      if ((e['status'] === 'filled' || e['status'] === 'canceled' || e['status'] === 'rejected') && e['leavesQty'] !== 0) return 'terminal with leaves';
      if (e['side'] !== undefined && (typeof e['side'] !== 'string' || !SIDES.has(e['side']))) return 'bad side';
      if (e['reduceOnly'] !== undefined && e['reduceOnly'] !== true) return 'bad reduceOnly (only true is written)';
      return undefined;
    default: // snapshot
      if (typeof e['position'] !== 'number' || !Number.isSafeInteger(e['position']) || Object.is(e['position'], -0)) return 'bad position';
      if (!isSeq(e['venueTime'])) return 'bad venueTime';
      return isSeq(e['seq']) ? undefined : 'bad seq';
  }
}

/** `value` with the property at `path` replaced by `replacement` (deep copy along the path only). */
export function setPath(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = value.slice();
    copy[head as number] = setPath(copy[head as number], rest, replacement);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  copy[head as string] = setPath(copy[head as string], rest, replacement);
  return copy;
}

/**
 * Values that are invalid for a required field of each class (`undefined` = the key is absent).
 * `decimal`: quantity as a decimal string (includes a value off every lot size used in the tests,
 * 1e-7); `numericQty` / `numericPrice`: the same for venues that send JSON numbers.
 */
export const GARBAGE = {
  symbol: [5, null, {}, [], true, undefined],
  /** A message-type discriminator (topic, channel): absent means "not this message type" (ignored). */
  nonString: [5, null, {}, [], true],
  /** An optional string field present with a wrong type (absent or null reads as ""). */
  wrongType: [5, {}, [], true],
  /** A boolean field (optional ones read absent as false). */
  notBoolean: [5, 'true', '', {}, [], null],
  /** An array-valued field (a push's data). */
  notArray: [5, null, {}, 'x', true, undefined],
  /** An optional array-valued field, present with a wrong type. */
  presentNotArray: [5, null, {}, 'x', true],
  /** An object-valued field. */
  notObject: [5, null, [], 'x', true, undefined],
  /** A field that may hold an object or an array, but not a scalar. */
  scalar: [5, null, 'x', true, undefined],
  id: ['', 5, null, {}, [], true, undefined],
  enum: ['Bogus', '', 7, null, {}, [], undefined],
  decimal: ['abc', '1.2.3', '0x10', '0.0000001', '1e400', '-0.001', ' 1', 'NaN', 'Infinity', 5, null, {}, [], undefined],
  price: ['abc', '', '1.2.3', '1e999', 'NaN', 'Infinity', '0x10', 5, null, {}, [], undefined],
  seq: [-5, 1.5, 2 ** 60, Number.NaN, '12a', 'x', '1e3', null, {}, [], true, undefined],
  numericQty: ['10', 0.0000001, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, null, {}, [], true, undefined],
  numericPrice: ['17391', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, {}, [], true, undefined],
} as const satisfies Record<string, readonly unknown[]>;

export type GarbageClass = keyof typeof GARBAGE;

/** A required field of a fixture: where it is and what class of value it holds. */
export interface RequiredField {
  readonly fixture: string;
  readonly path: readonly (string | number)[];
  readonly garbage: GarbageClass;
}

/** The fixed garbage of a class plus `extra` random strings that are certainly not valid for it. */
export function garbageValues(cls: GarbageClass, rng: Rng, extra: number): unknown[] {
  const out: unknown[] = [...GARBAGE[cls]];
  if (cls === 'enum' || cls === 'decimal' || cls === 'price' || cls === 'seq') {
    for (let i = 0; i < extra; i++) out.push(`${randomString(rng)}z`);
  }
  return out;
}
