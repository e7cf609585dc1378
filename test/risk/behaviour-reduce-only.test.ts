import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARRIVAL_ORDER, EVENT_SLOT_BYTES, V4_DWORD, encodeOrderRequest } from '../../src/codec/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Venue-enforced reduce-only orders: the request promises the order goes out with the venue's
// own reduce-only flag, so the venue caps it at the true position and it can never add
// exposure. It passes in every state but a halt; the per-order checks and throttles still apply.

test('when the feed is down then a plain exit is judged on the estimate and a reduce-only one passes whatever the estimate', () => {
  const h = new EngineHarness();
  h.snap(-2);
  h.feed(false);
  assertCode(h.sell('o1', 1), DenyReason.FEED_STALE, 'a sell from an estimated short is not reducing');
  assertCode(h.reduceOnly('o2', 'sell', 1), DenyReason.APPROVED, 'the venue rejects or caps it: it cannot add exposure');
  assertCode(h.reduceOnly('o3', 'buy', 50), DenyReason.APPROVED, 'larger than the limit: the venue caps it at the true position');
});

test('when a sequence gap is open or the unconfirmed budget is exceeded then a reduce-only order passes', () => {
  const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: { maxFills: 0, maxQty: 0 } });
  h.snap(0, 100);
  // Reported filled by its order update, its fill (and so its sequence) not here yet.
  assertCode(h.buy('o0', 1), DenyReason.APPROVED);
  h.update('o0', 'filled', 1, 0);
  assertCode(h.buy('o1', 1), DenyReason.UNCONFIRMED_FILLS);
  assertCode(h.reduceOnly('o2', 'buy', 1), DenyReason.APPROVED);
  h.fill('buy', 1, { seq: 103 });
  assertCode(h.buy('o3', 1), DenyReason.SEQUENCE_GAP);
  assertCode(h.reduceOnly('o4', 'sell', 3), DenyReason.APPROVED);
});

test('when the kill switch is in reduce mode then a reduce-only order passes and a halt denies it', () => {
  const h = new EngineHarness();
  h.snap(3);
  h.kill('reduce');
  assertCode(h.buy('o1', 1), DenyReason.REDUCE_ONLY);
  assertCode(h.reduceOnly('o2', 'buy', 1), DenyReason.APPROVED, 'reduce mode accepts a venue-enforced reduce-only order');
  h.kill('halt', 'BTC');
  assertCode(h.reduceOnly('o3', 'sell', 1), DenyReason.KILL_SWITCH);
  h.kill('resume');
  h.kill('halt');
  assertCode(h.reduceOnly('o4', 'sell', 1), DenyReason.KILL_SWITCH, 'global halt');
});

test('when a reduce-only order is approved then it counts as open exposure on its side', () => {
  const h = new EngineHarness({ maxLong: 5 });
  h.snap(0);
  assertCode(h.reduceOnly('o1', 'buy', 3), DenyReason.APPROVED);
  assert.equal(h.engine.openBuy[0], 3);
  assertCode(h.buy('o2', 3), DenyReason.POSITION_LIMIT, '0 + openBuy 3 + 3 > 5: the reduce-only order still holds headroom');
});

test('when a reduce-only order fails a per-order check or a throttle then it is denied with that code', () => {
  const h = new EngineHarness({ maxOrderQty: 2, maxOpenOrders: 1 });
  h.snap(0);
  h.feed(false);
  assertCode(h.reduceOnly('o1', 'sell', 3), DenyReason.MAX_ORDER_QTY);
  assertCode(h.reduceOnly('o2', 'sell', 2), DenyReason.APPROVED);
  assertCode(h.reduceOnly('o2', 'sell', 1), DenyReason.DUPLICATE_ORDER_ID);
  assertCode(h.reduceOnly('o3', 'sell', 1), DenyReason.MAX_OPEN_ORDERS);
});

test('when the reduce-only argument is neither 0 nor 1 then the order is INVALID_ORDER', () => {
  const h = new EngineHarness();
  h.snap(0);
  const e = h.engine;
  // The slot is the engine's argument format: its v4 is written as is (the convenience writes only 0 or 1).
  const buf = new ArrayBuffer(EVENT_SLOT_BYTES);
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  encodeOrderRequest(i32, f64, 0, ARRIVAL_ORDER, NaN, 1, 1, 0, 1, 1, 100, 2);
  assertCode(e.decide(i32, f64, 0), DenyReason.INVALID_ORDER);
  f64[V4_DWORD] = NaN;
  assertCode(e.decide(i32, f64, 0), DenyReason.INVALID_ORDER);
  f64[V4_DWORD] = 0;
  assertCode(e.decide(i32, f64, 0), DenyReason.APPROVED);
});
