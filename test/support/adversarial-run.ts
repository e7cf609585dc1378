import fc from 'fast-check';
import { validateConfig } from '../../src/config/validate-config.js';
import type { ResolvedConfig } from '../../src/config/engine-config.js';
import type { Gate } from '../../src/scenario/gate.js';
import { ACTIONS, AdversarialWorld, OUTSIDE_HEAVY, SYMBOLS, type Action, type InstrumentSetup, type Mode } from './adversarial-world.js';

/** The arbitrary of adversarial worlds (adversarial-world.ts), their config, and one run. */
const action: fc.Arbitrary<Action> = fc.tuple(fc.nat({ max: ACTIONS.length - 1 }), fc.nat({ max: 1000 }), fc.nat({ max: 1000 }));
const setup: fc.Arbitrary<InstrumentSetup> = fc.record({
  mode: fc.constantFrom<Mode>('none', 'monotonic', 'contiguous'),
  venueTimes: fc.boolean(),
  limit: fc.integer({ min: 1, max: 8 }),
});
export const adversarialWorld = fc.record({
  setups: fc.tuple(setup, setup),
  maxFills: fc.integer({ min: 0, max: 4 }),
  maxQty: fc.integer({ min: 0, max: 8 }),
  actions: fc.array(action, { minLength: 5, maxLength: 60 }),
  /** Which mix of actions (adversarial-world.ts): 0-2 every action alike, 3 outside trades dominate. */
  mix: fc.nat({ max: 1 }),
});
export type WorldInput = typeof adversarialWorld extends fc.Arbitrary<infer W> ? W : never;

/**
 * The validated config of a world. Memoized by the fields that make it: a ResolvedConfig is
 * frozen and read only, and validation (building and running the config schema) cost more than
 * running the world itself. Every world still gets a fresh engine; only the validated
 * description of its limits is shared with earlier worlds that had the same ones.
 */
const configs = new Map<string, ResolvedConfig>();
export function worldConfig(w: WorldInput): ResolvedConfig {
  const key = `${w.setups.map((s) => `${s.mode}/${s.limit}`).join(',')};${w.maxFills};${w.maxQty}`;
  let config = configs.get(key);
  if (config === undefined) {
    config = validateConfig({
      instruments: w.setups.map((s, i) => ({
        symbol: SYMBOLS[i], maxLong: s.limit, maxShort: s.limit, sequence: s.mode, unconfirmed: { maxFills: w.maxFills, maxQty: w.maxQty },
      })),
      capacity: { maxOrders: 128, fillsPerInstrument: 64, execIds: 256 },
    });
    configs.set(key, config);
  }
  return config;
}

/**
 * What a run of worlds covered: worlds with at least one class-2 moment (AdversarialWorld.class2),
 * and with at least one known loss offset on a walk-back instrument (AdversarialWorld.lossOffsets).
 */
export interface Coverage {
  class2Worlds: number;
  lossOffsetWorlds: number;
}

/** Runs the world through `gate`; the first violation (with the world's log), or undefined. */
export function runWorld(w: WorldInput, gate: Gate, coverage?: Coverage): string | undefined {
  const world = new AdversarialWorld(gate, w.setups);
  const mix = w.mix === 1 ? OUTSIDE_HEAVY : ACTIONS;
  let result: string | undefined;
  for (const a of w.actions) {
    world.step(a, mix);
    if (world.violation !== undefined) {
      result = `${world.violation}\n${world.log.slice(-30).join('\n')}`;
      break;
    }
  }
  if (coverage !== undefined && world.class2 > 0) coverage.class2Worlds++;
  if (coverage !== undefined && world.lossOffsets > 0) coverage.lossOffsetWorlds++;
  return result;
}

