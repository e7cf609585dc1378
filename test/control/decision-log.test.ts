import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionLog } from '../../src/control/decision-log.js';

const rec = (at: number) => ({ at, kind: 'cancel' as const, orderId: `o${at}`, decision: 'deny' as const, reason: 'UNKNOWN_ORDER' });

test('when a reader keeps up then it gets every decision once, in order, capped by max', () => {
  const log = new DecisionLog(8);
  for (let k = 1; k <= 5; k++) log.append(rec(k));
  const a = log.since(0, 3);
  assert.deepEqual(a.decisions.map((d) => d.seq), [1, 2, 3]);
  assert.equal(a.missed, 0);
  assert.deepEqual(log.since(3, 10).decisions.map((d) => d.at), [4, 5]);
  assert.deepEqual(log.since(5, 10), { decisions: [], missed: 0 });
});

test('when a reader falls behind the bounded log then it learns how many it missed', () => {
  const log = new DecisionLog(4);
  for (let k = 1; k <= 10; k++) log.append(rec(k));
  const b = log.since(2, 100);
  assert.deepEqual(b.decisions.map((d) => d.seq), [7, 8, 9, 10]);
  assert.equal(b.missed, 4, 'seqs 3..6 were overwritten');
});

test('when copied records arrive with holes then the holes count as missed', () => {
  const log = new DecisionLog(16);
  for (const seq of [1, 2, 5]) log.appendNumbered({ seq, ...rec(seq) });
  log.appendNumbered({ seq: 2, ...rec(2) }); // an old one again: ignored
  const b = log.since(0, 10);
  assert.deepEqual(b.decisions.map((d) => d.seq), [1, 2, 5]);
  assert.equal(b.missed, 2);
});

test('latencies are handed out once each, and overwritten ones are counted', () => {
  const log = new DecisionLog(4, 3);
  for (const ns of [10, 20, 30, 40]) log.recordLatency(ns);
  const got: number[] = [];
  log.takeLatencies((ns) => got.push(ns));
  assert.deepEqual(got, [20, 30, 40]);
  assert.equal(log.latenciesDropped, 1);
  log.takeLatencies(() => assert.fail('taken twice'));
});
