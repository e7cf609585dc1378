import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Position limits on the worst case (docs/model.md "The check is on the worst case"),
// open exposure of in-flight and pending-cancel orders, cancels, and the per-order checks.

function ready(cfg: Record<string, unknown> = {}, position = 0): EngineHarness {
  const h = new EngineHarness(cfg);
  h.snap(position);
  return h;
}

test('when the worst case stays within maxLong then a buy is approved, and exactly at the limit too', () => {
  const h = ready({ maxLong: 10 });
  assertCode(h.buy('o1', 4), DenyReason.APPROVED);
  assertCode(h.buy('o2', 6), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1), DenyReason.POSITION_LIMIT);
});

test('when an approved buy is still in flight then it counts at once against maxLong', () => {
  const h = ready({ maxLong: 10 });
  assertCode(h.buy('o1', 6), DenyReason.APPROVED);
  assert.equal(h.engine.openBuy[0], 6);
  assertCode(h.buy('o2', 5), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o3', 4), DenyReason.APPROVED);
});

test('when the position is long then a buy uses estPosMax + openBuy + qty <= maxLong', () => {
  const h = ready({ maxLong: 10 }, 8);
  assertCode(h.buy('o1', 3), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o2', 2), DenyReason.APPROVED);
});

test('when sells are open then a sell uses estPosMin - openSell - qty >= -maxShort', () => {
  const h = ready({ maxShort: 5 }, 1);
  assertCode(h.sell('o1', 3), DenyReason.APPROVED);
  assertCode(h.sell('o2', 4), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('o3', 3), DenyReason.APPROVED);
  assertCode(h.sell('o4', 1), DenyReason.POSITION_LIMIT);
});

test('when open buys exist then a sell is checked without them (each side on its own worst case)', () => {
  const h = ready({ maxLong: 10, maxShort: 2 });
  assertCode(h.buy('b1', 10), DenyReason.APPROVED);
  assertCode(h.sell('s1', 3), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('s2', 2), DenyReason.APPROVED);
});

test('when maxLong is 0 then no buy passes on a flat book', () => {
  const h = ready({ maxLong: 0, maxShort: 1 });
  assertCode(h.buy('o1', 1), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('o2', 1), DenyReason.APPROVED);
});

test('when a cancel is requested then the order still counts until the venue confirms it', () => {
  const h = ready({ maxLong: 10 });
  assertCode(h.buy('o1', 10), DenyReason.APPROVED);
  assertCode(h.cancel('o1'), DenyReason.APPROVED);
  assert.equal(h.engine.openBuy[0], 10);
  assertCode(h.buy('o2', 1), DenyReason.POSITION_LIMIT);
  h.update('o1', 'new', 0, 10); // a late ack does not release it either
  assertCode(h.buy('o3', 1), DenyReason.POSITION_LIMIT);
  h.update('o1', 'canceled', 0, 0);
  assert.equal(h.engine.openBuy[0], 0);
  assertCode(h.buy('o4', 1), DenyReason.APPROVED);
});

test('when an order is rejected then its open quantity is released', () => {
  const h = ready({ maxLong: 5 });
  assertCode(h.buy('o1', 5), DenyReason.APPROVED);
  h.update('o1', 'rejected', 0, 0);
  assertCode(h.buy('o2', 5), DenyReason.APPROVED);
});

test('when an order partially fills and is cancelled then the filled part stays in the position and the rest is released', () => {
  const h = ready({ maxLong: 10, unconfirmed: { maxFills: 5, maxQty: 10 } });
  assertCode(h.buy('o1', 6), DenyReason.APPROVED);
  h.fill('buy', 2, { order: 'o1' });
  assert.equal(h.engine.openBuy[0], 4);
  h.update('o1', 'canceled', 2, 0);
  assert.equal(h.engine.openBuy[0], 0);
  assert.deepEqual(h.interval(), [2, 2]);
  assertCode(h.buy('o2', 9), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o3', 8), DenyReason.APPROVED);
});

test('when a cancel names an order the engine does not know then it is denied UNKNOWN_ORDER', () => {
  const h = ready();
  assertCode(h.cancel('never-sent'), DenyReason.UNKNOWN_ORDER);
  assert.equal(h.engine.counters[Counter.DECISIONS + DenyReason.UNKNOWN_ORDER], 1);
});

test('when a cancel names a live or in-flight order then it is always approved, even under a halt', () => {
  const h = ready();
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 101), DenyReason.APPROVED);
  h.update('o2', 'new', 0, 1);
  h.kill('halt');
  h.feed(false);
  assertCode(h.cancel('o1'), DenyReason.APPROVED); // in flight
  assertCode(h.cancel('o2'), DenyReason.APPROVED); // live
  assertCode(h.cancel('o2'), DenyReason.APPROVED); // pending cancel: asking again is fine
});

test('when an order is done then cancelling it is UNKNOWN_ORDER', () => {
  const h = ready();
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.update('o1', 'canceled', 0, 0);
  assertCode(h.cancel('o1'), DenyReason.UNKNOWN_ORDER);
});

test('when instruments differ then one instrument’s orders do not use another’s headroom', () => {
  const h = new EngineHarness([{ symbol: 'BTC', maxLong: 1 }, { symbol: 'ETH', maxLong: 1 }]);
  h.snap(0, NaN, 'BTC');
  h.snap(0, NaN, 'ETH');
  assertCode(h.buy('o1', 1, 100, 'BTC'), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 100, 'ETH'), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1, 100, 'BTC'), DenyReason.POSITION_LIMIT);
});

test('when the instrument index is unknown then the order is denied UNKNOWN_INSTRUMENT', () => {
  const h = ready();
  assertCode(h.engine.checkOrder(h.key('o1'), 7, 1, 1, 100), DenyReason.UNKNOWN_INSTRUMENT);
  assertCode(h.engine.checkOrder(h.key('o2'), -1, 1, 1, 100), DenyReason.UNKNOWN_INSTRUMENT);
  assertCode(h.engine.checkOrder(h.key('o3'), 0.5, 1, 1, 100), DenyReason.UNKNOWN_INSTRUMENT);
  assertCode(h.buy('o4', 1, 100, 'NOPE'), DenyReason.UNKNOWN_INSTRUMENT);
});

test('when quantity, side or price is malformed then the order is denied INVALID_ORDER', () => {
  const h = ready();
  const k = h.key('o1');
  assertCode(h.engine.checkOrder(k, 0, 1, 0, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, 1.5, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, -1, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, NaN, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, 2 ** 53, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 0, 1, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 2, 1, 100), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, 1, 0), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, 1, -5), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, 1, Infinity), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(k, 0, 1, 1, NaN), DenyReason.INVALID_ORDER);
  assert.equal(h.engine.orders.used, 0);
});

test('when an order id is still tracked then a new order with it is denied DUPLICATE_ORDER_ID', () => {
  const h = ready();
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.sell('o1', 1, 99), DenyReason.DUPLICATE_ORDER_ID);
  h.update('o1', 'canceled', 0, 0);
  assertCode(h.buy('o1', 1, 98), DenyReason.APPROVED, 'a released id may be used again');
});

test('when qty exceeds maxOrderQty then the order is denied MAX_ORDER_QTY; at the limit it passes', () => {
  const h = ready({ maxOrderQty: 3 });
  assertCode(h.buy('o1', 4), DenyReason.MAX_ORDER_QTY);
  assertCode(h.sell('o2', 4), DenyReason.MAX_ORDER_QTY);
  assertCode(h.buy('o3', 3), DenyReason.APPROVED);
});

test('when qty * lotSize * price exceeds maxOrderNotional then the order is denied MAX_ORDER_NOTIONAL', () => {
  // 1 lot = 0.5 base units: 4 lots at 100 = 200 quote.
  const h = ready({ lotSize: '0.5', maxOrderNotional: 200 });
  assertCode(h.buy('o1', 4, 100), DenyReason.APPROVED);
  assertCode(h.buy('o2', 5, 100), DenyReason.MAX_ORDER_NOTIONAL);
  assertCode(h.sell('o3', 1, 401), DenyReason.MAX_ORDER_NOTIONAL);
  assertCode(h.sell('o4', 1, 400), DenyReason.APPROVED);
});

test('when the lot size is fractional then notional uses it (3 lots of 0.001 at 50000 = 150)', () => {
  const h = ready({ lotSize: '0.001', maxOrderNotional: 150 });
  assertCode(h.buy('o1', 3, 50000), DenyReason.APPROVED);
  assertCode(h.buy('o2', 4, 50000), DenyReason.MAX_ORDER_NOTIONAL);
  assertCode(h.buy('o3', 3, 50001), DenyReason.MAX_ORDER_NOTIONAL);
});

test('when a price band is set and no mark has arrived then every order is denied PRICE_BAND', () => {
  const h = ready({ priceBandBps: 100 });
  assertCode(h.buy('o1', 1, 100), DenyReason.PRICE_BAND);
  assertCode(h.sell('o2', 1, 100), DenyReason.PRICE_BAND);
});

test('when the price is within priceBandBps of the mark then it passes, at the edge too, and beyond it is denied', () => {
  const h = ready({ priceBandBps: 100 }); // 1%
  h.mark(200);
  assertCode(h.buy('o1', 1, 202), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 198), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1, 202.01), DenyReason.PRICE_BAND);
  assertCode(h.sell('o4', 1, 197.99), DenyReason.PRICE_BAND);
  h.mark(300);
  assertCode(h.buy('o5', 1, 202), DenyReason.PRICE_BAND, 'the band follows the latest mark');
});

test('when a mark is malformed then it is ignored and counted as invalid', () => {
  const h = ready({ priceBandBps: 100 });
  h.mark(100);
  assert.equal(h.mark(0), -5);
  assert.equal(h.mark(NaN), -5);
  assert.equal(h.engine.counters[Counter.INVALID_EVENTS], 2);
  assertCode(h.buy('o1', 1, 100), DenyReason.APPROVED);
});

test('when an order is approved then the decision counters record it', () => {
  const h = ready({ maxLong: 1 });
  h.buy('o1', 1);
  h.buy('o2', 1);
  assert.equal(h.engine.counters[Counter.DECISIONS + DenyReason.APPROVED], 1);
  assert.equal(h.engine.counters[Counter.DECISIONS + DenyReason.POSITION_LIMIT], 1);
});
