import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARRIVAL_ORDER, EVENT_SLOT_BYTES } from '../../src/codec/event-slot-layout.js';
import { encodeOrderRequest } from '../../src/codec/order-request-codec.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness, Mulberry32, testSeed } from '../support/engine-harness.js';

// Accounts (docs/model.md "Accounts", "Loss limits"): account-wide gross and net notional at the
// mark, and loss limits per instrument and per account.

const ROOMY = { maxFills: 50, maxQty: 1000 };

/** BTC and ETH in account A, SOL in account B; `a` and `b` the accounts' limits; every position snapshotted flat. */
function desk(a: Record<string, unknown>, b: Record<string, unknown> = {}, inst: Record<string, unknown> = {}): EngineHarness {
  const h = new EngineHarness([
    { symbol: 'BTC', account: 'A', maxLong: 100, maxShort: 100, unconfirmed: ROOMY, ...inst },
    { symbol: 'ETH', account: 'A', maxLong: 100, maxShort: 100, unconfirmed: ROOMY, ...inst },
    { symbol: 'SOL', account: 'B', maxLong: 100, maxShort: 100, unconfirmed: ROOMY, ...inst },
  ], undefined, { accounts: [{ name: 'A', ...a }, { name: 'B', ...b }] });
  for (const s of ['BTC', 'ETH', 'SOL']) h.snap(0, NaN, s);
  return h;
}

test('when two instruments of one account hold positions then the gross notional sums them at their marks and a third order past the limit is denied', () => {
  const h = desk({ maxGrossNotional: 1000 });
  h.mark(100, 'BTC');
  h.mark(50, 'ETH');
  assertCode(h.buy('b1', 5, 100, 'BTC'), DenyReason.APPROVED); // 500
  assertCode(h.sell('e1', 10, 50, 'ETH'), DenyReason.APPROVED); // 500 short: gross 1000, at the limit
  assert.equal(h.engine.accounts.gross[0], 1000);
  assertCode(h.buy('b2', 1, 100, 'BTC'), DenyReason.ACCOUNT_GROSS_NOTIONAL);
  assertCode(h.sell('e2', 1, 50, 'ETH'), DenyReason.ACCOUNT_GROSS_NOTIONAL);
  // The open orders count in the worst case: they end, and the room is back.
  h.update('b1', 'canceled', 0, 0, 'BTC');
  assertCode(h.buy('b3', 5, 100, 'BTC'), DenyReason.APPROVED);
});

test('when a long and a short offset each other then the net notional stays small while the gross grows, and the net limit denies only what adds to it', () => {
  const h = desk({ maxNetNotional: 300 });
  h.mark(100, 'BTC');
  h.mark(100, 'ETH');
  h.fill('buy', 5, { sym: 'BTC', price: 100 });
  h.fill('sell', 4, { sym: 'ETH', price: 100 });
  assert.equal(h.engine.accounts.netOf(0), 100);
  assertCode(h.buy('b1', 2, 100, 'BTC'), DenyReason.APPROVED); // net 300
  assertCode(h.buy('b2', 1, 100, 'BTC'), DenyReason.ACCOUNT_NET_NOTIONAL);
  // The short side at its worst: BTC at its lowest (5, the open buy not filled) and ETH's sells filled.
  assertCode(h.sell('e1', 5, 100, 'ETH'), DenyReason.ACCOUNT_NET_NOTIONAL, '5 - 9 lots: 400 short');
  assertCode(h.sell('e1b', 3, 100, 'ETH'), DenyReason.APPROVED, '5 - 7 lots: 200 short');
  // A mark pushes the account over its net limit; an order that reduces the net still passes.
  h.mark(200, 'BTC');
  assertCode(h.buy('b3', 1, 200, 'BTC'), DenyReason.ACCOUNT_NET_NOTIONAL);
  assertCode(h.sell('e2', 1, 100, 'ETH'), DenyReason.APPROVED);
});

test('when one account is at its gross limit then an instrument of another account trades unaffected', () => {
  const h = desk({ maxGrossNotional: 500 }, { maxGrossNotional: 10_000 });
  h.mark(100, 'BTC');
  h.mark(100, 'SOL');
  assertCode(h.buy('b1', 5, 100, 'BTC'), DenyReason.APPROVED);
  assertCode(h.buy('b2', 1, 100, 'BTC'), DenyReason.ACCOUNT_GROSS_NOTIONAL);
  assertCode(h.buy('s1', 50, 100, 'SOL'), DenyReason.APPROVED);
  assert.equal(h.engine.accounts.gross[1], 5000);
  assert.equal(h.engine.accounts.gross[0], 500);
});

test('when an instrument has no fresh mark then it counts at the order\'s limit price, and another at its fallback, never at zero', () => {
  const h = desk({ maxGrossNotional: 1000, markMaxAgeMs: 1000 }, {}, { refPrice: 10 });
  // No mark at all: BTC's order prices its instrument at its limit price.
  assertCode(h.buy('b1', 11, 100, 'BTC'), DenyReason.ACCOUNT_GROSS_NOTIONAL, '11 lots at 100 > 1000');
  assertCode(h.buy('b2', 10, 100, 'BTC'), DenyReason.APPROVED);
  // BTC, unmarked, now counts at its last approved limit price (100, above its refPrice 10).
  assert.equal(h.engine.accounts.gross[0], 1000);
  assertCode(h.buy('e1', 1, 1, 'ETH'), DenyReason.ACCOUNT_GROSS_NOTIONAL, 'not at zero');
  // A fresh mark below: BTC counts at 50, room for ETH.
  h.mark(50, 'BTC');
  assertCode(h.buy('e2', 5, 100, 'ETH'), DenyReason.APPROVED);
  // The mark grows stale: BTC falls back to the highest of refPrice, its old mark and its last limit price (100).
  h.advance(1001);
  assert.equal(h.engine.accounts.price[0], 100);
  assert.equal(h.engine.accounts.gross[0], 1500);
  assertCode(h.buy('e3', 1, 100, 'ETH'), DenyReason.ACCOUNT_GROSS_NOTIONAL);
});

test('when an instrument of the account has exposure at no known price or no position yet then the account\'s risk-increasing orders are denied', () => {
  const h = new EngineHarness([
    { symbol: 'BTC', account: 'A', maxLong: 100, maxShort: 100 },
    { symbol: 'ETH', account: 'A', maxLong: 100, maxShort: 100 },
  ], undefined, { accounts: [{ name: 'A', maxGrossNotional: 1e9 }] });
  h.snap(0, NaN, 'BTC');
  assertCode(h.buy('b1', 1, 100, 'BTC'), DenyReason.ACCOUNT_GROSS_NOTIONAL, 'ETH has no position yet: its exposure is unbounded');
  h.snap(5, NaN, 'ETH');
  assert.equal(h.engine.accounts.unbounded[1], 1, 'ETH holds 5 lots at no known price');
  assertCode(h.buy('b2', 1, 100, 'BTC'), DenyReason.ACCOUNT_GROSS_NOTIONAL);
  h.mark(100, 'ETH');
  assertCode(h.buy('b3', 1, 100, 'BTC'), DenyReason.APPROVED);
  assertCode(h.sell('e1', 1, 100, 'ETH'), DenyReason.APPROVED, 'a reducing order is never denied by an account limit');
});

test('when a mark moves against a position then the loss limit trips with no order from the strategy, and reduce-only lets the exit through', () => {
  const h = new EngineHarness({ lossLimit: { maxLoss: 50 }, lotSize: '0.5', unconfirmed: ROOMY });
  h.snap(4);
  h.mark(100); // the opening position's cost
  h.mark(76); // (76 - 100) * 4 * 0.5 = -48
  assert.equal(h.engine.loss.pnl[0], -48);
  assertCode(h.buy('o1', 1), DenyReason.APPROVED);
  h.mark(74); // -52 on 4 lots (the open buy is not a position)
  assert.equal(h.engine.loss.breach[0], DenyReason.LOSS_LIMIT);
  assert.equal(h.engine.counters[19], 1);
  assert.deepEqual(h.cancelAlls(), [], 'reduce mode cancels nothing');
  assertCode(h.buy('o2', 1), DenyReason.LOSS_LIMIT);
  assertCode(h.sell('o3', 2), DenyReason.APPROVED, 'reducing');
  // Realized and unrealized: the exit fills at 74 and the loss stays what it was.
  h.fill('sell', 2, { order: 'o3', price: 74 });
  assert.equal(h.engine.loss.realized[0], -26);
  assert.equal(h.engine.loss.pnl[0], -52);
  // A person resumes: the loss standing is accepted, a further one trips again.
  h.kill('resume', 'BTC');
  assertCode(h.buy('o4', 1, 74), DenyReason.APPROVED);
  h.mark(73);
  assertCode(h.buy('o5', 1, 73), DenyReason.LOSS_LIMIT);
});

test('when the loss limit halts then even a reducing order is denied and the instrument\'s orders are cancelled', () => {
  const h = new EngineHarness({ lossLimit: { maxLoss: 10, onBreach: 'halt' } });
  h.snap(2);
  h.mark(100);
  h.mark(94);
  assert.deepEqual(h.cancelAlls(), ['BTC']);
  assertCode(h.sell('o1', 1), DenyReason.LOSS_LIMIT);
  assertCode(h.reduceOnly('o2', 'sell', 1), DenyReason.LOSS_LIMIT);
  h.kill('resume', 'BTC');
  assertCode(h.sell('o3', 1), DenyReason.APPROVED);
});

test('when an account\'s PnL falls from its peak within the window then DRAWDOWN_LIMIT holds on all its instruments until the window slides past the peak', () => {
  const h = desk({ lossLimit: { maxDrawdown: 100, drawdownWindowMs: 8000 } });
  h.fill('buy', 10, { sym: 'BTC', price: 100 });
  h.mark(100, 'BTC');
  h.mark(120, 'BTC'); // +200: the peak
  h.mark(109, 'BTC'); // +90: 110 below the peak
  assert.equal(h.engine.loss.breach[3 + 0], DenyReason.DRAWDOWN_LIMIT);
  assertCode(h.buy('e1', 1, 100, 'ETH'), DenyReason.DRAWDOWN_LIMIT);
  assertCode(h.buy('s1', 1, 100, 'SOL'), DenyReason.APPROVED, 'account B is not in drawdown');
  assertCode(h.sell('b1', 1, 109, 'BTC'), DenyReason.APPROVED, 'reducing');
  h.advance(5000);
  assertCode(h.buy('e2', 1, 100, 'ETH'), DenyReason.DRAWDOWN_LIMIT, 'the peak is still in the window');
  h.advance(5000); // past the window (and its last slice): the breach ends by itself
  assert.equal(h.engine.loss.breach[3 + 0], 0);
  assertCode(h.buy('e3', 1, 100, 'ETH'), DenyReason.APPROVED);
});

test('when an account\'s loss limit trips then only the global resume ends it', () => {
  const h = desk({ lossLimit: { maxLoss: 100 } });
  h.fill('buy', 10, { sym: 'BTC', price: 100 });
  h.fill('buy', 10, { sym: 'ETH', price: 100 });
  h.mark(95, 'BTC');
  h.mark(94, 'ETH'); // -50 - 60
  assertCode(h.buy('e1', 1, 94, 'ETH'), DenyReason.LOSS_LIMIT);
  h.kill('resume', 'ETH');
  assertCode(h.buy('e2', 1, 94, 'ETH'), DenyReason.LOSS_LIMIT);
  h.kill('resume');
  assertCode(h.buy('e3', 1, 94, 'ETH'), DenyReason.APPROVED);
});

test('when events move positions, open orders and marks at random then the running sums equal the loop and the hot check equals the reference', () => {
  const seed = testSeed('accounts running sums');
  const rng = new Mulberry32(seed);
  const h = desk({ maxGrossNotional: 4000, maxNetNotional: 1500, markMaxAgeMs: 300 }, { maxGrossNotional: 2000 }, { refPrice: 90, lossLimit: { maxLoss: 400, maxDrawdown: 150, drawdownWindowMs: 1000 } });
  const e = h.engine;
  const slot = new ArrayBuffer(EVENT_SLOT_BYTES);
  const i32 = new Int32Array(slot);
  const f64 = new Float64Array(slot);
  const syms = ['BTC', 'ETH', 'SOL'];
  const live: { id: string; sym: string; side: 'buy' | 'sell'; qty: number }[] = [];
  let decided = 0;
  for (let n = 0; n < 4000; n++) {
    const sym = syms[rng.below(3)]!;
    const r = rng.below(100);
    if (r < 25) h.mark(80 + rng.below(41) + rng.below(4) / 4, sym);
    else if (r < 30) h.advance(rng.below(200));
    else if (r < 45) h.fill(rng.below(2) === 0 ? 'buy' : 'sell', 1 + rng.below(5), { sym, price: 80 + rng.below(41) });
    else if (r < 55 && live.length > 0) {
      const o = live.splice(rng.below(live.length), 1)[0]!;
      h.update(o.id, 'canceled', 0, 0, o.sym);
    } else if (r < 60) h.snap(rng.below(21) - 10, NaN, sym);
    else if (r < 62) h.kill('resume');
    else {
      const side = rng.below(2) === 0 ? 1 : -1;
      const qty = 1 + rng.below(8);
      const price = 80 + rng.below(41);
      encodeOrderRequest(i32, f64, 0, ARRIVAL_ORDER, NaN, NaN, 1_000_000 + n, e.instrumentIndex(sym), side, qty, price, 0);
      const want = e.screenOrderReference(i32, f64, 0);
      assertCode(e.screenOrder(i32, f64, 0), want, `seed ${seed}, step ${n}`);
      const id = `o${n}`;
      const code = h.order(id, side > 0 ? 'buy' : 'sell', qty, price, sym);
      assertCode(code, want, `seed ${seed}, step ${n}: decided as screened`);
      if (code === DenyReason.APPROVED) live.push({ id, sym, side: side > 0 ? 'buy' : 'sell', qty });
      decided++;
    }
    for (let a = 0; a < 2; a++) {
      const loop = e.accounts.grossOf(a);
      const sum = e.accounts.unboundedCount[a]! > 0 ? Infinity : e.accounts.gross[a]!;
      assert.ok(Math.abs(sum - loop) <= 1e-9 * Math.max(1, loop) || sum === loop, `seed ${seed}, step ${n}: account ${a} gross ${sum} vs loop ${loop}`);
    }
    const pnlSum = e.loss.pnl[0]! + e.loss.pnl[1]!;
    assert.ok(Math.abs(e.loss.pnl[3]! - pnlSum) <= 1e-6 * Math.max(1, Math.abs(pnlSum)), `seed ${seed}, step ${n}: account PnL is the sum of its instruments'`);
  }
  assert.ok(decided > 1000);
  for (const code of [DenyReason.APPROVED, DenyReason.ACCOUNT_GROSS_NOTIONAL, DenyReason.ACCOUNT_NET_NOTIONAL]) {
    assert.ok(e.counters[32 + code]! > 0, `seed ${seed}: some decisions were ${code}`);
  }
});
