import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Known loss (docs/model.md, "Trading states"): while the engine knows events may be missing (a sequence gap, events
// dropped by a full ring or lane, which hold the feed down, a feed down or back up and not yet
// re-snapshotted), an execution nobody reported can be anywhere: no order is risk-reducing by
// the estimate, and only venue-enforced reduce-only orders pass. Before this rule each "reducing"
// order below was approved (scenarios/19-*, 20-*).

test('when seq 101 is lost between a snapshot of +5 and a buy of 1 then a sell of 6 is not reducing: SEQUENCE_GAP; reduce-only passes', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: { maxFills: 5, maxQty: 20 } });
  h.snap(5, 100);
  assert.equal(h.fill('buy', 1, { seq: 102 }), ApplyResult.GAP);
  assert.deepEqual(h.interval(), [6, 6], 'the estimate; the truth (an outside sell of 12 at seq 101) is -6');
  assertCode(h.sell('s1', 6), DenyReason.SEQUENCE_GAP, 'was approved as reducing: the true position would reach -12');
  assertCode(h.sell('s2', 1), DenyReason.SEQUENCE_GAP, 'any size');
  assertCode(h.reduceOnly('s3', 'sell', 6), DenyReason.APPROVED);
  h.snap(-6, 102);
  assertCode(h.sell('s4', 5), DenyReason.POSITION_LIMIT, 'the watermark covers the gap: the truth is known again (-6 - 6 open - 5 < -10)');
});

test('when the mirror image (short 5, lost outside buy of 12) then a buy of 6 is denied SEQUENCE_GAP; reduce-only passes', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: { maxFills: 5, maxQty: 20 } });
  h.snap(-5, 100);
  h.fill('sell', 1, { seq: 102 });
  assertCode(h.buy('b1', 6), DenyReason.SEQUENCE_GAP);
  assertCode(h.reduceOnly('b2', 'buy', 6), DenyReason.APPROVED);
});

test('when the feed is down, or up again without a fresh snapshot, then nothing is reducing; the fresh snapshot ends it', () => {
  for (const [pos, side] of [[5, 'sell'], [-5, 'buy']] as const) {
    const h = new EngineHarness({ sequence: 'monotonic' });
    h.snap(pos, 100);
    h.feed(false);
    assertCode(h.order('x1', side, 5), DenyReason.FEED_STALE, `${side} from ${pos}, feed down`);
    h.feed(true);
    assertCode(h.order('x2', side, 5), DenyReason.FEED_STALE, `${side} from ${pos}, awaiting a snapshot`);
    assertCode(h.reduceOnly('x3', side, 5), DenyReason.APPROVED);
    h.update('x3', 'canceled', 0, 0);
    h.snap(pos, 100);
    assertCode(h.order('x4', side, 5), DenyReason.APPROVED, 'healthy: the estimate is the truth again');
  }
});

test('when known loss meets the kill switch reduce mode then a plain exit is REDUCE_ONLY and a reduce-only one passes', () => {
  const h = new EngineHarness();
  h.snap(5);
  h.kill('reduce');
  assertCode(h.sell('s1', 1), DenyReason.APPROVED, 'no known loss: reducing by the estimate');
  h.feed(false);
  assertCode(h.sell('s2', 1), DenyReason.REDUCE_ONLY, 'known loss: not reducing by the estimate');
  assertCode(h.reduceOnly('s3', 'sell', 1), DenyReason.APPROVED);
});

test('when the health gate is closed without known loss then reducing by the estimate still passes', () => {
  const h = new EngineHarness({ heartbeatTimeoutMs: 100 });
  h.snap(5);
  h.advance(1000);
  assert.equal(h.engine.knownLoss(0), false);
  assertCode(h.buy('b1', 1), DenyReason.FEED_STALE);
  assertCode(h.sell('s1', 5), DenyReason.APPROVED);
});
