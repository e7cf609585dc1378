import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult, Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Reconciling a snapshot with the fills without sequence numbers (docs/model.md "Reconciling a snapshot with the fills"):
// walk the fills in arrival order to the largest k whose running sum explains the snapshot;
// when none does, the snapshot is the base of an interval and the instrument is dirty.

const ROOMY = { maxFills: 10, maxQty: 100 };

function walk(cfg: Record<string, unknown> = {}): EngineHarness {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, unconfirmed: { maxFills: 0, maxQty: 0 }, ...cfg });
  h.snap(0);
  return h;
}

test('when a round trip +q, -q is followed by a flat snapshot then both fills are confirmed (largest k)', () => {
  const h = walk();
  h.fill('buy', 3);
  h.fill('sell', 3);
  assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
  assert.equal(h.snap(0), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
  assert.deepEqual(h.interval(), [0, 0]);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
});

test('when several prefixes explain the snapshot then the largest is confirmed and the rest stays unconfirmed', () => {
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 1);
  h.fill('sell', 1);
  h.fill('buy', 2);
  h.fill('sell', 2);
  h.fill('buy', 5);
  // Prefix sums 1, 0, 2, 0, 5: snapshot 0 matches k = 0, 2 and 4; the walk takes 4.
  assert.equal(h.snap(0), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
  assert.equal(h.engine.ledger.unconfirmedQty(0), 5);
  assert.deepEqual(h.interval(), [5, 5]);
});

test('when a snapshot explains only a prefix then the later fills stay unconfirmed and the estimate does not depend on k', () => {
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 2);
  h.fill('buy', 3);
  assert.deepEqual(h.interval(), [5, 5]);
  assert.equal(h.snap(2), ApplyResult.OK);
  assert.deepEqual(h.interval(), [5, 5]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
  assert.equal(h.snap(5), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
  assert.deepEqual(h.interval(), [5, 5]);
});

test('when no prefix explains the snapshot then it becomes the base of an interval and the instrument is dirty until explained', () => {
  const h = walk({ maxLong: 8, unconfirmed: ROOMY });
  h.fill('buy', 1);
  assert.equal(h.snap(3), ApplyResult.MISMATCH);
  assert.equal(h.engine.counters[Counter.MISMATCHES], 1);
  const ledger = h.engine.ledger;
  ledger.estimate(0);
  // Snapshot 3 may or may not include the +1 seen since the last one: [3, 4].
  assert.deepEqual([ledger.lo, ledger.hi], [3, 4]);
  assert.equal(ledger.ambiguous[0], 1);
  assertCode(h.buy('o1', 1), DenyReason.POSITION_MISMATCH);
  h.fill('buy', 2); // a manual trade: every suffix grows by 2, the empty suffix joins
  ledger.estimate(0);
  assert.deepEqual([ledger.lo, ledger.hi], [3, 6]);
  assertCode(h.sell('o2', 4), DenyReason.POSITION_MISMATCH, 'sell 4 could flip the position');
  // Snapshot 6 = base + 3: only "the base included none of the fills" explains it.
  assert.equal(h.snap(6), ApplyResult.OK);
  ledger.estimate(0);
  assert.deepEqual([ledger.lo, ledger.hi], [6, 6]);
  assert.equal(ledger.ambiguous[0], 0);
  assert.equal(ledger.unconfirmedCount(0), 0);
  assertCode(h.buy('o3', 2), DenyReason.APPROVED);
  assertCode(h.buy('o4', 1), DenyReason.POSITION_LIMIT);
});

test('when the position is an interval then only orders reducing for every explanation pass', () => {
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 1);
  h.snap(3);
  h.fill('buy', 2); // [3, 6]
  assertCode(h.sell('o1', 3), DenyReason.APPROVED);
  assertCode(h.sell('o2', 1), DenyReason.POSITION_MISMATCH);
});

test('when a later snapshot has two explanations with different bases then the instrument stays dirty', () => {
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 1);
  h.snap(3);
  h.fill('buy', 2);
  h.fill('sell', 1);
  assert.deepEqual(h.interval(), [2, 5], 'suffixes -1, 1, 2 and the empty one');
  // Base 3, d = +2, prefix sums 0, 1, 3, 2: (k=2, j=1) and (k=3, j=0) differ in the base.
  assert.equal(h.snap(5), ApplyResult.MISMATCH);
  assert.equal(h.engine.ledger.ambiguous[0], 1);
  assert.deepEqual(h.interval(), [4, 7]);
  assertCode(h.buy('o1', 1), DenyReason.POSITION_MISMATCH);
});

test('when a later snapshot fits two explanations then the interval stays and the mismatch is counted again', () => {
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 1);
  h.snap(3); // [3, 4]
  assert.equal(h.snap(3), ApplyResult.MISMATCH, 'the +1 may be in both snapshots or in neither');
  assert.equal(h.engine.counters[Counter.MISMATCHES], 2);
  assert.deepEqual(h.interval(), [3, 4]);
  assertCode(h.buy('o1', 1), DenyReason.POSITION_MISMATCH);
});

test('when fills arrive before the first snapshot then which of them it includes is unknown: an interval, dirty', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.fill('buy', 2);
  assert.equal(h.snap(2), ApplyResult.OK);
  assert.deepEqual(h.interval(), [2, 4]);
  assertCode(h.buy('o1', 1), DenyReason.POSITION_MISMATCH);
  h.fill('sell', 1);
  assert.deepEqual(h.interval(), [1, 3]);
  // 2 + (-1) from base j = 1: the first snapshot included the +2.
  assert.equal(h.snap(1), ApplyResult.OK);
  assert.deepEqual(h.interval(), [1, 1]);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
});

test('when an inferred fill is inside a snapshot at the place its update arrived then its real fill is not counted again', () => {
  const h = walk({ unconfirmed: ROOMY });
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  h.update('o1', 'filled', 2, 0); // inferred +2
  h.fill('sell', 1); // a liquidation after it
  assert.deepEqual(h.interval(), [1, 1]);
  assert.equal(h.snap(2), ApplyResult.OK, 'prefix [+2] explains it');
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
  h.fill('buy', 2, { order: 'o1' });
  assert.deepEqual(h.interval(), [1, 1]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1);
  assert.equal(h.engine.orders.used, 0);
  assert.equal(h.snap(1), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
});

test('when the snapshot is not explained and a live order\'s leaves could explain it too then the interval stays until that order is done', () => {
  // An ambiguous base collapses only on a single answer that needs none of the executions the
  // orders still out may have made unreported (walk-back-reconciler.ts liveOrdersExplainNothing).
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 1);
  h.snap(3); // [3, 4]
  assertCode(h.sell('o1', 1), DenyReason.APPROVED);
  h.fill('buy', 2); // [3, 6]; prefix sums 0, 1, 3
  // 5 = 3 + 2 (the base held the +1, o1 not executed) or 3 + 3 - 1 (o1 sold 1 inside, its fill on the way).
  assert.equal(h.snap(5), ApplyResult.MISMATCH, 'o1 may be inside the snapshot');
  assert.equal(h.engine.ledger.ambiguous[0], 1);
  assert.deepEqual(h.interval(), [5, 8], 'the new base 5 may lack any suffix of +1, +2');
  assertCode(h.buy('o2', 1), DenyReason.POSITION_MISMATCH);
  h.update('o1', 'canceled', 0, 0);
  h.fill('sell', 1); // a manual trade; prefix sums 0, 1, 3, 2
  assert.equal(h.snap(4), ApplyResult.OK, 'nothing out: d = -1 has one answer (the base 5 held +1, +2)');
  assert.deepEqual(h.interval(), [4, 4]);
  assert.equal(h.engine.ledger.ambiguous[0], 0);
});

test('when the snapshot is explained from an ambiguous base and no execution within the live orders\' leaves changes the answer then it collapses with orders out', () => {
  const h = walk({ unconfirmed: ROOMY });
  h.fill('buy', 1);
  h.snap(3); // [3, 4]
  assertCode(h.sell('o1', 1), DenyReason.APPROVED); // a resting sell: the book is not quiescent
  h.fill('buy', 2); // [3, 6]; prefix sums 0, 1, 3
  // 6 = 3 + 3 (the base held neither fill); with o1's sell inside it would need +4: no pair.
  assert.equal(h.snap(6), ApplyResult.OK, 'o1 cannot be inside: the only answer stands');
  assert.equal(h.engine.ledger.ambiguous[0], 0);
  assert.deepEqual(h.interval(), [6, 6]);
  assertCode(h.buy('o2', 3), DenyReason.APPROVED, 'no longer blocked while o1 rests');
  h.fill('sell', 1, { order: 'o1' }); // o1 executes after the snapshot
  // The collapse ruled o1 out only if no execution the engine did not send is inside the
  // snapshot with its fill still to come (an outside buy of 1 beside o1's sell explains 6 too):
  // the collapsed base is open, and a fill of an order approved before it may be inside it.
  assert.deepEqual(h.interval(), [5, 6]);
  h.update('o1', 'filled', 1, 0);
  assert.equal(h.snap(5), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
});

test('when orders are out on both sides then a buy and a sell of the same size may be inside the snapshot: the base stays ambiguous', () => {
  const h = walk({ unconfirmed: ROOMY });
  assertCode(h.buy('b1', 1), DenyReason.APPROVED); // a resting bid
  h.fill('buy', 1);
  h.snap(3); // [3, 4], b1 still out
  assertCode(h.sell('o1', 1), DenyReason.APPROVED); // and a resting offer
  h.fill('buy', 2);
  // 6 = 3 + 3 with nothing inside, or with o1's sell and o3's buy both inside (fills to come).
  assert.equal(h.snap(6), ApplyResult.MISMATCH);
  assert.equal(h.engine.ledger.ambiguous[0], 1);
  assertCode(h.health(), DenyReason.POSITION_MISMATCH);
});

test('when an order out since before the ambiguous base is still live then it may be inside the base as well: no collapse', () => {
  // Found by the property test: o0 executes, the snapshot shows it before its fill arrives.
  const h = walk({ maxLong: 1, maxShort: 1, unconfirmed: ROOMY });
  assertCode(h.buy('o0', 1), DenyReason.APPROVED);
  assert.equal(h.snap(1), ApplyResult.MISMATCH, 'no fill explains +1: o0 is inside, its fill on the way');
  // The same position again: d = 0, and o0 has nothing inside it *relative to the base*, yet
  // its fill, still to come, is inside both.
  assert.equal(h.snap(1), ApplyResult.MISMATCH);
  assert.equal(h.engine.ledger.ambiguous[0], 1);
  h.fill('buy', 1, { order: 'o0' });
  const [lo, hi] = h.interval();
  assert.ok(lo <= 1 && 1 <= hi, `true position 1 outside [${lo}, ${hi}]`);
  assertCode(h.sell('o1', 2), DenyReason.POSITION_MISMATCH, 'selling 2 from a true 1 would breach maxShort 1');
});
