import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult, Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Orders the engine did not send (another process, a person on the venue's screen): from their
// first update that gives a side, their leaves are open exposure on that side until they end.

function ready(cfg: Record<string, unknown> = {}, position = 0, capacity?: Record<string, unknown>): EngineHarness {
  const h = new EngineHarness(cfg, capacity);
  h.snap(position);
  return h;
}

test('when an outside resting buy uses the headroom then a strategy buy that would breach maxLong with it is denied POSITION_LIMIT', () => {
  const h = ready({ maxLong: 10 });
  assert.equal(h.sidedUpdate('screen-1', 'buy', 'new', 0, 7), ApplyResult.OUTSIDE_ORDER);
  assert.equal(h.engine.openBuy[0], 7);
  assertCode(h.buy('o1', 4), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o2', 3), DenyReason.APPROVED);
  assert.equal(h.engine.counters[Counter.OUTSIDE_ORDERS], 1);
  assert.equal(h.engine.activeOrders[0], 1, 'maxOpenOrders counts the engine\'s own orders only');
  assert.equal(h.engine.outsideActive[0], 1);
});

test('when the outside order is cancelled then its headroom is back', () => {
  const h = ready({ maxLong: 10 });
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 7);
  assertCode(h.buy('o1', 4), DenyReason.POSITION_LIMIT);
  assert.equal(h.sidedUpdate('screen-1', 'buy', 'canceled', 0, 0), ApplyResult.OK);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.outsideActive[0], 0);
  assertCode(h.buy('o2', 10), DenyReason.APPROVED);
  assert.equal(h.engine.orders.used, 1, 'the outside order\'s slot is freed');
});

test('when a stale update of a finished outside order arrives after its cancel then it is ignored, never a new resting order', () => {
  const h = ready({ maxLong: 10, unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 5);
  h.sidedUpdate('screen-1', 'buy', 'canceled', 3, 0);
  h.fill('buy', 3, { order: 'screen-1' });
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.sidedUpdate('screen-1', 'buy', 'partiallyFilled', 3, 2), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.outsideActive[0], 0);
  assert.equal(h.engine.counters[Counter.OUTSIDE_ORDERS], 1);
});

test('when a stale partial of the engine\'s own finished order arrives (a re-sent execution frame) then it is ignored, never an outside resting order', () => {
  const h = ready({ maxLong: 10, unconfirmed: { maxFills: 10, maxQty: 10 } });
  assertCode(h.buy('o1', 5), DenyReason.APPROVED);
  h.fill('buy', 2, { order: 'o1' });
  h.sidedUpdate('o1', 'buy', 'partiallyFilled', 2, 3);
  h.fill('buy', 3, { order: 'o1' });
  h.sidedUpdate('o1', 'buy', 'filled', 5, 0);
  assert.equal(h.engine.orders.used, 0, 'the order is done and its slot freed');
  assert.equal(h.sidedUpdate('o1', 'buy', 'partiallyFilled', 2, 3), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.engine.openBuy[0], 0);
  assertCode(h.buy('o2', 5), DenyReason.APPROVED);
});

test('when many orders finished since then an order key is forgotten, oldest first, and the table never holds finished orders for it', () => {
  const h = ready({ maxLong: 100 }, 0, { maxOrders: 8 });
  for (let k = 0; k < 20; k++) {
    assert.equal(h.sidedUpdate(`screen-${k}`, 'buy', 'new', 0, 1), ApplyResult.OUTSIDE_ORDER);
    h.sidedUpdate(`screen-${k}`, 'buy', 'canceled', 0, 0);
  }
  assert.equal(h.engine.orders.used, 0);
  assert.equal(h.sidedUpdate('screen-19', 'buy', 'new', 0, 1), ApplyResult.UNKNOWN_ORDER, 'recently finished: a late update');
  assert.equal(h.sidedUpdate('screen-0', 'buy', 'new', 0, 1), ApplyResult.OUTSIDE_ORDER, '16 orders finished after it: forgotten');
  for (let k = 0; k < 7; k++) assertCode(h.buy(`o${k}`, 1), DenyReason.APPROVED);
});

test('when an outside resting sell rests then sells are checked with it and buys without it', () => {
  const h = ready({ maxLong: 5, maxShort: 5 });
  h.sidedUpdate('other-proc', 'sell', 'new', 0, 4);
  assert.equal(h.engine.openSell[0], 4);
  assertCode(h.sell('s1', 2), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('s2', 1), DenyReason.APPROVED);
  assertCode(h.buy('b1', 5), DenyReason.APPROVED);
});

test('when an outside resting order is filled in pieces then its executions move from open exposure into the position and never count twice', () => {
  const h = ready({ maxLong: 10, unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 6);
  const worst = (): number => h.interval()[1] + h.engine.openBuy[0]!;
  assert.equal(worst(), 6);
  // Update before its fill: the 2 executed lots stay open until the fill shows them.
  h.sidedUpdate('screen-1', 'buy', 'partiallyFilled', 2, 4);
  assert.equal(h.engine.openBuy[0], 6);
  assert.equal(worst(), 6);
  h.fill('buy', 2, { order: 'screen-1' });
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.openBuy[0], 4);
  assert.equal(worst(), 6);
  // Fill before its update: it counts in the position at once, and the leaves stay as the last
  // update gave them until the next one (worst case one lot high for that moment, never low: a
  // fill cannot be told from one executed before the first update, which the leaves exclude).
  h.fill('buy', 1, { order: 'screen-1' });
  assert.equal(worst(), 7);
  h.sidedUpdate('screen-1', 'buy', 'partiallyFilled', 3, 3);
  assert.equal(worst(), 6);
  assertCode(h.buy('o1', 5), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o2', 4), DenyReason.APPROVED);
  h.engine.applyOrderUpdate(0, h.key('o2'), 3, 0, 0); // o2 cancelled: back to the outside order alone
  // The last piece: filled reported first, then its fill.
  h.sidedUpdate('screen-1', 'buy', 'filled', 6, 0);
  assert.equal(h.engine.outsideActive[0], 0);
  assert.equal(worst(), 6, 'the 3 lots reported filled stay open until their fill arrives');
  h.fill('buy', 3, { order: 'screen-1' });
  assert.deepEqual(h.interval(), [6, 6]);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.orders.used, 0, 'finished and every reported execution seen: slot freed');
  assertCode(h.buy('o3', 4), DenyReason.APPROVED);
  assertCode(h.buy('o4', 1), DenyReason.POSITION_LIMIT);
});

test('when an outside order was partly filled before its first update then those fills count once, through the ledger', () => {
  const h = ready({ maxLong: 10, unconfirmed: { maxFills: 10, maxQty: 10 } });
  h.fill('buy', 2, { order: 'screen-1' });
  assert.equal(h.sidedUpdate('screen-1', 'buy', 'partiallyFilled', 2, 3), ApplyResult.OUTSIDE_ORDER);
  assert.deepEqual(h.interval(), [2, 2]);
  assert.equal(h.engine.openBuy[0], 3);
  h.sidedUpdate('screen-1', 'buy', 'filled', 5, 0);
  h.fill('buy', 3, { order: 'screen-1' });
  assert.deepEqual(h.interval(), [5, 5]);
  assert.equal(h.engine.openBuy[0], 0);
});

test('when an outside order is amended then its open exposure follows the leaves the venue reports', () => {
  const h = ready({ maxLong: 10 });
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 3);
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 8);
  assertCode(h.buy('o1', 3), DenyReason.POSITION_LIMIT);
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 1);
  assertCode(h.buy('o2', 9), DenyReason.APPROVED);
});

test('when an outside order update gives no side, or the order is already finished, then it stays UNKNOWN_ORDER and counts nothing open', () => {
  const h = ready({ maxLong: 10 });
  assert.equal(h.update('x1', 'new', 0, 5), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.sidedUpdate('x2', 'buy', 'filled', 5, 0), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.sidedUpdate('x3', 'buy', 'canceled', 0, 0), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.engine.openBuy[0], 0);
  assert.equal(h.engine.counters[Counter.UNKNOWN_ORDER_UPDATES], 3);
  assert.equal(h.engine.counters[Counter.OUTSIDE_ORDERS], 0);
});

test('when the order table is full then an outside order is counted as untracked, and reported UNKNOWN_ORDER', () => {
  const h = ready({ maxLong: 100 }, 0, { maxOrders: 2 });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assert.equal(h.sidedUpdate('screen-1', 'buy', 'new', 0, 3), ApplyResult.OUTSIDE_ORDER);
  assert.equal(h.sidedUpdate('screen-2', 'buy', 'new', 0, 3), ApplyResult.UNKNOWN_ORDER);
  assert.equal(h.engine.counters[Counter.OUTSIDE_ORDERS_UNTRACKED], 1);
});

test('when an outside order is reduce-only then its leaves still count on its side (as an approved reduce-only order does), and the flag is kept', () => {
  const h = ready({ maxShort: 5 }, 3);
  h.sidedUpdate('screen-1', 'sell', 'new', 0, 3, { reduceOnly: true });
  const slot = h.engine.orders.find(h.key('screen-1'));
  assert.equal(h.engine.orders.reduceOnly[slot], 1);
  assert.equal(h.engine.openSell[0], 3);
  assertCode(h.sell('s1', 6), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('s2', 5), DenyReason.APPROVED);
});

test('when an outside order rests on a walk-back venue then a snapshot is not read as explained by fills alone (orders are out)', () => {
  const h = ready({ maxLong: 10 });
  h.sidedUpdate('screen-1', 'buy', 'new', 0, 2);
  assert.equal(h.engine.outsideActive[0], 1);
  h.fill('buy', 1);
  // The walk sees an order out: a snapshot the fills explain still confirms them.
  assert.equal(h.snap(1), ApplyResult.OK);
  assert.deepEqual(h.interval(), [1, 1]);
});
