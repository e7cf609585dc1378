import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_INSTRUMENTS, Counter, KillMode } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// The kill switch (instrument / global; halt or reduce-only) and its cancel-all queue.
// As documented on RiskEngine.kill: HALT queues a cancel-all, REDUCE does not.

function two(): EngineHarness {
  const h = new EngineHarness([{ symbol: 'A' }, { symbol: 'B' }]);
  h.snap(3, NaN, 'A');
  h.snap(3, NaN, 'B');
  return h;
}

test('when the global kill switch halts then every order on every instrument is denied KILL_SWITCH, reducing ones too', () => {
  const h = two();
  assertCode(h.kill('halt'), DenyReason.APPROVED);
  assert.equal(h.engine.globalKillMode, KillMode.HALT);
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.KILL_SWITCH);
  assertCode(h.sell('a2', 1, 100, 'A'), DenyReason.KILL_SWITCH);
  assertCode(h.buy('b1', 1, 100, 'B'), DenyReason.KILL_SWITCH);
  assert.deepEqual(h.cancelAlls(), ['*']);
  assert.equal(h.engine.takeCancelAll(), -2, 'the queue is empty once taken');
});

test('when the global halt is resumed then orders pass again', () => {
  const h = two();
  h.kill('halt');
  h.kill('resume');
  assert.equal(h.engine.globalKillMode, KillMode.RESUME);
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.APPROVED);
});

test('when one instrument is halted then only it is denied, and its cancel-all names it', () => {
  const h = two();
  assertCode(h.kill('halt', 'A'), DenyReason.APPROVED);
  assertCode(h.sell('a1', 1, 100, 'A'), DenyReason.KILL_SWITCH);
  assertCode(h.buy('b1', 1, 100, 'B'), DenyReason.APPROVED);
  assert.deepEqual(h.cancelAlls(), ['A']);
  h.kill('resume', 'A');
  assertCode(h.sell('a2', 1, 100, 'A'), DenyReason.APPROVED);
});

test('when reduce-only is set then risk-increasing orders are denied REDUCE_ONLY and reducing ones pass; no cancel-all', () => {
  const h = two();
  assertCode(h.kill('reduce', 'A'), DenyReason.APPROVED);
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.REDUCE_ONLY);
  assertCode(h.sell('a2', 4, 100, 'A'), DenyReason.REDUCE_ONLY, 'flips the long 3');
  assertCode(h.sell('a3', 3, 100, 'A'), DenyReason.APPROVED);
  assertCode(h.buy('b1', 1, 100, 'B'), DenyReason.APPROVED);
  assert.deepEqual(h.cancelAlls(), []);
});

test('when global reduce-only is set then it applies to every instrument', () => {
  const h = two();
  h.kill('reduce');
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.REDUCE_ONLY);
  assertCode(h.buy('b1', 1, 100, 'B'), DenyReason.REDUCE_ONLY);
  assertCode(h.sell('b2', 1, 100, 'B'), DenyReason.APPROVED);
});

test('when an instrument is in reduce-only and the global switch halts then the halt wins', () => {
  const h = two();
  h.kill('reduce', 'A');
  h.kill('halt');
  assertCode(h.sell('a1', 1, 100, 'A'), DenyReason.KILL_SWITCH);
});

test('when an instrument is resumed under a global halt then it stays halted', () => {
  const h = two();
  h.kill('halt');
  h.kill('resume', 'A');
  assertCode(h.sell('a1', 1, 100, 'A'), DenyReason.KILL_SWITCH);
});

test('when the global switch resumes then instrument halts and reduce-only are cleared as well', () => {
  const h = two();
  h.kill('halt', 'A');
  h.kill('reduce', 'B');
  h.kill('resume');
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.APPROVED);
  assertCode(h.buy('b1', 1, 100, 'B'), DenyReason.APPROVED);
});

test('when the global switch resumes then a flip-flop halt is cleared too', () => {
  const h = new EngineHarness({ unconfirmed: { maxFills: 10, maxQty: 100 }, flipFlop: { windowMs: 1000, maxReversals: 0, maxGrossMultiple: 100 } });
  h.snap(0);
  h.fill('buy', 1);
  h.fill('sell', 2);
  assertCode(h.buy('o1', 1), DenyReason.FLIP_FLOP);
  h.kill('resume');
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
});

test('when the kill switch is set then orders already open keep counting until the venue confirms their cancel', () => {
  const h = new EngineHarness({ maxLong: 5 });
  h.snap(0);
  assertCode(h.buy('o1', 5), DenyReason.APPROVED);
  h.kill('halt');
  assert.deepEqual(h.cancelAlls(), ['*']);
  h.kill('resume');
  assertCode(h.buy('o2', 1), DenyReason.POSITION_LIMIT);
  h.update('o1', 'canceled', 0, 0);
  assertCode(h.buy('o3', 1), DenyReason.APPROVED);
});

test('when kill names an unknown instrument or mode then it is refused and changes nothing', () => {
  const h = two();
  assertCode(h.engine.kill(KillMode.HALT, 7), DenyReason.UNKNOWN_INSTRUMENT);
  assertCode(h.engine.kill(9, ALL_INSTRUMENTS), DenyReason.INVALID_ORDER);
  assertCode(h.engine.kill(9, 0), DenyReason.INVALID_ORDER);
  assert.equal(h.engine.takeCancelAll(), -2);
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.APPROVED);
});

test('when more cancel-alls are queued than the queue holds then the oldest are kept and the rest counted as dropped', () => {
  const h = two();
  for (let n = 0; n < 70; n++) h.kill('halt', n % 2 === 0 ? 'A' : 'B');
  assert.equal(h.engine.counters[Counter.CANCEL_ALL_DROPPED], 6);
  const got = h.cancelAlls();
  assert.equal(got.length, 64);
  assert.deepEqual(got.slice(0, 3), ['A', 'B', 'A']);
  h.kill('halt');
  assert.deepEqual(h.cancelAlls(), ['*'], 'room again once taken');
});
