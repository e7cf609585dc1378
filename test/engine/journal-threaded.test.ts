/**
 * The threaded engine's journal: every bundled scenario runs through real threads (feed worker,
 * strategy worker, risk thread) with the journal on; the threaded run prints exactly the lines
 * of the single-threaded run (the bundled scenarios' part of scenario-equivalence.test.ts, run
 * here once rather than once more without the journal); the journal thread writes the file off
 * the hot path; a fresh single-threaded engine replaying the file with the recorded config
 * reproduces every decision and every cancel-all, and nothing was lost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { RiskGate } from '../../src/gate/index.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { replayRecords } from '../../src/replay/replay-journal.js';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'riskgate-journal-threaded-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).sort()) {
  test(`when ${file} runs through threads with the journal on then it prints the single-threaded lines and replaying the journal reproduces every decision`, async () => {
    const sc = loadScenario(join(SCENARIOS, file));
    const path = join(dir, `${file}.rgj`);
    const run = await runThreadedScenario(sc, { timeoutMs: 15_000, engine: { journal: { path, fsync: 'intervalMs', intervalMs: 5 } } });
    assert.deepEqual(run.lines, runScenario(sc, new EngineGate(sc.config)).lines, `${sc.name}: threaded output differs`);
    assert.equal(run.stop.cleanExit, true, `${sc.name}: the risk thread had to be terminated`);
    assert.equal(run.stop.lostEvents, 0);
    assert.equal(run.stop.journalLost, 0);
    assert.equal(run.stop.journal?.cleanExit, true);
    assert.equal(run.stop.journal?.ringDrops, 0);
    assert.equal(run.stop.journal?.error, undefined);
    const j = openJournal(path);
    assert.equal(j.tornTail, undefined);
    const requests = sc.steps.filter((p) => p.step.type === 'order' || p.step.type === 'cancel' || p.step.type === 'kill').length;
    const r = replayRecords(j.records, recordedConfig(j));
    assert.deepEqual(r.differences, []);
    assert.equal(r.requests, requests, 'every request is in the journal');
    assert.equal(r.decisions, requests);
    assert.equal(r.reproduced, requests);
    assert.equal(r.undecided, 0);
    assert.equal(r.events, sc.steps.length - requests, 'every applied event is in the journal (the feed worker\'s LANE_UP is not an engine call)');
    assert.equal(r.cancelAllsRecorded, r.cancelAllsReplayed);
    assert.equal(j.records.length - 1, run.stop.journal?.records, 'the journal thread appended every record');
  });
}

test('when the journal ring is tiny then the risk thread answers every order and counts what did not fit as journal loss', async () => {
  const sc = loadScenario(join(SCENARIOS, readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).sort()[0]!));
  const path = join(dir, 'tiny.rgj');
  const gate = new RiskGate(sc.config, { journal: { path, fsync: 'none' }, journalRingCapacity: 2, clock: 'slots' });
  await gate.start();
  const client = gate.client(gate.createStrategy('s'));
  const sym = 0;
  let decided = 0;
  for (let k = 0; k < 200; k++) if (client.decideOrder(1000 + k, sym, 1, 1, 100) >= 0) decided++;
  const stop = await gate.stop();
  assert.equal(decided, 200, 'the risk thread answered every order without waiting for the journal');
  assert.equal(stop.journalRecords + stop.journalLost, 200);
  assert.equal(stop.journal?.ringDrops, stop.journalLost, 'the ring\'s drop counter agrees');
  assert.ok(stop.journal!.slots === stop.journalRecords);
  assert.equal(stop.journal?.lostInGaps, stop.journalLost, 'every lost record is accounted for in a gap record of the file');
  assert.equal(stop.journal!.gaps > 0, stop.journalLost > 0, 'gap records exactly when something was lost');
});

// `as never`: the type refuses the mode at compile time; a JavaScript caller still meets the run-time check.
test('when options.journal is malformed then the constructor names every problem', () => {
  assert.throws(() => new RiskGate({ instruments: [{ symbol: 'A', maxLong: 1, maxShort: 1 }] }, { journal: { path: '' } }), /options\.journal\.path/);
  assert.throws(() => new RiskGate({ instruments: [{ symbol: 'A', maxLong: 1, maxShort: 1 }] }, { journal: { path: 'x', fsync: 'sometimes' as never } }), /options\.journal\.fsync/);
});
