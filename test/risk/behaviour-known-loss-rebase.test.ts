import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { EngineHarness, assertCode } from '../support/engine-harness.js';

// A walk-back snapshot that ends a known loss (the feed down and back up) is the base as it
// stands, never walked from the base before the loss: a lost execution is in no prefix of the
// fills, so a lost +1 and a later -1 whose fill arrived explain a snapshot equal to the base by the
// empty prefix, and the walk would count the -1 on a base that already holds it (estimate -1,
// truth 0). Before this rule the buy of 4 below was approved against maxLong 3. The snapshot that
// ends the loss is one known current (`currentSnap`): it shows the state after the reconnect.

test('when a lost +1 and a later -1 explain the snapshot ending a known loss then a buy of 4 is POSITION_LIMIT (maxLong 3, truth 0)', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.at(0).timedSnap(0, 0);
  h.at(1).feed(false);
  // An outside +1 executes while the feed is down: its fill is lost.
  h.at(2).feed(true);
  // An outside -1 executes after the reconnect, in the same millisecond as the position report below.
  h.at(3).fill('sell', 1, { seq: 2.002 });
  assert.equal(h.at(4).currentSnap(0, 2.002), ApplyResult.OK);
  assert.deepEqual(h.interval(), [-1, 0], 'the -1 may be inside the snapshot or after it: both');
  assertCode(h.buy('o1', 4), DenyReason.POSITION_LIMIT, 'was approved: the estimate -1 lacked the lost +1');
  assertCode(h.buy('o2', 3), DenyReason.APPROVED, 'the worst case 0 + 3 is within maxLong');
});

test('when the mirror image (lost -1, later +1, no venue times) then a sell of 4 is POSITION_LIMIT', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.snap(0);
  h.feed(false);
  h.feed(true);
  h.fill('buy', 1);
  h.currentSnap(0, NaN);
  assert.deepEqual(h.interval(), [0, 1]);
  assertCode(h.sell('s1', 4), DenyReason.POSITION_LIMIT, 'the truth 0 - 4 breaks maxShort 3');
  assertCode(h.sell('s2', 3), DenyReason.APPROVED);
});

test('when the fill that ends up offsetting the loss is stamped before the snapshot then the new base is exact at once', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.at(0).timedSnap(0, 0);
  h.at(1).feed(false);
  h.at(2).feed(true);
  h.at(3).fill('sell', 1, { seq: 2.001 });
  h.at(4).currentSnap(0, 2.002);
  assert.deepEqual(h.interval(), [0, 0], 'the -1 executed before the last change the snapshot includes: inside');
  assertCode(h.buy('o1', 4), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o2', 3), DenyReason.APPROVED);
});

test('when a fill is stamped after the snapshot ending the loss then both places stay in the interval', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.at(0).timedSnap(0, 0);
  h.at(1).feed(false);
  h.at(2).feed(true);
  h.at(3).fill('sell', 1, { seq: 2.003 });
  h.at(4).currentSnap(0, 2.002);
  assert.deepEqual(h.interval(), [-1, 0], 'a later stamp is not taken as proof of "outside" (a report stamped early by another clock)');
  assertCode(h.sell('s1', 3), DenyReason.POSITION_LIMIT, 'the worst case -1 - 3 breaks maxShort 3');
  assertCode(h.sell('s2', 2), DenyReason.APPROVED);
});

test('when fills arrived before the feed went down then a snapshot ending the loss holds them: no double count', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.snap(0);
  h.fill('buy', 2);
  h.feed(false);
  h.feed(true);
  h.currentSnap(3, NaN); // the +2 and a lost +1
  assert.deepEqual(h.interval(), [3, 3]);
  assertCode(h.buy('o1', 1), DenyReason.POSITION_LIMIT, 'the walk from 0 found no prefix (+2 of 3) and held the instrument dirty; the base is now exact');
});

test('when a later snapshot is explained only with the undecided fill inside then the interval closes to the truth (the block ends)', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.snap(0);
  h.feed(false);
  h.feed(true);
  h.fill('sell', 1);
  h.currentSnap(0, NaN);
  assert.deepEqual(h.interval(), [-1, 0]);
  h.snap(0);
  assert.deepEqual(h.interval(), [-1, 0], 'the same position again: the -1 may still be after both');
  h.fill('buy', 2);
  h.snap(2);
  assert.deepEqual(h.interval(), [2, 2], 'only "the -1 inside the first, the +2 inside this one" explains +2');
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1), DenyReason.POSITION_LIMIT);
});

test('when the later snapshot has a later venue time then every fill stamped before it is inside (the block ends)', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 4, maxQty: 8 } });
  h.at(0).timedSnap(0, 0);
  h.at(1).feed(false);
  h.at(2).feed(true);
  h.at(3).fill('sell', 1, { seq: 2.002 });
  h.at(4).currentSnap(0, 2.002);
  assert.deepEqual(h.interval(), [-1, 0]);
  h.at(5).fill('buy', 1, { seq: 4.5 });
  h.at(6).timedSnap(1, 5);
  assert.deepEqual(h.interval(), [1, 1]);
});

test('when orders rest on both sides then a later snapshot still settles the fills every explanation includes', () => {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, unconfirmed: { maxFills: 8, maxQty: 20 } });
  h.snap(0);
  h.feed(false);
  h.feed(true);
  h.fill('sell', 1);
  h.currentSnap(0, NaN);
  assertCode(h.buy('b1', 1), DenyReason.APPROVED);
  assertCode(h.sell('s1', 1), DenyReason.APPROVED);
  h.update('b1', 'new', 0, 1);
  h.update('s1', 'new', 0, 1);
  h.fill('buy', 5);
  h.snap(5);
  // Explanations: the -1 inside the first snapshot and the +5 inside this one, give or take the
  // resting orders' one lot each: every one of them includes the -1 and the +5.
  assert.deepEqual(h.interval(), [5, 5]);
});
