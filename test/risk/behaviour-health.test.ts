import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult, Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// The health gate: stale (feed down, no fresh snapshot after reconnect, heartbeat, unconfirmed
// fills too old, no snapshot at all), dirty (sequence gap) and unconfirmed budget. While it is
// closed only risk-reducing orders pass; while the feeds are healthy nothing is blocked.

test('when no snapshot has arrived yet then a risk-increasing order is denied FEED_STALE', () => {
  const h = new EngineHarness();
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  h.snap(0);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
});

test('when the feed goes down then every order but a venue-enforced reduce-only one is denied FEED_STALE (known loss)', () => {
  const h = new EngineHarness();
  h.snap(2);
  assert.equal(h.feed(false), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  assertCode(h.sell('o2', 2), DenyReason.FEED_STALE, 'reducing by the estimate, but executions may be missing');
  assertCode(h.reduceOnly('o3', 'sell', 2), DenyReason.APPROVED);
});

test('when the feed comes back up then orders wait for a fresh snapshot', () => {
  const h = new EngineHarness();
  h.snap(0);
  h.feed(false);
  h.feed(true);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  h.heartbeat();
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE, 'a heartbeat is not a snapshot');
  h.snap(0);
  assertCode(h.buy('o3', 1), DenyReason.FEED_STALE, 'a snapshot not known to be current may show a moment before the outage');
  h.currentSnap(0, NaN);
  assertCode(h.buy('o4', 1), DenyReason.APPROVED);
});

test('when the feed reports up without having been down then nothing waits', () => {
  const h = new EngineHarness();
  h.snap(0);
  h.feed(true);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
});

test('when a stale snapshot arrives after a reconnect then it does not count as the fresh one', () => {
  const h = new EngineHarness({ sequence: 'monotonic' });
  h.snap(0, 10);
  h.feed(false);
  h.feed(true);
  assert.equal(h.snap(0, 9), ApplyResult.STALE_SNAPSHOT);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
  assert.equal(h.snap(0, 10), ApplyResult.OK);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
});

test('when every feed goes down at once (ALL_INSTRUMENTS) then every instrument is stale', () => {
  const h = new EngineHarness([{ symbol: 'A' }, { symbol: 'B' }]);
  h.snap(0, NaN, 'A');
  h.snap(0, NaN, 'B');
  h.feed(false, '*');
  assertCode(h.buy('a', 1, 100, 'A'), DenyReason.FEED_STALE);
  assertCode(h.buy('b', 1, 100, 'B'), DenyReason.FEED_STALE);
  h.feed(true, '*');
  h.currentSnap(0, NaN, 'A');
  assertCode(h.buy('a2', 1, 100, 'A'), DenyReason.APPROVED);
  assertCode(h.buy('b2', 1, 100, 'B'), DenyReason.FEED_STALE);
});

test('when one instrument’s feed is down then the others trade', () => {
  const h = new EngineHarness([{ symbol: 'A' }, { symbol: 'B' }]);
  h.snap(0, NaN, 'A');
  h.snap(0, NaN, 'B');
  h.feed(false, 'A');
  assertCode(h.buy('a', 1, 100, 'A'), DenyReason.FEED_STALE);
  assertCode(h.buy('b', 1, 100, 'B'), DenyReason.APPROVED);
});

test('when no message arrives within heartbeatTimeoutMs then the instrument is stale; exactly at the deadline it is not', () => {
  const h = new EngineHarness({ heartbeatTimeoutMs: 1000 });
  h.at(0).snap(0);
  h.at(1000);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.at(1001);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE);
  h.heartbeat();
  assertCode(h.buy('o3', 1), DenyReason.APPROVED);
});

test('when any message arrives then it counts as a sign of life (snapshot, fill, order update, global heartbeat)', () => {
  const h = new EngineHarness({ heartbeatTimeoutMs: 100, unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.at(0).snap(0);
  h.at(90).fill('buy', 1);
  h.at(150);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED, 'the fill at 90 keeps it alive');
  h.at(240).update('o1', 'new', 0, 1);
  h.at(300);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED, 'the update at 240 keeps it alive');
  h.at(341);
  assertCode(h.buy('o3', 1), DenyReason.FEED_STALE);
  h.heartbeat('*');
  assertCode(h.buy('o4', 1), DenyReason.APPROVED);
});

test('when the oldest unconfirmed fill is older than snapshotStaleMs then the instrument is stale until a snapshot confirms it', () => {
  const h = new EngineHarness({ snapshotStaleMs: 500, unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.at(0).snap(0);
  h.at(100).fill('buy', 1);
  h.at(600);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.at(601);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE);
  assertCode(h.sell('o3', 1), DenyReason.APPROVED, 'reducing still passes');
  h.snap(1);
  assertCode(h.buy('o4', 1), DenyReason.APPROVED);
});

test('when there is no unconfirmed fill then snapshotStaleMs does not apply however old the snapshot', () => {
  const h = new EngineHarness({ snapshotStaleMs: 500 });
  h.at(0).snap(0);
  h.at(1_000_000);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
});

test('when the default budget {0, 0} is in force then any unconfirmed fill blocks risk-increasing orders', () => {
  const h = new EngineHarness();
  h.snap(0);
  h.fill('buy', 1);
  assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
  assertCode(h.sell('o2', 1), DenyReason.APPROVED);
  h.snap(1);
  assertCode(h.buy('o3', 1), DenyReason.APPROVED);
});

test('when more than maxFills fills are unconfirmed then UNCONFIRMED_FILLS (maxQty not reached)', () => {
  const h = new EngineHarness({ unconfirmed: { maxFills: 2, maxQty: 100 } });
  h.snap(0);
  h.fill('buy', 1);
  h.fill('sell', 1);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.fill('buy', 1);
  assertCode(h.buy('o2', 1), DenyReason.UNCONFIRMED_FILLS);
});

test('when more than maxQty lots are unconfirmed then UNCONFIRMED_FILLS (maxFills not reached)', () => {
  const h = new EngineHarness({ unconfirmed: { maxFills: 100, maxQty: 3 } });
  h.snap(0);
  h.fill('buy', 2);
  h.fill('sell', 1); // absolute lots: 3
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.fill('buy', 1);
  assertCode(h.buy('o2', 1), DenyReason.UNCONFIRMED_FILLS);
});

test('when an order update reports a fill before it arrives then the inferred fill uses the budget too', () => {
  const h = new EngineHarness({ unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.snap(0);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.update('o1', 'filled', 1, 0);
  assertCode(h.buy('o2', 1), DenyReason.UNCONFIRMED_FILLS);
});

test('when a contiguous sequence jumps then the instrument is dirty (SEQUENCE_GAP) until a snapshot watermark reaches past the gap', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.snap(0, 10);
  assert.equal(h.fill('buy', 1, { seq: 11 }), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assert.equal(h.fill('buy', 1, { seq: 14 }), ApplyResult.GAP); // 12, 13 missing
  assert.equal(h.engine.counters[Counter.GAPS], 1);
  assertCode(h.buy('o2', 1), DenyReason.SEQUENCE_GAP);
  assertCode(h.sell('o3', 1), DenyReason.SEQUENCE_GAP, 'known loss: reducing by the estimate is not enough');
  assertCode(h.reduceOnly('o3r', 'sell', 1), DenyReason.APPROVED, 'a venue-enforced reduce-only exit passes');
  h.snap(2, 12);
  assertCode(h.buy('o4', 1), DenyReason.SEQUENCE_GAP, 'watermark 12 does not cover 13');
  h.snap(4, 14);
  assertCode(h.buy('o5', 1), DenyReason.APPROVED);
});

test('when the first fill after a snapshot skips the next sequence then it is a gap against the watermark', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.snap(0, 10);
  assert.equal(h.fill('buy', 1, { seq: 12 }), ApplyResult.GAP);
  assertCode(h.buy('o1', 1), DenyReason.SEQUENCE_GAP);
  assert.equal(h.fill('buy', 1, { seq: 11 }), ApplyResult.OK, 'the late fill is no new gap');
  assertCode(h.buy('o2', 1), DenyReason.SEQUENCE_GAP, 'only a snapshot clears the gap');
  h.snap(2, 12);
  assertCode(h.buy('o3', 1), DenyReason.APPROVED);
});

test('when fills continue the watermark of a contiguous sequence then the sequence confirms them: no UNCONFIRMED_FILLS, no staleness', () => {
  const h = new EngineHarness({ sequence: 'contiguous', snapshotStaleMs: 500, unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.at(0).snap(0, 10);
  assert.equal(h.fill('buy', 1, { seq: 11 }), ApplyResult.OK);
  assert.equal(h.fill('buy', 2, { seq: 12 }), ApplyResult.OK);
  assert.deepEqual(h.interval(), [3, 3], 'the fills stay in the estimate');
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0, 'every execution up to seq 12 has arrived');
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.at(10_000);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED, 'confirmed fills start no staleness deadline');
  assert.equal(h.snap(3, 12), ApplyResult.OK, 'the snapshot agrees with the chain');
  assert.equal(h.engine.counters[Counter.MISMATCHES], 0);
});

test('when a contiguous fill follows a gap or repeats a sequence then the sequence confirms nothing past it until a snapshot', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.snap(0, 10);
  h.fill('buy', 1, { seq: 11 });
  assert.equal(h.fill('buy', 1, { seq: 11 }), ApplyResult.OK, 'another execution id with a sequence already seen');
  assert.equal(h.engine.ledger.unconfirmedCount(0), 1, 'the repeated sequence is not part of the chain');
  assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
  h.snap(2, 11);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
  assert.equal(h.fill('buy', 1, { seq: 13 }), ApplyResult.GAP);
  assert.equal(h.fill('buy', 1, { seq: 14 }), ApplyResult.OK);
  assertCode(h.buy('o3', 1), DenyReason.SEQUENCE_GAP);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 2, 'nothing after a gap is confirmed by the sequence');
  assert.equal(h.fill('buy', 1, { seq: 12 }), ApplyResult.OK, 'the missing fill arrives late');
  assertCode(h.buy('o4', 1), DenyReason.SEQUENCE_GAP, 'only a snapshot clears the gap');
  h.snap(4, 12);
  assert.equal(h.engine.ledger.unconfirmedCount(0), 0, 'past the gap the chain continues from the watermark: 13, 14');
  assertCode(h.buy('o5', 1), DenyReason.APPROVED);
});

test('when a monotonic fill continues the watermark then it still waits for a snapshot (a jump there is no gap, so nothing proves the chain complete)', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.snap(0, 10);
  h.fill('buy', 1, { seq: 11 });
  assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
});

test('when sequences are monotonic then a jump is not a gap', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.snap(0, 10);
  assert.equal(h.fill('buy', 1, { seq: 50 }), ApplyResult.OK);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
});

test('when a snapshot is older than the watermark then it is ignored and counted (STALE_SNAPSHOT)', () => {
  const h = new EngineHarness({ sequence: 'monotonic', unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.snap(5, 20);
  assert.equal(h.snap(3, 19), ApplyResult.STALE_SNAPSHOT);
  assert.equal(h.engine.counters[Counter.STALE_SNAPSHOTS], 1);
  assert.equal(h.engine.ledger.staleSnapshots[0], 1);
  assert.deepEqual(h.interval(), [5, 5]);
  assert.equal(h.engine.ledger.snapSeq[0], 20);
  assert.equal(h.snap(5, 20), ApplyResult.OK, 'the same watermark again is not stale');
});

test('when a sequenced snapshot has no sequence then it is invalid and ignored', () => {
  const h = new EngineHarness({ sequence: 'monotonic' });
  assert.equal(h.snap(0), ApplyResult.INVALID);
  assert.equal(h.engine.counters[Counter.INVALID_EVENTS], 1);
  assertCode(h.buy('o1', 1), DenyReason.FEED_STALE);
});

test('when the gate has several reasons then stale wins over gap, and gap over the unconfirmed budget', () => {
  const h = new EngineHarness({ sequence: 'contiguous' });
  h.snap(0, 10);
  h.fill('buy', 1, { seq: 12 });
  assertCode(h.health(), DenyReason.SEQUENCE_GAP); // budget {0,0} also exceeded
  assertCode(h.buy('o1', 1), DenyReason.SEQUENCE_GAP);
  h.feed(false);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE);
});

test('when the gate has a mismatch and an exceeded budget then POSITION_MISMATCH wins; stale wins over both', () => {
  const h = new EngineHarness();
  h.snap(0);
  h.fill('buy', 1);
  h.snap(5); // unexplained: ambiguous, and the +1 stays unconfirmed (budget {0,0})
  assertCode(h.buy('o1', 1), DenyReason.POSITION_MISMATCH);
  h.feed(false);
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE);
});
