import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Unsequenced instruments whose venue stamps its position reports with the time of the last
// change, but not every report: OKX lists open positions only, so a REST answer that lacks the
// instrument says "flat" with no venue time at all. Such an answer can be older than the base the
// stream gave since (a late answer: its content was read when the request arrived), and nothing
// in it tells so.

/** Flat at 1000, three buys approved (2, 3, 2); the first filled and confirmed by the stream at 1010. */
function afterFirstBuy(): EngineHarness {
  const h = new EngineHarness({ unconfirmed: { maxFills: 10, maxQty: 100 } });
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  assertCode(h.buy('o2', 3), DenyReason.APPROVED);
  assertCode(h.buy('o3', 2), DenyReason.APPROVED);
  h.fill('buy', 2, { order: 'o1' });
  h.update('o1', 'filled', 2, 0);
  assert.equal(h.timedSnap(2, 1010), ApplyResult.OK);
  assert.deepEqual(h.interval(), [2, 2]);
  return h;
}

test('when an untimed flat answer older than the timed base arrives then it is ignored: the base and the interval stay', () => {
  const h = afterFirstBuy();
  // The REST answer read while the account was still flat, landing after the stream's +2 at 1010.
  assert.equal(h.currentSnap(0, NaN), ApplyResult.STALE_SNAPSHOT);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.ledger.snapPos[0], 2);
  // The rest as the venue reports it: o2 and o3 fill (true +7); the stream's update after o2
  // (+5 at 1020) lands late, after o3's fill.
  h.fill('buy', 3, { order: 'o2' });
  h.update('o2', 'filled', 3, 0);
  h.fill('buy', 2, { order: 'o3' });
  h.update('o3', 'filled', 2, 0);
  assert.notEqual(h.timedSnap(5, 1020), ApplyResult.STALE_SNAPSHOT);
  const [lo, hi] = h.interval();
  assert.ok(lo <= 7 && 7 <= hi, `the true +7 is inside [${lo}, ${hi}]`);
  assertCode(h.buy('o4', 5), DenyReason.POSITION_LIMIT, 'true +7: a buy of 5 would take it to 12');
});

test('when an untimed answer shows the state after the base was applied (asOf) then it is walked as usual', () => {
  const h = afterFirstBuy(); // base +2 applied at engine time 0
  h.fill('buy', 3, { order: 'o2' });
  h.update('o2', 'filled', 3, 0);
  h.at(2_000);
  // A REST answer sent at 1100 on a venue whose answers lag by at most 1000: as of 100.
  assert.equal(h.engine.applySnapshot(0, 5, NaN, NaN, 1, 100), ApplyResult.OK);
  assert.deepEqual(h.interval(), [5, 5]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0, 'the +3 is inside it');
});

test('when an untimed answer is not shown later than the base by the clock slack then it is ignored and counted', () => {
  const h = afterFirstBuy();
  h.at(2_000);
  assert.equal(h.engine.applySnapshot(0, 0, NaN, NaN, 1, 10), ApplyResult.STALE_SNAPSHOT, 'as of 10 ms after the base was applied: within the slack');
  assert.equal(h.engine.applySnapshot(0, 0, NaN, NaN, 1), ApplyResult.STALE_SNAPSHOT, 'no as-of at all');
  assert.deepEqual(h.interval(), [2, 2]);
});

test('when an instrument has never had a timed snapshot then an untimed one is walked as before', () => {
  const h = new EngineHarness({});
  assert.equal(h.snap(0), ApplyResult.OK);
  h.fill('buy', 2);
  assert.equal(h.snap(2), ApplyResult.OK);
  assert.deepEqual(h.interval(), [2, 2]);
});

test('when an untimed current answer after a reconnect is as of a moment after the base then it ends the known loss', () => {
  const h = new EngineHarness({});
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK);
  h.feed(false);
  h.at(100);
  h.feed(true);
  h.at(1_200);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  assert.equal(h.engine.applySnapshot(0, 0, NaN, NaN, 1, 0), ApplyResult.STALE_SNAPSHOT, 'as of the base: not shown newer');
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  assert.equal(h.engine.applySnapshot(0, 0, NaN, NaN, 1, 150), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
});
