/**
 * Matching engine behaviour on one book, without sockets: price-time priority, partial fills at
 * the maker's price, IOC remainder cancelled, GTC rest and cancel.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MatchingEngine } from '../../src/sim/matching-engine.js';
import { OrderBook } from '../../src/sim/order-book.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import type { SimOrder } from '../../src/sim/sim-order.js';

let n = 0;
function order(account: string, side: 'buy' | 'sell', priceTicks: number, qty: number, tif: 'GTC' | 'IOC' = 'GTC'): SimOrder {
  n++;
  return { venueId: `v${n}`, numericId: n, account, clientId: `${account}-${n}`, symbol: 'X', side, priceTicks, qty, tif, cum: 0, cumTicksLots: 0, status: 'new', createdAt: 0, updatedAt: 0 };
}

function engine(): MatchingEngine {
  return new MatchingEngine('X', new OrderBook(), new SimClock());
}

describe('matching engine', () => {
  it('when two makers rest at one price then the earlier one trades first (time priority)', () => {
    const m = engine();
    const first = order('m1', 'sell', 100, 5);
    const second = order('m2', 'sell', 100, 5);
    m.submit(first);
    m.submit(second);
    const r = m.submit(order('t', 'buy', 100, 3, 'IOC'));
    assert.deepEqual(r.trades.map((t) => [t.maker.account, t.qty]), [['m1', 3]]);
    assert.equal(first.status, 'partiallyFilled');
    assert.equal(second.status, 'new');
  });

  it('when makers rest at several prices then the best price trades first, at the maker price (price priority)', () => {
    const m = engine();
    m.submit(order('far', 'sell', 102, 5));
    m.submit(order('near', 'sell', 101, 5));
    const taker = order('t', 'buy', 105, 8, 'IOC');
    const r = m.submit(taker);
    assert.deepEqual(r.trades.map((t) => [t.maker.account, t.priceTicks, t.qty]), [['near', 101, 5], ['far', 102, 3]]);
    assert.equal(taker.status, 'filled');
    assert.equal(taker.cumTicksLots, 101 * 5 + 102 * 3);
  });

  it('when an IOC order is larger than the crossing depth then it fills partially and its remainder is cancelled', () => {
    const m = engine();
    m.submit(order('m', 'buy', 99, 4));
    m.submit(order('deep', 'buy', 90, 10));
    const taker = order('t', 'sell', 95, 10, 'IOC');
    const r = m.submit(taker);
    assert.deepEqual(r.trades.map((t) => t.qty), [4]);
    assert.equal(r.expiredLots, 6);
    assert.equal(r.rested, false);
    assert.equal(taker.status, 'canceled');
    assert.equal(taker.cum, 4);
    assert.equal(m.book.best('sell'), undefined, 'the IOC remainder never rests');
    assert.equal(m.book.best('buy'), 90);
  });

  it('when a GTC order partially fills then its remainder rests and later trades as a maker', () => {
    const m = engine();
    m.submit(order('m', 'sell', 100, 2));
    const gtc = order('g', 'buy', 100, 5);
    const r = m.submit(gtc);
    assert.equal(r.rested, true);
    assert.equal(gtc.status, 'partiallyFilled');
    assert.equal(m.book.best('buy'), 100);
    assert.equal(m.book.bestQty('buy'), 3);
    const later = m.submit(order('t', 'sell', 100, 3, 'IOC'));
    assert.equal(later.trades[0]?.maker, gtc);
    assert.equal(gtc.status, 'filled');
    assert.equal(m.book.best('buy'), undefined);
  });

  it('when a resting GTC order is cancelled then it leaves the book and cannot be cancelled twice', () => {
    const m = engine();
    const gtc = order('g', 'buy', 100, 5);
    m.submit(gtc);
    assert.equal(m.cancel(gtc), true);
    assert.equal(gtc.status, 'canceled');
    assert.equal(m.book.best('buy'), undefined);
    assert.equal(m.cancel(gtc), false);
    assert.equal(m.submit(order('t', 'sell', 100, 1, 'IOC')).trades.length, 0);
  });

  it('when orders do not cross then nothing trades and trade ids stay contiguous afterwards', () => {
    const m = engine();
    m.submit(order('b', 'buy', 99, 1));
    m.submit(order('s', 'sell', 101, 1));
    assert.equal(m.submit(order('t', 'buy', 100, 1, 'IOC')).trades.length, 0);
    const a = m.submit(order('t', 'buy', 101, 1, 'IOC')).trades[0];
    const b = m.submit(order('t', 'sell', 99, 1, 'IOC')).trades[0];
    assert.deepEqual([a?.tradeId, b?.tradeId], [1, 2]);
  });
});
