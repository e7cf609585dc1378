import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { NaiveGate } from '../../src/scenario/naive-gate.js';
import { adversarialWorld, runWorld, worldConfig } from '../support/adversarial-run.js';

/**
 * The safety property under an adversarial world (test/support/adversarial-world.ts, which
 * states the faults and the one excuse): no approved order takes the true worst case past a
 * limit, except by the lots of executions of orders the engine did not send that no message the
 * engine had received had revealed yet. Two instruments, every sequence mode, outside trades at
 * any moment, lost fills with and without gaps, feeds (and so full rings and lanes) down and up,
 * stale REST snapshots with and without venue times, several orders in flight, reduce-only exits.
 *
 * ADVERSARIAL_SEED / ADVERSARIAL_RUNS override the defaults; fast-check prints seed and path on
 * failure, and the failure message ends with the world's log.
 */
const SEED = Number(process.env['ADVERSARIAL_SEED'] ?? 20261207);
const RUNS = Number(process.env['ADVERSARIAL_RUNS'] ?? 100_000);

test(`when an adversarial world trades outside the engine, loses, reorders and replays events then no approval breaches a limit beyond unrevealed outside trades (${RUNS} runs, seed ${SEED})`, () => {
  console.log(`adversarial: seed ${SEED}, ${RUNS} runs (ADVERSARIAL_SEED / ADVERSARIAL_RUNS to change)`);
  fc.assert(
    fc.property(adversarialWorld, (w) => {
      const v = runWorld(w, new EngineGate(worldConfig(w)));
      if (v !== undefined) throw new Error(v);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test(`when the same generator drives the naive check then it finds a violation (the generator has teeth, seed ${SEED})`, () => {
  const result = fc.check(
    fc.property(adversarialWorld, (w) => runWorld(w, new NaiveGate(worldConfig(w))) === undefined),
    { seed: SEED + 1, numRuns: 2_000 },
  );
  assert.equal(result.failed, true, 'the naive check never breached: the generator has no teeth');
});
