/**
 * Deribit's private stream framing on the simulator: a matching event that traded goes out as one
 * `user.changes` notification carrying its trades, the order's state after them and the resulting
 * position (as Deribit sends it), so the position has its trades' `trade_seq` beside it. The
 * faults still act: `positionDelay` delays the whole notification, `orderBeforeFill` sends the
 * order update first and the trades with the position later, `positionDeath` strips the position
 * from what a dead subscription receives. Driven directly on an AccountStream, manual clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountLedger } from '../../src/sim/account-ledger.js';
import { AccountStream } from '../../src/sim/account-stream.js';
import { DeribitFramer } from '../../src/sim/deribit-framer.js';
import { EventQueue } from '../../src/sim/event-queue.js';
import { resolveProfile } from '../../src/sim/fault-profile.js';
import { Instrument } from '../../src/sim/instrument.js';
import { Prng } from '../../src/sim/prng.js';
import type { ExecReport, Frame, OrderState } from '../../src/sim/private-report.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import type { StreamConnection } from '../../src/sim/stream-connection.js';

const SYMBOL = 'BTC-PERPETUAL';

interface Sent { readonly at: number; readonly data: { trades: { trade_seq: number }[]; orders: { order_state: string }[]; positions: { size: number }[] } }

function setup(profile: Record<string, unknown>): { stream: AccountStream; clock: SimClock; queue: EventQueue; sent: Sent[]; conn: StreamConnection } {
  const inst = new Instrument({ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.5', startPrice: '50000' });
  const clock = new SimClock();
  const queue = new EventQueue(clock);
  const ledger = new AccountLedger('a', [inst]);
  const stream = new AccountStream('a', new DeribitFramer(new Map([[SYMBOL, inst]])), resolveProfile({ latencyMs: 1, ...profile }), new Prng(7), queue, clock, ledger);
  const sent: Sent[] = [];
  const conn: StreamConnection = {
    id: 1, positionDead: false, wants: () => true, kill: () => undefined,
    send: (f: Frame) => {
      const body = f.body as { params: { data: Sent['data'] } };
      sent.push({ at: clock.nowMs(), data: body.params.data });
      return JSON.stringify(f.body);
    },
  };
  stream.attach(conn);
  return { stream, clock, queue, sent, conn };
}

const ORDER: OrderState = {
  venueId: 'v1', numericId: 1, clientId: 'c1', symbol: SYMBOL, side: 'buy', tif: 'GTC', priceTicks: 100_000, qty: 5,
  cum: 5, cumTicksLots: 500_000, status: 'filled', createdAt: 0, updatedAt: 0,
};

function trade(stream: AccountStream, n: number): void {
  const execs: ExecReport[] = [];
  for (let i = 0; i < n; i++) {
    const seq = stream.nextSeq(SYMBOL);
    execs.push({ execId: `e${seq}`, seq, tradeId: seq, symbol: SYMBOL, side: 'buy', qty: 1, priceTicks: 100_000, isMaker: false, at: 0, order: ORDER });
  }
  stream.publish({ symbol: SYMBOL, accepted: { ...ORDER, cum: 0, cumTicksLots: 0, status: 'new' }, execs, final: ORDER, position: { symbol: SYMBOL, position: 5, seq: stream.lastSeq(SYMBOL), entryTicks: 100_000, at: 0 } });
}

describe('Deribit user.changes framing on the simulator', () => {
  it('when an order trades then one notification carries its trades, its order state and the position', () => {
    const { stream, queue, sent } = setup({});
    trade(stream, 2);
    queue.runUntil(100);
    const withPosition = sent.filter((s) => s.data.positions.length > 0);
    assert.equal(withPosition.length, 1, JSON.stringify(sent));
    const n = withPosition[0]!.data;
    assert.deepEqual(n.trades.map((t) => t.trade_seq), [1, 2]);
    assert.deepEqual(n.orders.map((o) => o.order_state), ['filled']);
    assert.equal(n.positions[0]!.size, 0.005);
    assert.ok(sent.every((s) => s.data.positions.length === 0 || s.data.trades.length > 0), 'no position-only notification');
  });

  it('when positionDelay fires then the whole notification, trades included, arrives late', () => {
    const { stream, queue, sent } = setup({ positionDelay: { rate: 1, delayMs: 40 } });
    trade(stream, 1);
    queue.runUntil(100);
    assert.equal(sent.length, 1, JSON.stringify(sent));
    assert.equal(sent[0]!.at, 41);
    assert.deepEqual(sent[0]!.data.trades.map((t) => t.trade_seq), [1]);
    assert.equal(sent[0]!.data.positions.length, 1);
  });

  it('when orderBeforeFill fires then the order update goes first, and the trades and position together later', () => {
    const { stream, queue, sent } = setup({ orderBeforeFill: { rate: 1, delayMs: 20 } });
    trade(stream, 1);
    queue.runUntil(100);
    assert.equal(sent.length, 2, JSON.stringify(sent));
    assert.deepEqual([sent[0]!.at, sent[0]!.data.orders.length, sent[0]!.data.trades.length, sent[0]!.data.positions.length], [1, 1, 0, 0]);
    assert.deepEqual([sent[1]!.at, sent[1]!.data.orders.length, sent[1]!.data.trades.length, sent[1]!.data.positions.length], [21, 0, 1, 1]);
  });

  it('when a delayed notification is followed by another then they arrive in order', () => {
    const { stream, queue, sent, clock } = setup({ positionDelay: { rate: 1, delayMs: 40 } });
    trade(stream, 1);
    clock.advanceTo(10);
    queue.runUntil(10);
    trade(stream, 1);
    queue.runUntil(200);
    assert.deepEqual(sent.map((s) => s.data.trades[0]!.trade_seq), [1, 2]);
  });

  it('when the position subscription is dead then the trades and order still arrive, without the position', () => {
    const { stream, queue, sent, conn } = setup({});
    conn.positionDead = true;
    trade(stream, 1);
    queue.runUntil(100);
    assert.equal(sent.length, 1, JSON.stringify(sent));
    assert.deepEqual([sent[0]!.data.trades.length, sent[0]!.data.orders.length, sent[0]!.data.positions.length], [1, 1, 0]);
  });
});
