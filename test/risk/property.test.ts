import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateConfig } from '../../src/config/validate-config.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { NaiveGate } from '../../src/scenario/naive-gate.js';
import type { Gate } from '../../src/scenario/gate.js';
import type { ResolvedConfig } from '../../src/config/engine-config.js';
import { ACTIONS, ModelExchange, SYMBOL, type Action, type SequenceMode } from '../support/model-exchange.js';

/**
 * Property tests of the position model against a model exchange (test/support/model-exchange.ts).
 *
 * Invariant (family 1, no lost executions), checked after every step: the true position plus
 * the true live and in-flight exposure on each side never exceeds the limit.
 *
 * Family 2 (lost executions: the venue reports neither the fill nor its cumQty; snapshots still
 * include it). Exact bound, `ModelExchange.lostBound()`: the excess never exceeds the largest
 * lost quantity the engine could not have known at any approval so far. On sequenced venues
 * that is the lost lots not yet inside a snapshot the engine had applied at that approval (a
 * snapshot is exact up to its watermark), where a snapshot applied while some reported
 * execution still awaited its fill message does not count (a conservative bound: the engine no
 * longer attributes a residual to inferred lots, but the bound does not rely on it). Without
 * sequence numbers a snapshot can be
 * "explained" by a wrong prefix of the fills (a lost +1 and an unrelated +1 are
 * indistinguishable), so there it is every lot lost before that approval. Exposure granted at
 * an approval can stay beyond the limit by that much until the position is reduced.
 *
 * Unsequenced worlds with venue times (`venueTimes`) also get stale replays and REST answers of
 * earlier moments, many at the same venue time as the snapshot before them (test/support/
 * model-exchange.ts): without the venue-time rule of walk-back-reconciler.ts, or with same-time
 * snapshots walked like newer ones, family 1 fails within the default runs. A same-time snapshot
 * explained by later fills by coincidence is rarer than these runs reach: behaviour-venue-time.test.ts.
 *
 * Seeds: PROPERTY_SEED overrides the default; fast-check prints seed and path on failure.
 */
const SEED = Number(process.env['PROPERTY_SEED'] ?? 20261124);
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 10000);

const action: fc.Arbitrary<Action> = fc.tuple(fc.nat({ max: ACTIONS.length - 1 }), fc.nat({ max: 1000 }), fc.nat({ max: 1000 }));
const world = fc.record({
  mode: fc.constantFrom<SequenceMode>('none', 'monotonic', 'contiguous'),
  limit: fc.integer({ min: 1, max: 6 }),
  maxFills: fc.integer({ min: 0, max: 3 }),
  maxQty: fc.integer({ min: 0, max: 6 }),
  /** Unsequenced worlds: snapshots stamped with venue times (stale replays and REST answers of earlier moments on). */
  venueTimes: fc.boolean(),
  actions: fc.array(action, { minLength: 10, maxLength: 120, size: 'max' }),
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/**
 * Validated configs, memoized by the fields that make them (a ResolvedConfig is frozen and read
 * only; validating it cost more than running a world). Every world still gets a fresh gate.
 */
const configs = new Map<string, ResolvedConfig>();
function config(key: string, make: () => unknown): ResolvedConfig {
  let c = configs.get(key);
  if (c === undefined) {
    c = validateConfig(make());
    configs.set(key, c);
  }
  return c;
}

function engineGate(w: World): Gate {
  return new EngineGate(config(`engine ${w.mode} ${w.limit} ${w.maxFills} ${w.maxQty}`, () => ({
    instruments: [{ symbol: SYMBOL, maxLong: w.limit, maxShort: w.limit, sequence: w.mode, unconfirmed: { maxFills: w.maxFills, maxQty: w.maxQty } }],
  })));
}

function naiveGate(w: World): Gate {
  return new NaiveGate(config(`naive ${w.mode} ${w.limit}`, () => ({ instruments: [{ symbol: SYMBOL, maxLong: w.limit, maxShort: w.limit, sequence: w.mode }] })));
}

/** Runs the world; returns a description of the first violation, or undefined. */
function violation(w: World, gate: Gate, lose: boolean, bound: (m: ModelExchange) => number): string | undefined {
  const m = new ModelExchange(gate, w.mode, w.limit, lose, w.venueTimes);
  for (const a of w.actions) {
    m.step(a);
    const excess = m.excess();
    if (excess > bound(m)) return `excess ${excess} > bound ${bound(m)} after:\n${m.log.slice(-25).join('\n')}`;
  }
  return undefined;
}

test(`when the feeds reorder, duplicate, delay and drop (no lost executions) then riskgate never lets the true worst case exceed the limit (${RUNS} runs, seed ${SEED})`, () => {
  fc.assert(
    fc.property(world, (w) => {
      const v = violation(w, engineGate(w), false, () => 0);
      if (v !== undefined) throw new Error(v);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test(`when executions are lost then riskgate exceeds the limit by no more than the stated bound (seed ${SEED})`, () => {
  fc.assert(
    fc.property(world, (w) => {
      const v = violation(w, engineGate(w), true, (m) => m.lostBound());
      if (v !== undefined) throw new Error(v);
    }),
    { seed: SEED + 1, numRuns: Math.ceil(RUNS / 2) },
  );
});

test(`when the same generator drives the naive check then it finds a breach (the test has teeth, seed ${SEED})`, () => {
  const result = fc.check(
    fc.property(world, (w) => violation(w, naiveGate(w), false, () => 0) === undefined),
    { seed: SEED + 2, numRuns: RUNS },
  );
  assert.equal(result.failed, true, 'the naive check never breached: the generator has no teeth');
});
