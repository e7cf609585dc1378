import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult, Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Unsequenced instruments whose venue stamps position reports with the time of the position's
// last change (walk-back-reconciler.ts): a snapshot older than the last accepted one is stale, one at
// the same time is applied only where its place cannot matter, one without a time is walked.

const ROOMY = { maxFills: 10, maxQty: 100 };

/** Short 2, then a buy of 4 whose fill and position update (+2 at venue time 1010) confirm it. */
function longAfterBuy(cfg: Record<string, unknown> = {}): EngineHarness {
  const h = new EngineHarness({ maxLong: 2, maxShort: 2, ...cfg });
  assert.equal(h.timedSnap(-2, 1000), ApplyResult.OK);
  assertCode(h.buy('o1', 4), DenyReason.APPROVED);
  h.fill('buy', 4, { order: 'o1' });
  h.update('o1', 'filled', 4, 0);
  assert.equal(h.timedSnap(2, 1010), ApplyResult.OK);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0, 'the +4 is confirmed and dropped');
  return h;
}

test('when a REST answer older than the last accepted snapshot arrives then it is ignored and counted, and a buy past the limit is denied', () => {
  const h = longAfterBuy();
  assert.equal(h.timedSnap(-2, 1000), ApplyResult.STALE_SNAPSHOT);
  assert.equal(h.engine.counters[Counter.STALE_SNAPSHOTS], 1);
  assert.equal(h.engine.ledger.staleSnapshots[0], 1);
  assert.equal(h.engine.ledger.ambiguous[0], 0);
  assert.deepEqual(h.interval(), [2, 2]);
  assertCode(h.buy('o2', 2), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('o3', 4), DenyReason.APPROVED);
});

test('when the same old answer has no venue time and nothing shows it newer then it is ignored and counted: walked, the base it made would be wrong', () => {
  const h = longAfterBuy();
  assert.equal(h.snap(-2), ApplyResult.STALE_SNAPSHOT, 'walked, it made the base -2 without the +4 already dropped: a buy of 2 looked risk-reducing');
  assert.deepEqual(h.interval(), [2, 2]);
  assertCode(h.buy('o2', 2), DenyReason.POSITION_LIMIT);
});

test('when a fresh REST answer overtakes a lagging stream update then the lagging one is stale', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.timedSnap(0, 1000);
  h.fill('buy', 1);
  h.fill('buy', 2);
  assert.equal(h.timedSnap(3, 1020), ApplyResult.OK, 'REST: both fills inside');
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
  assert.equal(h.timedSnap(1, 1010), ApplyResult.STALE_SNAPSHOT, 'the stream update after the first fill');
  assert.deepEqual(h.interval(), [3, 3]);
  assert.equal(h.engine.ledger.ambiguous[0], 0);
});

test('when a snapshot repeats the venue time and position of the accepted one then it is accepted, not stale', () => {
  const h = longAfterBuy();
  assert.equal(h.timedSnap(2, 1010), ApplyResult.OK, 'a REST answer of a position unchanged since 1010');
  assert.equal(h.engine.counters[Counter.STALE_SNAPSHOTS], 0);
  assert.deepEqual(h.interval(), [2, 2]);
});

test('when a position is unchanged for long then its old venue time is still current, and a later change is walked as usual', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.timedSnap(1, 1000);
  h.at(60_000);
  assert.equal(h.timedSnap(1, 1000), ApplyResult.OK, 'a minute later, still the change of 1000');
  h.fill('sell', 1);
  assert.equal(h.timedSnap(0, 61_000), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
  assert.deepEqual(h.interval(), [0, 0]);
});

test('when a snapshot at the same venue time is explained by later fills then they are held tentative and the base stays', () => {
  // Two changes in one ms: 0 -> 1 -> 3 at 1000. The update for the first is accepted; the
  // second (3, 1000) could also be the state before it: it must not move the base.
  const h = new EngineHarness({ unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.timedSnap(0, 900);
  h.fill('buy', 1);
  assert.equal(h.timedSnap(1, 1000), ApplyResult.OK);
  h.fill('buy', 2);
  assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
  assert.equal(h.timedSnap(3, 1000), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0, 'the +2 is tentative: off the budget');
  assert.equal(h.engine.ledger.snapPos[0], 1, 'the base stays');
  assert.deepEqual(h.interval(), [3, 3]);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.update('o1', 'canceled', 0, 0);
  // A later snapshot that holds the +2 is explained from the base that stayed.
  assert.equal(h.timedSnap(3, 1100), ApplyResult.OK);
  assert.equal(h.engine.ledger.snapPos[0], 3);
});

test('when a snapshot at the same venue time is not explained by the fills then its place is unknown: ignored and counted', () => {
  const h = longAfterBuy();
  // The state before the buy's last lots, in the same ms as the accepted +2: fills already dropped.
  assert.equal(h.timedSnap(1, 1010), ApplyResult.STALE_SNAPSHOT);
  assert.equal(h.engine.counters[Counter.STALE_SNAPSHOTS], 1);
  assert.deepEqual(h.interval(), [2, 2]);
  assertCode(h.buy('o2', 1), DenyReason.POSITION_LIMIT);
});

test('when a snapshot at the same venue time arrives before its fills then it is ignored, and a repeat is explained once they arrive', () => {
  const h = new EngineHarness({ unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.timedSnap(0, 1000);
  assert.equal(h.timedSnap(2, 1000), ApplyResult.STALE_SNAPSHOT);
  h.fill('buy', 2);
  assert.equal(h.health(), DenyReason.UNCONFIRMED_FILLS);
  assert.equal(h.timedSnap(2, 1000), ApplyResult.OK);
  assert.equal(h.health(), DenyReason.APPROVED);
  assert.deepEqual(h.interval(), [2, 2]);
});

test('when the base is ambiguous then a snapshot at its venue time with another position is stale, with the same one walked as before', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.timedSnap(0, 1000);
  h.fill('buy', 1);
  assert.equal(h.timedSnap(3, 1010), ApplyResult.MISMATCH);
  assert.deepEqual(h.interval(), [3, 4]);
  assert.equal(h.timedSnap(4, 1010), ApplyResult.STALE_SNAPSHOT);
  assert.equal(h.engine.ledger.snapPos[0], 3);
  // The stamped mismatch made 3 the base as it stands (the +1, unstamped, any suffix of it
  // missing): the repeat is explained by it, not another mismatch, and places nothing.
  assert.equal(h.timedSnap(3, 1010), ApplyResult.OK, 'the +1 may be in both or in neither');
  assert.deepEqual(h.interval(), [3, 4]);
  assert.equal(h.engine.counters[Counter.MISMATCHES], 1);
  assert.equal(h.engine.counters[Counter.STALE_SNAPSHOTS], 1);
});

test('when an untimed snapshot comes between timed ones then the latest venue time stays and an older timed one is still stale', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.timedSnap(0, 1000);
  h.fill('buy', 1);
  h.at(500);
  assert.equal(h.engine.applySnapshot(0, 1, NaN, NaN, 0, 100), ApplyResult.OK, 'untimed, as of a moment after the base was applied');
  assert.equal(h.engine.ledger.snapVenueTime[0], 1000);
  assert.equal(h.timedSnap(-5, 999), ApplyResult.STALE_SNAPSHOT);
  h.fill('buy', 1);
  assert.equal(h.timedSnap(2, 1001), ApplyResult.OK);
  assert.equal(h.engine.ledger.snapVenueTime[0], 1001);
});

test('when the feed comes back up and only a stale snapshot arrives then risk-increasing orders still wait', () => {
  const h = longAfterBuy({ maxLong: 10 });
  h.feed(false);
  h.feed(true);
  assert.equal(h.timedSnap(-2, 1000), ApplyResult.STALE_SNAPSHOT);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE);
  assert.equal(h.timedSnap(2, 1010), ApplyResult.OK);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE, 'the same venue time may be the state before a change made in that millisecond during the outage');
  assert.equal(h.timedSnap(2, 1020), ApplyResult.OK);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE, 'a later venue time is not a later report: a lagging answer may show a moment before the outage');
  assert.equal(h.currentSnap(2, 1020), ApplyResult.OK);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
});

test('when a quiet account comes back up and a current answer repeats the last venue time then the known loss ends; an answer not known current does not end it', () => {
  const h = new EngineHarness({ maxLong: 2, maxShort: 2 });
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.update('o1', 'canceled', 0, 0);
  h.feed(false);
  h.feed(true);
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK, 'the position has not changed since 1000');
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE, 'may be a lagging answer from before a change made during the outage');
  assert.equal(h.currentSnap(0, 1000), ApplyResult.OK);
  assert.deepEqual(h.interval(), [0, 0]);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED, 'a current answer shows every change up to after the reconnect');
});

test('when a current answer at the last venue time arrives while fills of the outage are held then it is the base as it stands and later fills stay undecided', () => {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, unconfirmed: ROOMY });
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  h.feed(false);
  h.feed(true);
  h.fill('buy', 2, { order: 'o1', seq: 1000 }); // unsequenced: its venue time
  assert.equal(h.currentSnap(0, 1000), ApplyResult.OK);
  const [lo, hi] = h.interval();
  assert.ok(lo <= 0 && hi >= 2, `the fill that arrived after the reconnect at the snapshot's venue time may be inside or not: [${lo}, ${hi}]`);
});

test('when a snapshot says current with a value other than 0 or 1 then it is invalid', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.timedSnap(1, 1000);
  assert.equal(h.engine.applySnapshot(0, 5, NaN, 1001, 2), ApplyResult.INVALID);
  assert.equal(h.engine.ledger.snapVenueTime[0], 1000);
});

test('when a current answer comes while the feed is still down then it does not end the known loss', () => {
  const h = new EngineHarness({ maxLong: 2, maxShort: 2 });
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK);
  h.feed(false);
  assert.equal(h.currentSnap(0, 1000), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  h.feed(true);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE, 'the answer came before the reconnect');
  assert.equal(h.currentSnap(0, 1000), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
});

test('when a lagging answer after a reconnect shows a change newer than the last snapshot but lacks a fill that arrived then it does not end the known loss (it would drop the fill: a breach)', () => {
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: ROOMY });
  assert.equal(h.timedSnap(0, 1000), ApplyResult.OK);
  assertCode(h.buy('o0', 1), DenyReason.APPROVED);
  h.fill('buy', 1, { order: 'o0', seq: 1002 });
  h.update('o0', 'filled', 1, 0);
  assertCode(h.buy('o1', 2), DenyReason.APPROVED);
  h.fill('buy', 2, { order: 'o1', seq: 1005 });
  h.update('o1', 'filled', 2, 0);
  h.feed(false);
  h.feed(true);
  // Asked after the reconnect, answered from a replica as of 1003: +1 (the change at 1002), not the +2 at 1005.
  assert.equal(h.timedSnap(1, 1002), ApplyResult.OK);
  assertCode(h.buy('o2', 2), DenyReason.FEED_STALE, 'was approved: the +2 was taken as inside the answer and dropped, truth +3 + 2 against maxLong 3');
  assert.deepEqual(h.interval(), [3, 3], 'walked as a snapshot, not as the end of the loss: the +2 stays');
  assert.equal(h.currentSnap(3, 1005), ApplyResult.OK);
  assertCode(h.buy('o2', 1), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('s1', 6), DenyReason.APPROVED);
});

test('when a venue time is negative or infinite then the snapshot is invalid: counted and ignored', () => {
  const h = new EngineHarness({ unconfirmed: ROOMY });
  h.timedSnap(1, 1000);
  for (const bad of [-1, Infinity, -Infinity]) assert.equal(h.timedSnap(5, bad), ApplyResult.INVALID, String(bad));
  assert.equal(h.engine.counters[Counter.INVALID_EVENTS], 3);
  assert.equal(h.engine.ledger.snapVenueTime[0], 1000);
  assert.equal(h.timedSnap(2, 1001), ApplyResult.MISMATCH, 'the next real one is still placed by time');
});

test('when a sequenced instrument gets a venue time then the watermark decides and the time is ignored', () => {
  const h = new EngineHarness({ sequence: 'monotonic' });
  assert.equal(h.engine.applySnapshot(0, 0, 100, 2000), ApplyResult.OK);
  assert.equal(h.engine.applySnapshot(0, 1, 101, 1000), ApplyResult.MISMATCH, 'older time, newer watermark: applied');
  assert.equal(h.engine.applySnapshot(0, 0, 100, 3000), ApplyResult.STALE_SNAPSHOT, 'newer time, older watermark: stale');
  assert.ok(Number.isNaN(h.engine.ledger.snapVenueTime[0]!));
});

test('when a same-time snapshot is explained by later fills by coincidence then the base does not move, so a later snapshot is still placed right', () => {
  // Two buys in the ms 1000 (0 -> 1 -> 2), the update for the second (2 @ 1000) accepted; then +1
  // at 1001 and -2 at 1002 (true 1). The update for the FIRST buy (1 @ 1000) arrives late: the
  // later fills +1, -2 happen to explain it from base 2. Taking it as the base would confirm them;
  // the REST answer of 1001 (3) would then be unexplained, an ambiguous base [3, 3] while the truth
  // is 1, and a sell of 3 would look risk-reducing.
  const h = new EngineHarness({ maxLong: 3, maxShort: 1, unconfirmed: ROOMY });
  h.timedSnap(0, 900);
  h.fill('buy', 1);
  h.fill('buy', 1);
  assert.equal(h.timedSnap(2, 1000), ApplyResult.OK);
  h.fill('buy', 1);
  h.fill('sell', 2);
  assert.equal(h.timedSnap(1, 1000), ApplyResult.OK, 'explained: the +1, -2 are held tentative');
  assert.equal(h.engine.ledger.snapPos[0], 2);
  assert.equal(h.timedSnap(3, 1001), ApplyResult.OK, 'the +1 from base 2');
  assert.deepEqual(h.interval(), [1, 1]);
  assertCode(h.sell('o1', 3), DenyReason.POSITION_LIMIT);
});

test('when a stamped snapshot the fills do not explain arrives then it is the base as it stands: fills stamped before it are inside and nothing stays dirty', () => {
  // 0 at 1000; our buy of 1 fills at 1010; an execution the stream lost (+1 at 1020) is in the
  // report of 1020 (2). The walk from 0 explains 1 or 2 only with the lost one: a mismatch. The
  // report includes every execution up to 1020, the fill of 1010 among them: the position is 2.
  const h = new EngineHarness({ maxLong: 3, maxShort: 3, unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.timedSnap(0, 1000);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.fill('buy', 1, { order: 'o1', seq: 1010 });
  h.update('o1', 'filled', 1, 0);
  assert.equal(h.timedSnap(2, 1020), ApplyResult.MISMATCH, 'counted: something was missed');
  assert.equal(h.engine.counters[Counter.MISMATCHES], 1);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.health(), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1), DenyReason.POSITION_LIMIT, 'the limit on the new base: 2 + 1 open + 1 > 3');
  assert.equal(h.timedSnap(2, 1020), ApplyResult.OK, 'a REST answer repeating it');
  assertCode(h.sell('o4', 1), DenyReason.APPROVED);
});

test('when the unexplained stamped snapshot shares its venue time with a fill then that fill is held in the interval, off the budget, until a later report places it', () => {
  // 0 at 1000; a lost +1 at 1010; our buy of 1 fills at 1020 and the report of 1020 says 2. Several
  // changes can share a millisecond: the fill of 1020 is inside the report unless another change
  // came after it in that ms. Either way the interval [2, 3] holds the truth.
  const h = new EngineHarness({ maxLong: 5, maxShort: 5, unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.timedSnap(0, 1000);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.fill('buy', 1, { order: 'o1', seq: 1020 });
  h.update('o1', 'filled', 1, 0);
  assert.equal(h.timedSnap(2, 1020), ApplyResult.MISMATCH);
  assert.deepEqual(h.interval(), [2, 3]);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0, 'placement only: off the budget');
  assert.equal(h.health(), DenyReason.APPROVED);
  for (let k = 0; k < 3; k++) assert.equal(h.timedSnap(2, 1020), ApplyResult.OK, 'REST answers of the unchanged position');
  assert.equal(h.health(), DenyReason.APPROVED, 'no report repeating 1020 can place it, and none has to');
  assertCode(h.buy('o2', 2), DenyReason.APPROVED, 'worst case 3 + 2 <= 5');
  assertCode(h.buy('o3', 1), DenyReason.POSITION_LIMIT, 'worst case 3 + 2 + 1 > 5');
  h.fill('buy', 2, { order: 'o2', seq: 1030 });
  h.update('o2', 'filled', 2, 0);
  assertCode(h.buy('o4', 1), DenyReason.UNCONFIRMED_FILLS, 'the new fill waits for its report');
  assert.equal(h.timedSnap(4, 1030), ApplyResult.OK);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0);
  const [lo, hi] = h.interval();
  assert.ok(lo <= 4 && hi >= 4 && hi <= 6, `the interval [${lo}, ${hi}] holds the truth, 4`);
  assertCode(h.sell('o5', 1), DenyReason.APPROVED);
});

test('when the unexplained stamped snapshot comes after a fill whose stamp is older than the last report then that fill stays undecided (a trade id in the stamp field is never taken for a time)', () => {
  const h = new EngineHarness({ maxLong: 5, maxShort: 5, unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.timedSnap(0, 1000);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.fill('buy', 1, { order: 'o1', seq: 7 });
  h.update('o1', 'filled', 1, 0);
  assert.equal(h.timedSnap(2, 1020), ApplyResult.MISMATCH);
  assert.deepEqual(h.interval(), [2, 3], 'inside the report or after it: both');
  assertCode(h.buy('o2', 1), DenyReason.UNCONFIRMED_FILLS, 'still on the budget');
  assertCode(h.sell('o3', 1), DenyReason.APPROVED, 'risk-reducing on every explanation');
});
