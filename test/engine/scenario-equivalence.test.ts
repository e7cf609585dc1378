/**
 * The threaded run (feed worker + strategy worker + risk thread, real rings) prints exactly the
 * lines of the single-threaded run: for seeded random scenarios recorded from the model exchange
 * (EQUIV_SEED / EQUIV_RUNS to reproduce or widen). Every bundled scenario is asserted the same
 * by journal-threaded.test.ts, which runs each through threads once, with the journal on, and
 * also replays its journal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import type { Scenario } from '../../src/scenario/parse-scenario.js';
import { mergedRandomScenario, randomScenario } from './support/random-scenario.js';

const SEED = Number(process.env['EQUIV_SEED'] ?? 20261125);
/** Random scenarios run one per engine (full isolation). */
const RUNS = Number(process.env['EQUIV_RUNS'] ?? 10);
/** Random scenarios run merged, `MERGE` per engine (distinct instruments, shifted times). */
const MERGED_RUNS = Number(process.env['EQUIV_MERGED_RUNS'] ?? 300);
const MERGE = 25;

async function assertSameLines(sc: Scenario): Promise<void> {
  const single = runScenario(sc, new EngineGate(sc.config));
  const threaded = await runThreadedScenario(sc, { timeoutMs: 15_000 });
  assert.deepEqual(threaded.lines, single.lines, `${sc.name}: threaded output differs`);
  assert.equal(threaded.stop.cleanExit, true, `${sc.name}: the risk thread had to be terminated`);
  assert.equal(threaded.stop.lostEvents, 0);
}

test(`when ${RUNS} seeded random scenarios run through threads then each prints the single-threaded lines (seed ${SEED})`, async () => {
  let steps = 0;
  let decisions = 0;
  for (let k = 0; k < RUNS; k++) {
    const seed = (SEED + k) >>> 0;
    const sc = randomScenario(seed);
    steps += sc.steps.length;
    decisions += sc.steps.filter((s) => ['order', 'cancel', 'kill'].includes(s.step.type)).length;
    try {
      await assertSameLines(sc);
    } catch (e) {
      throw new Error(`random scenario seed ${seed} (EQUIV_SEED=${seed} EQUIV_RUNS=1): ${(e as Error).message}`);
    }
  }
  console.log(`equivalence: ${RUNS} random scenarios, ${steps} steps, ${decisions} decisions`);
});

test(`when ${MERGED_RUNS} more seeded random scenarios run merged ${MERGE} per engine then each batch prints the single-threaded lines (seed ${SEED + RUNS})`, async () => {
  let steps = 0;
  for (let k = 0; k < MERGED_RUNS; k += MERGE) {
    const seeds = Array.from({ length: Math.min(MERGE, MERGED_RUNS - k) }, (_, j) => (SEED + RUNS + k + j) >>> 0);
    const sc = mergedRandomScenario(seeds);
    steps += sc.steps.length;
    try {
      await assertSameLines(sc);
    } catch (e) {
      throw new Error(`merged random scenario, seeds ${seeds[0]}..${seeds.at(-1)}: ${(e as Error).message}`);
    }
  }
  console.log(`equivalence: ${MERGED_RUNS} merged random scenarios, ${steps} steps`);
});
