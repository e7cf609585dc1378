import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Further checks (docs/model.md "Further checks"): duplicate-order window, order rate (sliding window), max live
// orders, and the flip-flop guard.

const ROOMY = { maxFills: 50, maxQty: 1000 };

function ready(cfg: Record<string, unknown>): EngineHarness {
  const h = new EngineHarness({ maxLong: 100, maxShort: 100, ...cfg });
  h.at(0).snap(0);
  return h;
}

test('when the same side, qty and price is approved again within duplicateWindowMs then it is denied DUPLICATE_ORDER', () => {
  const h = ready({ duplicateWindowMs: 100 });
  assertCode(h.buy('o1', 1, 100), DenyReason.APPROVED);
  h.at(99);
  assertCode(h.buy('o2', 1, 100), DenyReason.DUPLICATE_ORDER);
  assertCode(h.buy('o3', 2, 100), DenyReason.APPROVED, 'other qty');
  assertCode(h.buy('o4', 1, 101), DenyReason.APPROVED, 'other price');
  assertCode(h.sell('o5', 1, 100), DenyReason.APPROVED, 'other side');
  h.at(100);
  assertCode(h.buy('o6', 1, 100), DenyReason.APPROVED, 'the window is (now - windowMs, now]');
});

test('when an order was denied then it does not arm the duplicate window', () => {
  const h = ready({ duplicateWindowMs: 100, maxLong: 1 });
  assertCode(h.buy('o1', 2, 100), DenyReason.POSITION_LIMIT);
  h.at(10);
  assertCode(h.buy('o2', 2, 100), DenyReason.POSITION_LIMIT);
});

test('when the duplicate window is off then identical orders pass', () => {
  const h = ready({});
  assertCode(h.buy('o1', 1, 100), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 100), DenyReason.APPROVED);
});

test('when more than orderRate.max orders were approved in the window then RATE_LIMIT, until the oldest leaves it', () => {
  const h = ready({ orderRate: { max: 3, perMs: 1000 } });
  h.at(0);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.at(10);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
  h.at(20);
  assertCode(h.buy('o3', 1), DenyReason.APPROVED);
  h.at(999);
  assertCode(h.buy('o4', 1), DenyReason.RATE_LIMIT);
  h.at(1000);
  assertCode(h.buy('o5', 1), DenyReason.APPROVED, 'the order at 0 left the window');
  assertCode(h.buy('o6', 1), DenyReason.RATE_LIMIT);
  h.at(1010);
  assertCode(h.buy('o7', 1), DenyReason.APPROVED);
});

test('when orders are denied or cancels sent then they do not count towards the order rate', () => {
  const h = ready({ orderRate: { max: 2, perMs: 1000 }, maxOrderQty: 5 });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('big', 6), DenyReason.MAX_ORDER_QTY);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED, 'the denied order did not count');
  assertCode(h.cancel('o1'), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1), DenyReason.RATE_LIMIT);
  assertCode(h.cancel('o2'), DenyReason.APPROVED, 'cancels are never throttled');
});

test('when the rate window is per instrument then one instrument’s orders do not throttle another', () => {
  const h = new EngineHarness([{ symbol: 'A', orderRate: { max: 1, perMs: 1000 } }, { symbol: 'B', orderRate: { max: 1, perMs: 1000 } }]);
  h.snap(0, NaN, 'A');
  h.snap(0, NaN, 'B');
  assertCode(h.buy('a1', 1, 100, 'A'), DenyReason.APPROVED);
  assertCode(h.buy('b1', 1, 100, 'B'), DenyReason.APPROVED);
  assertCode(h.buy('a2', 1, 100, 'A'), DenyReason.RATE_LIMIT);
});

test('when maxOpenOrders orders are live or in flight then another is denied MAX_OPEN_ORDERS', () => {
  const h = ready({ maxOpenOrders: 2, unconfirmed: ROOMY });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.sell('o2', 1), DenyReason.APPROVED);
  h.update('o2', 'new', 0, 1);
  assertCode(h.buy('o3', 1), DenyReason.MAX_OPEN_ORDERS);
  assertCode(h.cancel('o1'), DenyReason.APPROVED);
  assertCode(h.buy('o4', 1), DenyReason.MAX_OPEN_ORDERS, 'a pending cancel still counts');
  h.update('o1', 'canceled', 0, 0);
  assertCode(h.buy('o5', 1), DenyReason.APPROVED);
  h.update('o2', 'filled', 1, 0);
  assertCode(h.buy('o6', 1), DenyReason.APPROVED);
});

test('when the order table is full then the next order is denied MAX_OPEN_ORDERS', () => {
  const h = new EngineHarness({ maxLong: 100 }, { maxOrders: 2 });
  h.snap(0);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED);
  assertCode(h.buy('o3', 1), DenyReason.MAX_OPEN_ORDERS);
  h.update('o1', 'canceled', 0, 0);
  assertCode(h.buy('o4', 1), DenyReason.APPROVED);
});

test('when the position reverses sign more than maxReversals times in the window then the instrument halts: FLIP_FLOP, cancel-all', () => {
  const h = ready({ maxLong: 5, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 1, maxGrossMultiple: 100 } });
  h.at(10).fill('buy', 2); // +2
  h.at(20).fill('sell', 4); // -2: reversal 1
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.at(30).fill('buy', 4); // +2: reversal 2 > 1
  assert.equal(h.engine.flipHalted[0], 1);
  assert.equal(h.engine.counters[Counter.FLIP_FLOP_TRIPS], 1);
  assert.deepEqual(h.cancelAlls(), ['BTC']);
  assertCode(h.buy('o2', 1), DenyReason.FLIP_FLOP);
  assertCode(h.sell('o3', 1), DenyReason.FLIP_FLOP, 'a halt stops reducing orders too');
  assertCode(h.reduceOnly('o3r', 'sell', 1), DenyReason.FLIP_FLOP, 'and venue-enforced reduce-only ones');
  assertCode(h.cancel('o1'), DenyReason.APPROVED, 'cancels still pass');
});

test('when the position passes through flat then the sign before and after it is compared', () => {
  const h = ready({ unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 0, maxGrossMultiple: 100 } });
  h.fill('buy', 2);
  h.fill('sell', 2); // flat: no sign
  assert.equal(h.engine.flipHalted[0], 0);
  h.fill('sell', 1); // negative after positive
  assert.equal(h.engine.flipHalted[0], 1);
});

test('when reversals are further apart than the window then they do not add up', () => {
  const h = ready({ maxLong: 5, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 1, maxGrossMultiple: 100 } });
  h.at(0).fill('buy', 1);
  h.at(10).fill('sell', 2); // reversal at 10
  h.at(1010).fill('buy', 2); // reversal at 1010: the one at 10 has left the window
  assert.equal(h.engine.flipHalted[0], 0);
  h.at(1020).fill('sell', 2); // second reversal inside (20, 1020]
  assert.equal(h.engine.flipHalted[0], 1);
});

test('when gross traded lots exceed maxGrossMultiple * max(maxLong, maxShort) in the window then the instrument halts', () => {
  // limit: 2 * max(3, 5) = 10 lots
  const h = ready({ maxLong: 3, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 100, maxGrossMultiple: 2 } });
  h.at(0).fill('buy', 3);
  h.fill('sell', 3);
  h.fill('buy', 3);
  h.fill('sell', 1); // gross 10: at the limit
  assert.equal(h.engine.flipHalted[0], 0);
  h.fill('sell', 1); // gross 11
  assert.equal(h.engine.flipHalted[0], 1);
  assertCode(h.sell('o1', 1), DenyReason.FLIP_FLOP);
  assert.deepEqual(h.cancelAlls(), ['BTC']);
});

test('when an IOC taker’s fills are reported before they arrive then gross counts them once', () => {
  const h = ready({ maxLong: 4, maxShort: 4, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 100, maxGrossMultiple: 1 } });
  assertCode(h.buy('o1', 3), DenyReason.APPROVED);
  h.update('o1', 'filled', 3, 0); // gross 3 at once
  h.fill('buy', 3, { order: 'o1' }); // explained: no new lots
  assert.equal(h.engine.flipHalted[0], 0);
  h.fill('sell', 1); // gross 4
  assert.equal(h.engine.flipHalted[0], 0);
  h.fill('sell', 1); // gross 5 > 4
  assert.equal(h.engine.flipHalted[0], 1);
});

test('when a duplicate fill arrives then it adds nothing to the flip-flop windows', () => {
  const h = ready({ maxLong: 2, maxShort: 2, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 100, maxGrossMultiple: 1 } });
  h.fill('buy', 2, { exec: 'x' });
  h.fill('buy', 2, { exec: 'x' });
  assert.equal(h.engine.flipHalted[0], 0);
});

test('when a flip-flop halt is resumed then the halt and its windows are cleared', () => {
  const h = ready({ maxLong: 5, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 1, maxGrossMultiple: 100 } });
  h.fill('buy', 1);
  h.fill('sell', 2);
  h.fill('buy', 2); // trips
  assert.equal(h.engine.flipHalted[0], 1);
  h.kill('resume', 'BTC');
  assert.equal(h.engine.flipHalted[0], 0);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.fill('sell', 2); // one reversal in a fresh window: tolerated
  assert.equal(h.engine.flipHalted[0], 0);
  h.fill('buy', 2); // the second trips again
  assert.equal(h.engine.flipHalted[0], 1);
});

test('when the flip-flop guard is off then reversals never halt', () => {
  const h = ready({ unconfirmed: ROOMY });
  for (let n = 0; n < 20; n++) h.fill(n % 2 === 0 ? 'buy' : 'sell', n === 0 ? 1 : 2);
  assert.equal(h.engine.flipHalted[0], 0);
});

test('when a flip-flop trip has held for cooldownMs then the instrument resumes by itself, with empty windows', () => {
  const h = ready({ maxLong: 5, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 1, maxGrossMultiple: 100, cooldownMs: 500 } });
  h.at(10).fill('buy', 1);
  h.at(20).fill('sell', 2);
  h.at(30).fill('buy', 2); // trips at 30: holds until 530
  assert.equal(h.engine.flipHalted[0], 1);
  h.at(529);
  assertCode(h.buy('o1', 1), DenyReason.FLIP_FLOP, 'still cooling down 1 ms before the end');
  assert.equal(h.engine.counters[Counter.FLIP_FLOP_RESUMES], 0);
  h.at(530);
  assertCode(h.buy('o2', 1), DenyReason.APPROVED, 'resumed by itself at trip + cooldownMs');
  assert.equal(h.engine.flipHalted[0], 0);
  assert.equal(h.engine.counters[Counter.FLIP_FLOP_RESUMES], 1);
  h.at(540).fill('sell', 2); // a reversal in a fresh window: tolerated (the trip's reversals are gone)
  assert.equal(h.engine.flipHalted[0], 0);
  h.at(550).fill('buy', 2); // a loop that goes on trips again
  assert.equal(h.engine.flipHalted[0], 1);
  assert.equal(h.engine.counters[Counter.FLIP_FLOP_TRIPS], 2);
});

test('when manualResume is set then a trip holds past any cool-down until a kill-switch resume', () => {
  const h = ready({ maxLong: 5, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 0, maxGrossMultiple: 100, cooldownMs: 1, manualResume: true } });
  h.at(10).fill('buy', 1);
  h.at(20).fill('sell', 2); // trips
  h.at(20 + 86_400_000);
  assertCode(h.sell('o1', 1), DenyReason.FLIP_FLOP, 'a day later: still halted');
  h.kill('resume', 'BTC');
  assertCode(h.sell('o2', 1), DenyReason.APPROVED);
  assert.equal(h.engine.counters[Counter.FLIP_FLOP_RESUMES], 0, 'a manual resume is not a cool-down resume');
});

test('when the cool-down is not configured then a trip holds for the default 30 s', () => {
  const h = ready({ maxLong: 5, maxShort: 5, unconfirmed: ROOMY, flipFlop: { windowMs: 1000, maxReversals: 0, maxGrossMultiple: 100 } });
  h.at(10).fill('buy', 1);
  h.at(20).fill('sell', 2); // trips at 20
  h.at(30_019);
  assertCode(h.sell('o1', 1), DenyReason.FLIP_FLOP);
  h.at(30_020);
  assertCode(h.sell('o2', 1), DenyReason.APPROVED);
});
