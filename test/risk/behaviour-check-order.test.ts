import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenyReason, type DenyReasonName } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// The order of the checks (RiskEngine doc, docs/conventions.md 7): per-order checks, then trading state,
// then position limits, then throttles; the first failure decides. Each case below sets up two
// failing conditions and asserts the earlier one is reported.

const ROOMY = { maxFills: 50, maxQty: 1000 };

function ready(cfg: Record<string, unknown> = {}, position = 0): EngineHarness {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, ...cfg });
  h.snap(position);
  return h;
}

function tripFlipFlop(h: EngineHarness): void {
  h.fill('buy', 1);
  h.fill('sell', 2);
  assert.equal(h.engine.flipHalted[0], 1);
}

const FLIP = { windowMs: 1000, maxReversals: 0, maxGrossMultiple: 100 };

/** One instrument in account A with `cfg`, account A with `account`'s limits; position `position`. */
function inAccount(cfg: Record<string, unknown>, account: Record<string, unknown>, position = 0): EngineHarness {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, account: 'A', ...cfg }, undefined, { accounts: [{ name: 'A', ...account }] });
  h.snap(position);
  return h;
}

/** Long 1 lot costed at 100, then marked at `to`: a PnL of `to - 100` (lotSize 1). */
function markedLong(h: EngineHarness, ...marks: number[]): EngineHarness {
  h.mark(100);
  for (const m of marks) h.mark(m);
  return h;
}

test('when the instrument is unknown and the order malformed then UNKNOWN_INSTRUMENT wins', () => {
  const h = ready();
  assertCode(h.engine.checkOrder(h.key('o1'), 5, 0, 0, 0), DenyReason.UNKNOWN_INSTRUMENT);
});

test('when the order is malformed and its id taken then INVALID_ORDER wins', () => {
  const h = ready();
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o1', 0), DenyReason.INVALID_ORDER);
});

test('when the id is taken and the qty too large then DUPLICATE_ORDER_ID wins', () => {
  const h = ready({ maxOrderQty: 2 });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o1', 3), DenyReason.DUPLICATE_ORDER_ID);
});

test('when both qty and notional are too large then MAX_ORDER_QTY wins', () => {
  const h = ready({ maxOrderQty: 2, maxOrderNotional: 100 });
  assertCode(h.buy('o1', 3, 100), DenyReason.MAX_ORDER_QTY);
});

test('when notional is too large and the price outside the band then MAX_ORDER_NOTIONAL wins', () => {
  const h = ready({ maxOrderNotional: 100, priceBandBps: 10 });
  h.mark(100);
  assertCode(h.buy('o1', 1, 200), DenyReason.MAX_ORDER_NOTIONAL);
});

test('when the price is outside the band and the order a duplicate then PRICE_BAND wins', () => {
  const h = ready({ priceBandBps: 10, duplicateWindowMs: 1000 });
  h.mark(100);
  assertCode(h.buy('o1', 1, 100), DenyReason.APPROVED);
  h.mark(200);
  assertCode(h.buy('o2', 1, 100), DenyReason.PRICE_BAND);
});

test('when the order is a duplicate and the kill switch halts then DUPLICATE_ORDER wins (per-order before trading state)', () => {
  const h = ready({ duplicateWindowMs: 1000 });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.kill('halt');
  assertCode(h.buy('o2', 1), DenyReason.DUPLICATE_ORDER);
  assertCode(h.buy('o3', 2), DenyReason.KILL_SWITCH);
});

test('when a per-order check fails on a halted, stale instrument then the per-order check wins', () => {
  const h = ready({ maxOrderQty: 1 });
  h.kill('halt');
  h.feed(false);
  assertCode(h.buy('o1', 2), DenyReason.MAX_ORDER_QTY);
});

test('when the kill switch halts a flip-flop-halted instrument then KILL_SWITCH wins', () => {
  const h = ready({ unconfirmed: ROOMY, flipFlop: FLIP });
  tripFlipFlop(h);
  h.kill('halt', 'BTC');
  assertCode(h.sell('o1', 1), DenyReason.KILL_SWITCH);
});

test('when a flip-flop halt meets reduce-only then FLIP_FLOP wins', () => {
  const h = ready({ unconfirmed: ROOMY, flipFlop: FLIP });
  tripFlipFlop(h);
  h.kill('reduce', 'BTC');
  assertCode(h.buy('o1', 1), DenyReason.FLIP_FLOP);
});

test('when reduce-only meets a breached loss limit then REDUCE_ONLY wins', () => {
  const h = markedLong(inAccount({ lossLimit: { maxLoss: 50 } }, {}, 1), 40);
  assertCode(h.buy('o1', 1), DenyReason.LOSS_LIMIT);
  h.kill('reduce');
  assertCode(h.buy('o2', 1), DenyReason.REDUCE_ONLY);
});

test('when a loss limit and a drawdown limit are both breached then LOSS_LIMIT wins', () => {
  const h = markedLong(inAccount({ lossLimit: { maxLoss: 50 } }, { lossLimit: { maxDrawdown: 30 } }, 1), 150, 40);
  assert.equal(h.engine.loss.breach[1], DenyReason.DRAWDOWN_LIMIT, 'the account is in drawdown');
  assertCode(h.buy('o1', 1), DenyReason.LOSS_LIMIT);
});

test('when a drawdown limit is breached and the feed stale then DRAWDOWN_LIMIT wins', () => {
  const h = markedLong(inAccount({}, { lossLimit: { maxDrawdown: 30 } }, 1), 150, 110);
  h.feed(false);
  assertCode(h.buy('o1', 1), DenyReason.DRAWDOWN_LIMIT);
  h.kill('resume');
  assertCode(h.buy('o2', 1), DenyReason.FEED_STALE);
});

test('when reduce-only meets a stale feed then REDUCE_ONLY wins', () => {
  const h = ready();
  h.kill('reduce');
  h.feed(false);
  assertCode(h.buy('o1', 1), DenyReason.REDUCE_ONLY);
});

test('when the feed is stale and the order beyond the limit then FEED_STALE wins (trading state before limits)', () => {
  const h = ready({ maxLong: 1 });
  h.feed(false);
  assertCode(h.buy('o1', 5), DenyReason.FEED_STALE);
});

test('when fills are unconfirmed and the order beyond the limit then UNCONFIRMED_FILLS wins', () => {
  const h = ready({ maxLong: 1 });
  h.fill('sell', 1);
  assertCode(h.buy('o1', 5), DenyReason.UNCONFIRMED_FILLS);
});

test('when the lease and the account gross notional are both exceeded then LEASE_LIMIT wins', () => {
  const h = inAccount({}, { maxGrossNotional: 100 });
  h.mark(100);
  h.engine.applyLease(0, 2, 2, 60_000);
  assertCode(h.buy('o1', 3), DenyReason.LEASE_LIMIT);
  assertCode(h.buy('o2', 2), DenyReason.ACCOUNT_GROSS_NOTIONAL);
});

test('when the account gross and net notional are both exceeded then ACCOUNT_GROSS_NOTIONAL wins', () => {
  const h = inAccount({}, { maxGrossNotional: 250, maxNetNotional: 150 });
  h.mark(100);
  assertCode(h.buy('o1', 3), DenyReason.ACCOUNT_GROSS_NOTIONAL);
  assertCode(h.buy('o2', 2), DenyReason.ACCOUNT_NET_NOTIONAL);
});

test('when the account net notional is exceeded and too many orders are open then ACCOUNT_NET_NOTIONAL wins', () => {
  const h = inAccount({ maxOpenOrders: 1 }, { maxNetNotional: 150 });
  h.mark(100);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1), DenyReason.ACCOUNT_NET_NOTIONAL);
  assertCode(h.sell('o3', 1), DenyReason.MAX_OPEN_ORDERS);
});

test('when the limit is exceeded and too many orders are open then POSITION_LIMIT wins (limits before throttles)', () => {
  const h = ready({ maxLong: 2, maxOpenOrders: 1 });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 2), DenyReason.POSITION_LIMIT);
  assertCode(h.buy('o3', 1), DenyReason.MAX_OPEN_ORDERS);
});

test('when too many orders are open and the rate is exceeded then MAX_OPEN_ORDERS wins', () => {
  const h = ready({ maxOpenOrders: 1, orderRate: { max: 1, perMs: 1000 } });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1), DenyReason.MAX_OPEN_ORDERS);
});

const ALPHA = { strategies: [{ name: 'alpha', maxLong: 2, maxShort: 2, maxOpenNotional: 250 }] };

function readyAlpha(cfg: Record<string, unknown> = {}): EngineHarness {
  const h = new EngineHarness({ maxLong: 10, maxShort: 10, ...cfg }, undefined, ALPHA);
  h.snap(0);
  return h;
}

test('when the lease is exceeded and the strategy limit too then LEASE_LIMIT wins (the instrument\'s limits before the strategy\'s)', () => {
  const h = readyAlpha();
  h.engine.applyLease(0, 2, 2, 60_000);
  assertCode(h.strategyOrder('alpha', 'o1', 'buy', 3), DenyReason.LEASE_LIMIT);
  assertCode(h.strategyOrder('alpha', 'o2', 'buy', 2), DenyReason.APPROVED);
});

test('when the strategy position limit and its notional limit are both exceeded then STRATEGY_POSITION_LIMIT wins', () => {
  const h = readyAlpha();
  assertCode(h.strategyOrder('alpha', 'o1', 'buy', 3, 100), DenyReason.STRATEGY_POSITION_LIMIT);
  assertCode(h.strategyOrder('alpha', 'o2', 'sell', 2, 200), DenyReason.STRATEGY_NOTIONAL_LIMIT);
});

test('when the strategy notional limit is exceeded and too many orders are open then STRATEGY_NOTIONAL_LIMIT wins (strategy limits before throttles)', () => {
  const h = readyAlpha({ maxOpenOrders: 1 });
  assertCode(h.strategyOrder('alpha', 'o1', 'buy', 1, 100), DenyReason.APPROVED);
  assertCode(h.strategyOrder('alpha', 'o2', 'sell', 1, 200), DenyReason.STRATEGY_NOTIONAL_LIMIT);
  assertCode(h.strategyOrder('alpha', 'o3', 'sell', 1, 100), DenyReason.MAX_OPEN_ORDERS);
});

test('when the rate is exceeded and the order-to-trade ratio too then RATE_LIMIT wins', () => {
  const h = ready({ orderRate: { max: 2, perMs: 1000 }, orderToTrade: { maxRatio: 1, windowMs: 1000, minOrders: 1 } });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.cancel('o1'), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 101), DenyReason.RATE_LIMIT);
  h.advance(1100);
  assertCode(h.buy('o3', 1, 102), DenyReason.APPROVED, 'both windows slid (the order-to-trade window counts from its slot\'s end: up to 1000/62 ms longer)');
});

test('when the order-to-trade ratio is exceeded then ORDER_TO_TRADE comes last, after the rate', () => {
  const h = ready({ orderRate: { max: 3, perMs: 1000 }, orderToTrade: { maxRatio: 1, windowMs: 1000, minOrders: 1 } });
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  assertCode(h.cancel('o1'), DenyReason.APPROVED);
  assertCode(h.buy('o2', 1, 101), DenyReason.ORDER_TO_TRADE, '2 messages > 1 per no fill, the rate has room');
});

test('when a reducing order meets the rate limit then the throttle still applies', () => {
  const h = ready({ orderRate: { max: 1, perMs: 1000 } }, 5);
  h.kill('reduce');
  assertCode(h.sell('o1', 1), DenyReason.APPROVED);
  assertCode(h.sell('o2', 1), DenyReason.RATE_LIMIT);
});

// Every deny reason, each produced on its own.
const EACH: Record<Exclude<DenyReasonName, 'APPROVED'>, () => number> = {
  UNKNOWN_INSTRUMENT: () => ready().buy('o1', 1, 100, 'NOPE'),
  UNKNOWN_ORDER: () => ready().cancel('o1'),
  INVALID_ORDER: () => ready().buy('o1', 1, -1),
  MAX_ORDER_QTY: () => ready({ maxOrderQty: 1 }).buy('o1', 2),
  MAX_ORDER_NOTIONAL: () => ready({ maxOrderNotional: 99 }).buy('o1', 1, 100),
  PRICE_BAND: () => ready({ priceBandBps: 1 }).buy('o1', 1),
  DUPLICATE_ORDER: () => {
    const h = ready({ duplicateWindowMs: 10 });
    h.buy('o1', 1);
    return h.buy('o2', 1);
  },
  KILL_SWITCH: () => {
    const h = ready();
    h.kill('halt');
    return h.buy('o1', 1);
  },
  JOURNAL_DOWN: () => {
    const h = ready();
    h.engine.journalDown = 1;
    return h.buy('o1', 1);
  },
  FLIP_FLOP: () => {
    const h = ready({ unconfirmed: ROOMY, flipFlop: FLIP });
    tripFlipFlop(h);
    return h.buy('o1', 1);
  },
  REDUCE_ONLY: () => {
    const h = ready();
    h.kill('reduce');
    return h.buy('o1', 1);
  },
  UNCONFIRMED_FILLS: () => {
    const h = ready();
    h.fill('buy', 1);
    return h.buy('o1', 1);
  },
  SEQUENCE_GAP: () => {
    const h = new EngineHarness({ sequence: 'contiguous', unconfirmed: ROOMY });
    h.snap(0, 1);
    h.fill('buy', 1, { seq: 3 });
    return h.buy('o1', 1);
  },
  FEED_STALE: () => new EngineHarness().buy('o1', 1),
  POSITION_MISMATCH: () => {
    const h = ready({ unconfirmed: ROOMY });
    h.fill('buy', 1);
    h.snap(5);
    return h.buy('o1', 1);
  },
  POSITION_LIMIT: () => ready({ maxLong: 0 }).buy('o1', 1),
  MAX_OPEN_ORDERS: () => {
    const h = ready({ maxOpenOrders: 1 });
    h.buy('o1', 1);
    return h.buy('o2', 1);
  },
  RATE_LIMIT: () => {
    const h = ready({ orderRate: { max: 1, perMs: 100 } });
    h.buy('o1', 1);
    return h.buy('o2', 1, 101);
  },
  DUPLICATE_ORDER_ID: () => {
    const h = ready();
    h.buy('o1', 1);
    return h.sell('o1', 1);
  },
  NET_POSITION_LIMIT: () => {
    const h = new EngineHarness({ mode: 'hedge', maxLong: 2, maxShort: 2, legs: { maxLong: 5, maxShort: 5 } });
    h.snap(0, NaN, 'BTC');
    h.snap(0, NaN, 'BTC:short');
    return h.buy('o1', 3, 100, 'BTC');
  },
  LEASE_LIMIT: () => {
    const h = ready();
    h.engine.applyLease(0, 2, 2, 60_000);
    return h.buy('o1', 3);
  },
  STRATEGY_POSITION_LIMIT: () => readyAlpha().strategyOrder('alpha', 'o1', 'buy', 3, 10),
  STRATEGY_NOTIONAL_LIMIT: () => readyAlpha().strategyOrder('alpha', 'o1', 'buy', 1, 251),
  ORDER_TO_TRADE: () => {
    const h = ready({ orderToTrade: { maxRatio: 1, windowMs: 1000, minOrders: 1 } });
    h.buy('o1', 1);
    h.cancel('o1');
    return h.buy('o2', 1, 101);
  },
  ACCOUNT_GROSS_NOTIONAL: () => inAccount({}, { maxGrossNotional: 199 }).buy('o1', 2),
  ACCOUNT_NET_NOTIONAL: () => inAccount({}, { maxNetNotional: 199 }).buy('o1', 2),
  LOSS_LIMIT: () => markedLong(inAccount({ lossLimit: { maxLoss: 50 } }, {}, 1), 40).buy('o1', 1),
  DRAWDOWN_LIMIT: () => markedLong(inAccount({ lossLimit: { maxDrawdown: 30 } }, {}, 1), 150, 110).buy('o1', 1),
};

for (const [name, make] of Object.entries(EACH)) {
  test(`when only the condition of ${name} holds then exactly ${name} is returned`, () => {
    assertCode(make(), DenyReason[name as DenyReasonName]);
  });
}

test('when the deny reasons are listed then every one of them has a case above', () => {
  const names = Object.keys(DenyReason).filter((n) => n !== 'APPROVED').sort();
  assert.deepEqual(Object.keys(EACH).sort(), names);
});
