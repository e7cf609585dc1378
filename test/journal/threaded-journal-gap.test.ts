/**
 * Journal loss in the threaded engine is in the file: a threaded run whose journal ring is far
 * too small for its burst loses most journal slots (the risk thread never waits for the journal
 * thread), and the journal holds a gap record exactly where each run of losses happened, with
 * the counts the risk thread reported. Every step of the burst scenario is one engine call at
 * engine time = its index, so a record's `at` says which step it is and a gap's place can be
 * checked step by step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { GapBody } from '../../src/schema/record-body.js';
import { burstScenario, tempDir } from './support.js';

const dir = tempDir('riskgate-journal-gap-');

test('when the journal ring overflows in a threaded run then every lost engine call is in a gap record at the place it was lost', async () => {
  const sc = parseScenario(burstScenario(300), 'burst');
  const path = join(dir, 'burst.rgj');
  const run = await runThreadedScenario(sc, { timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' }, journalRingCapacity: 8 } });
  assert.deepEqual(run.failures, []);
  const stop = run.stop;
  assert.ok(stop.journalLost > 0, `${sc.steps.length} steps overflow an 8-slot journal ring (lost ${stop.journalLost})`);
  assert.equal(stop.journalRecords + stop.journalLost, sc.steps.length, 'one journal slot per step, kept or lost');
  assert.equal(stop.journal?.ringDrops, stop.journalLost);
  assert.equal(stop.journal?.lostInGaps, stop.journalLost, 'every loss the risk thread counted is in the file');
  assert.equal(stop.journal?.error, undefined);

  const j = openJournal(path);
  assert.equal(j.tornTail, undefined);
  const gapRecords = j.records.filter((r) => r.body.kind === 'gap');
  assert.equal(gapRecords.length, stop.journal?.gaps);
  assert.ok(gapRecords.length > 0);

  let prevStep = -1;
  let pending: { at: number; body: GapBody } | undefined;
  let total = 0;
  const checkGap = (nextStep: number | undefined): void => {
    const missing = (nextStep ?? sc.steps.length) - prevStep - 1;
    const where = `between step ${prevStep} and ${nextStep ?? 'the end'}`;
    assert.equal(pending?.body.lost ?? 0, missing, `engine calls lost ${where}`);
    if (pending === undefined) return;
    total += pending.body.lost;
    assert.equal(pending.body.lostTotal, total, `running total ${where}`);
    assert.equal(pending.body.fromAt, prevStep < 0 ? undefined : prevStep, `fromAt ${where}`);
    assert.equal(pending.body.toAt, nextStep, `toAt ${where}`);
    assert.equal(pending.at, pending.body.fromAt ?? pending.body.toAt, 'a gap is stamped with the time of the record before it');
    pending = undefined;
  };
  for (const rec of j.records.slice(1)) {
    if (rec.body.kind === 'gap') {
      assert.equal(pending, undefined, 'never two gap records in a row');
      pending = { at: rec.at, body: rec.body };
      continue;
    }
    if (rec.at === prevStep) continue; // the decision that follows its request
    checkGap(rec.at);
    prevStep = rec.at;
  }
  checkGap(undefined);
  assert.equal(total, stop.journalLost);
});
