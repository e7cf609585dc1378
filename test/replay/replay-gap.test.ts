/**
 * Replay of a journal with gaps: the replay goes on past a gap, compares every later decision,
 * counts it as uncheckable, and never calls the journal reproduced (outcome `incomplete`) nor
 * blames the engine for a difference the lost records may explain (`afterGap`). A difference
 * before the first gap is still a mismatch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { JournalWriter } from '../../src/journal/journal-writer.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { recordedConfig } from '../../src/replay/recorded-config.js';
import { replayRecords } from '../../src/replay/replay-journal.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { RecordBody } from '../../src/schema/record-body.js';
import { burstScenario, tempDir } from '../journal/support.js';

const dir = tempDir('riskgate-replay-gap-');
let n = 0;
const CONFIG = JSON.stringify({ instruments: [{ symbol: 'X', maxLong: 2, maxShort: 2 }] });
const order = (id: string, qty: number): RecordBody => ({ kind: 'request', request: { type: 'order', orderId: id, symbol: 'X', side: 'buy', qty, price: 1, tif: 'GTC' } });
const approve = (requestSeq: number, orderId: string): RecordBody => ({ kind: 'decision', requestSeq, orderId, decision: 'approve', reasonCode: 0 });
const deny = (requestSeq: number, orderId: string, reason: string, reasonCode: number): RecordBody => ({ kind: 'decision', requestSeq, orderId, decision: 'deny', reasonCode, reason });

/** A journal with the records `write` appends (after the header). */
function journal(write: (w: JournalWriter) => void) {
  const path = join(dir, `j${n++}.rgj`);
  const w = JournalWriter.create(path, { configJson: CONFIG }, { journal: { policy: { fsync: 'none' }, blockBytes: 4096 } });
  w.append(0, { kind: 'event', event: { type: 'snapshot', symbol: 'X', position: 0 } });
  write(w);
  w.close();
  const j = openJournal(path);
  return replayRecords(j.records, recordedConfig(j), { explain: 'c' });
}

test('when an order was lost in a gap then a later decision that differs is uncheckable and the outcome is incomplete', () => {
  // Recorded: a (2 lots) approved, b (2 lots) lost in the gap and approved by the risk thread,
  // so c (1 lot) was denied POSITION_LIMIT. The replay, without b, approves c.
  const r = journal((w) => {
    w.append(1, approve(w.append(1, order('a', 1)), 'a'));
    w.append(1, { kind: 'gap', lost: 1, lostTotal: 1, fromAt: 1, toAt: 3 });
    w.append(3, deny(w.append(3, order('c', 1)), 'c', 'POSITION_LIMIT', 15));
  });
  assert.equal(r.outcome, 'incomplete');
  assert.deepEqual(r.gaps, [{ seq: 4, at: 1, lost: 1, lostTotal: 1, fromAt: 1, toAt: 3, last: false }]);
  assert.equal(r.lost, 1);
  assert.deepEqual([r.decisions, r.reproduced, r.uncheckable, r.uncheckableAgreed], [2, 1, 1, 0]);
  assert.deepEqual(r.differences, [{ seq: 6, at: 3, subject: 'order c', recorded: 'POSITION_LIMIT', replayed: 'approve', afterGap: true }]);
  assert.equal(r.explained[0]?.lostBefore, 1, 'an explanation after a gap says its history is incomplete');
});

test('when a decision differs before the first gap then the outcome is a mismatch whatever follows', () => {
  const r = journal((w) => {
    w.append(1, approve(w.append(1, order('a', 5)), 'a')); // the engine denies 5 lots > maxLong 2
    w.append(2, { kind: 'gap', lost: 3, lostTotal: 3, fromAt: 1, toAt: 2 });
    w.append(2, approve(w.append(2, order('c', 1)), 'c'));
  });
  assert.equal(r.outcome, 'mismatch');
  assert.deepEqual(r.differences.map((d) => [d.subject, d.afterGap]), [['order a', false]]);
  assert.deepEqual([r.uncheckable, r.uncheckableAgreed], [1, 1]);
});

test('when every decision agrees but the journal ends in a gap then it is still incomplete, never a pass', () => {
  const r = journal((w) => {
    w.append(1, approve(w.append(1, order('c', 1)), 'c'));
    w.append(1, { kind: 'gap', lost: 7, lostTotal: 7, fromAt: 1 });
  });
  assert.equal(r.outcome, 'incomplete');
  assert.deepEqual(r.differences, []);
  assert.deepEqual([r.decisions, r.reproduced, r.uncheckable], [1, 1, 0]);
  assert.equal(r.gaps[0]?.last, true);
  assert.equal(r.explained[0]?.lostBefore, 0);
});

test('when a cancel-all was lost in the gap right after its cause then the replayed one is uncheckable, not a mismatch', () => {
  const r = journal((w) => {
    w.append(1, { kind: 'decision', requestSeq: w.append(1, { kind: 'request', request: { type: 'kill', mode: 'halt' } }), decision: 'approve', reasonCode: 0 });
    w.append(1, { kind: 'gap', lost: 1, lostTotal: 1, fromAt: 1 }); // the halt's cancel-all
  });
  assert.equal(r.outcome, 'incomplete');
  assert.deepEqual(r.differences, [{ seq: -1, at: NaN, subject: 'cancel-all #1', recorded: 'none', replayed: '*', afterGap: true }]);
});

test('when a cancel-all is missing and a gap comes only later then it is a mismatch', () => {
  const r = journal((w) => {
    w.append(1, { kind: 'decision', requestSeq: w.append(1, { kind: 'request', request: { type: 'kill', mode: 'halt' } }), decision: 'approve', reasonCode: 0 });
    w.append(2, { kind: 'event', event: { type: 'heartbeat' } });
    w.append(2, { kind: 'gap', lost: 1, lostTotal: 1, fromAt: 2 });
  });
  assert.equal(r.outcome, 'mismatch');
  assert.deepEqual(r.differences.map((d) => [d.subject, d.afterGap]), [['cancel-all #1', false]]);
});

test('when a threaded run lost journal slots then the replay reproduces every decision before the first gap and reports the rest as uncheckable', async () => {
  const sc = parseScenario(burstScenario(300), 'burst');
  const path = join(dir, 'burst.rgj');
  const run = await runThreadedScenario(sc, { timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' }, journalRingCapacity: 8 } });
  assert.ok(run.stop.journalLost > 0);
  const j = openJournal(path);
  const r = replayRecords(j.records, recordedConfig(j));
  const firstGap = j.records.findIndex((x) => x.body.kind === 'gap');
  const decisionsAfter = j.records.filter((x, i) => i > firstGap && x.body.kind === 'decision').length;
  assert.equal(r.outcome, 'incomplete');
  assert.equal(r.lost, run.stop.journalLost);
  assert.equal(r.gaps.length, run.stop.journal?.gaps);
  assert.deepEqual(r.differences.filter((d) => !d.afterGap), [], 'everything before the first gap is reproduced');
  assert.equal(r.uncheckable, decisionsAfter);
  assert.equal(r.reproduced - r.uncheckableAgreed, r.decisions - r.uncheckable);
});
