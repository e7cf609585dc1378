import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { Side } from '../../src/risk/codes.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Per-strategy limits on top of the instrument's (risk-engine-core.ts, "Strategies"): a
// strategy's position is the executed lots of the orders it sent; its worst case adds its open
// orders on the order's side.

const STRATEGIES = {
  strategies: [
    { name: 'alpha', maxLong: 3, maxShort: 3 },
    { name: 'beta', maxOpenNotional: 500, instruments: [{ symbol: 'BTC', maxLong: 6 }] },
  ],
};

function ready(inst: Record<string, unknown> = {}, top: Record<string, unknown> = STRATEGIES): EngineHarness {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, unconfirmed: { maxFills: 50, maxQty: 1000 }, ...inst }, undefined, top);
  h.snap(0);
  return h;
}

test('when a strategy reaches its own maxLong while the instrument has room then STRATEGY_POSITION_LIMIT, and its other side still passes', () => {
  const h = ready();
  assertCode(h.strategyOrder('alpha', 'a1', 'buy', 3), DenyReason.APPROVED);
  assertCode(h.strategyOrder('alpha', 'a2', 'buy', 1), DenyReason.STRATEGY_POSITION_LIMIT, 'alpha 0 + 3 open + 1 > 3');
  assertCode(h.buy('x1', 1), DenyReason.APPROVED, 'the instrument has room: an order of no strategy passes');
  assertCode(h.strategyOrder('alpha', 'a3', 'sell', 3), DenyReason.APPROVED, 'alpha 0 - 0 open sells - 3 >= -3');
  assertCode(h.strategyOrder('alpha', 'a4', 'sell', 1), DenyReason.STRATEGY_POSITION_LIMIT);
});

test('when two strategies share an instrument then each has its own headroom and together they share the instrument\'s', () => {
  const h = ready({ maxLong: 7 });
  assertCode(h.strategyOrder('alpha', 'a1', 'buy', 3), DenyReason.APPROVED);
  assertCode(h.strategyOrder('beta', 'b1', 'buy', 4, 10), DenyReason.APPROVED, 'beta has 6 of its own; the instrument 7 - 3');
  assertCode(h.strategyOrder('beta', 'b2', 'buy', 1, 10), DenyReason.POSITION_LIMIT, 'beta has room (5 <= 6), the instrument none (3 + 4 + 1 > 7)');
  assertCode(h.strategyOrder('alpha', 'a2', 'buy', 1), DenyReason.POSITION_LIMIT, 'the instrument\'s limit comes first');
  h.update('a1', 'canceled', 0, 0);
  assertCode(h.strategyOrder('beta', 'b3', 'buy', 2, 10), DenyReason.APPROVED, 'alpha\'s cancelled buy frees the instrument\'s headroom');
  assertCode(h.strategyOrder('beta', 'b4', 'buy', 1, 10), DenyReason.STRATEGY_POSITION_LIMIT, 'beta 4 + 2 + 1 > 6 while the instrument has 7 - 6 = 1');
});

test('when a strategy\'s orders fill then its position is their executed lots, and a reported cumQty counts before its fills', () => {
  const h = ready();
  assertCode(h.strategyOrder('alpha', 'a1', 'buy', 2), DenyReason.APPROVED);
  h.update('a1', 'partiallyFilled', 1, 1);
  assert.deepEqual(h.strategyBook('alpha'), [1, 1, 0, 100], 'the inferred lot is in its position at once, the leaves open');
  h.fill('buy', 1, { order: 'a1' });
  assert.deepEqual(h.strategyBook('alpha'), [1, 1, 0, 100], 'the real fill replaces the inferred one');
  h.fill('buy', 1, { order: 'a1' });
  h.update('a1', 'filled', 2, 0);
  assert.deepEqual(h.strategyBook('alpha'), [2, 0, 0, 0]);
  h.fill('buy', 3); // a trade the engine did not send moves the instrument, not the strategy
  assertCode(h.strategyOrder('alpha', 'a2', 'buy', 1), DenyReason.APPROVED, '2 + 1 <= 3');
  assertCode(h.strategyOrder('alpha', 'a3', 'buy', 1), DenyReason.STRATEGY_POSITION_LIMIT);
  assertCode(h.strategyOrder('alpha', 'a4', 'sell', 5), DenyReason.APPROVED, 'its own long of 2 lets it sell 5: 2 - 5 >= -3');
});

test('when a strategy\'s open notional would pass its maxOpenNotional then STRATEGY_NOTIONAL_LIMIT, freed as its orders leave the book', () => {
  const h = ready({ lotSize: '0.5' });
  assertCode(h.strategyOrder('beta', 'b1', 'buy', 4, 200), DenyReason.APPROVED, '4 x 0.5 x 200 = 400');
  assertCode(h.strategyOrder('beta', 'b2', 'sell', 2, 101), DenyReason.STRATEGY_NOTIONAL_LIMIT, '400 + 101 > 500, both sides count');
  assertCode(h.strategyOrder('beta', 'b3', 'sell', 2, 100), DenyReason.APPROVED, 'exactly 500');
  assert.deepEqual(h.strategyBook('beta'), [0, 4, 2, 500]);
  h.update('b1', 'partiallyFilled', 2, 2);
  assert.deepEqual(h.strategyBook('beta'), [2, 2, 2, 300]);
  assertCode(h.strategyOrder('beta', 'b4', 'buy', 2, 200), DenyReason.APPROVED, '300 + 200');
  assertCode(h.strategyOrder('alpha', 'a1', 'buy', 2, 200), DenyReason.APPROVED, 'alpha has no notional limit');
});

test('when a strategy has no limits configured or the order names no strategy then the instrument alone decides', () => {
  const h = ready({ maxLong: 4 }, { strategies: [{ name: 'gamma' }] });
  assertCode(h.strategyOrder('gamma', 'g1', 'buy', 4), DenyReason.APPROVED);
  assertCode(h.strategyOrder('gamma', 'g2', 'buy', 1), DenyReason.POSITION_LIMIT);
  assertCode(h.engine.checkOrder(h.key('g3'), 0, Side.SELL, 1, 100, false, 1), DenyReason.INVALID_ORDER, 'an index past the list');
  assertCode(h.engine.checkOrder(h.key('g4'), 0, Side.SELL, 1, 100, false, -2), DenyReason.INVALID_ORDER);
  assertCode(h.engine.checkOrder(h.key('g5'), 0, Side.SELL, 1, 100, false, -1), DenyReason.APPROVED);
});

test('when a venue-enforced reduce-only order of a strategy at its limit comes then its position limit does not apply', () => {
  const h = ready();
  assertCode(h.strategyOrder('alpha', 'a1', 'sell', 3), DenyReason.APPROVED);
  const k = h.engine.strategyNames.indexOf('alpha');
  assertCode(h.engine.checkOrder(h.key('a2'), 0, Side.SELL, 1, 100, false, k), DenyReason.STRATEGY_POSITION_LIMIT);
  assertCode(h.engine.checkOrder(h.key('a3'), 0, Side.SELL, 1, 100, true, k), DenyReason.APPROVED);
});

// Cancels are messages: they count in the order-rate window and are never denied by it.

test('when cancels fill the rate window then every cancel still goes out and the next order is throttled until the window slides', () => {
  const h = ready({ orderRate: { max: 3, perMs: 1000 } }, {});
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 101), DenyReason.APPROVED);
  assertCode(h.cancel('o1'), DenyReason.APPROVED, 'third message');
  assertCode(h.cancel('o2'), DenyReason.APPROVED, 'a cancel in a full window is not denied');
  assertCode(h.buy('o3', 1, 102), DenyReason.RATE_LIMIT, 'the cancels count: 4 messages in the window');
  h.advance(999);
  assertCode(h.buy('o4', 1, 103), DenyReason.RATE_LIMIT, 'the last three messages are still inside (the two cancels at 0 too)');
  h.advance(1);
  assertCode(h.buy('o5', 1, 104), DenyReason.APPROVED, 'at 1000 the messages at 0 left the window');
  assertCode(h.cancel('nope'), DenyReason.UNKNOWN_ORDER, 'a cancel of no live order does not go out');
  assertCode(h.buy('o6', 1, 105), DenyReason.APPROVED, 'and is not counted');
});

// The order-to-trade guard: messages against fills of the engine's orders over a window.

const OTR = { orderToTrade: { maxRatio: 2, windowMs: 1000, minOrders: 4 } };

test('when messages outrun fills beyond maxRatio then ORDER_TO_TRADE, reducing orders still pass, and the guard lifts as the window slides', () => {
  const h = ready(OTR, {});
  for (let i = 0; i < 4; i++) assertCode(h.buy(`o${i}`, 1, 100 + i), DenyReason.APPROVED, `message ${i + 1}`);
  assertCode(h.buy('o4', 1, 110), DenyReason.ORDER_TO_TRADE, '4 messages, no fill: 4 > 2 x 1');
  assertCode(h.cancel('o0'), DenyReason.APPROVED, 'cancels are never denied by it');
  h.fill('buy', 1, { order: 'o1' });
  h.snap(1);
  assertCode(h.buy('o5', 1, 111), DenyReason.ORDER_TO_TRADE, '5 messages, 1 fill: 5 > 2');
  assertCode(h.sell('r1', 1, 112), DenyReason.APPROVED, 'a risk-reducing sell of the long lot passes');
  h.advance(500);
  h.fill('buy', 1, { order: 'o2' });
  h.fill('buy', 1, { order: 'o3' });
  h.snap(3);
  assertCode(h.buy('o6', 1, 113), DenyReason.APPROVED, '6 messages, 3 fills: 6 <= 2 x 3');
  h.at(1100);
  // The window (1000 ms, in slots of 1000/62 ms) has let the messages at 0 go; the three at ~500 remain.
  assert.equal(h.engine.checkOrder(h.key('o7'), 0, Side.BUY, 1, 114), DenyReason.APPROVED, 'fewer than minOrders in the window');
});

test('when the order-to-trade guard has too few messages in the window then it never trips', () => {
  const h = ready({ orderToTrade: { maxRatio: 0.5, windowMs: 1000, minOrders: 3 } }, {});
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 101), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1, 102), DenyReason.APPROVED, '2 messages < minOrders 3');
  assertCode(h.buy('o4', 1, 103), DenyReason.ORDER_TO_TRADE, '3 messages > 0.5');
  h.at(1100);
  assertCode(h.buy('o5', 1, 104), DenyReason.APPROVED, 'the window slid past them');
});

test('when the config declares strategies wrongly then every problem is reported', () => {
  assert.throws(() => new EngineHarness({}, undefined, {
    strategies: [{ name: 'a', instruments: [{ symbol: 'ETH' }] }, { name: 'a', maxLong: -1 }],
  }), (e: Error) => /strategies\[1\]\.name "a" is listed twice/.test(e.message) && /strategies\[0\]\.instruments\[0\]\.symbol "ETH" is not a configured instrument/.test(e.message)
    && /strategies\[1\]\.maxLong must be a non-negative integer/.test(e.message));
});
