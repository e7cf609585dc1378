/**
 * The adversarial world (test/support/adversarial-world.ts) through real threads on a sample:
 * each world is recorded against the single-threaded engine, then replayed through a feed
 * worker, a strategy worker and the risk thread; the threaded run must print exactly the same
 * decisions (so the safety property checked on the single-threaded run holds for it too), and
 * the recorded world itself must hold the property. ADVERSARIAL_THREADED_SEED / _RUNS override.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { adversarialWorld, runWorld, worldConfig } from '../support/adversarial-run.js';
import { SYMBOLS } from '../support/adversarial-world.js';
import { RecordingGate } from './support/random-scenario.js';

const SEED = Number(process.env['ADVERSARIAL_THREADED_SEED'] ?? 20261207);
const RUNS = Number(process.env['ADVERSARIAL_THREADED_RUNS'] ?? 12);

test(`when ${RUNS} adversarial worlds run through threads then each prints the single-threaded decisions and holds the property (seed ${SEED})`, async () => {
  console.log(`adversarial threaded: seed ${SEED}, ${RUNS} worlds`);
  const worlds = fc.sample(adversarialWorld, { seed: SEED, numRuns: RUNS });
  for (const [n, w] of worlds.entries()) {
    const recorder = new RecordingGate(new EngineGate(worldConfig(w)));
    assert.equal(runWorld(w, recorder), undefined, `world ${n}: the property failed on the single-threaded engine`);
    const config = {
      instruments: w.setups.map((s, i) => ({ symbol: SYMBOLS[i], maxLong: s.limit, maxShort: s.limit, sequence: s.mode, unconfirmed: { maxFills: w.maxFills, maxQty: w.maxQty } })),
      capacity: { maxOrders: 128, fillsPerInstrument: 64, execIds: 256 },
    };
    const sc = parseScenario({ description: `adversarial ${n}`, config, steps: recorder.steps }, `adversarial-${n}`);
    const single = runScenario(sc, new EngineGate(sc.config));
    const threaded = await runThreadedScenario(sc, { timeoutMs: 15_000 });
    assert.deepEqual(threaded.lines, single.lines, `world ${n}: threaded output differs`);
    assert.equal(threaded.stop.cleanExit, true);
  }
});
