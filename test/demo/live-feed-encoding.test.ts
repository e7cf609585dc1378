/**
 * The demo's feed-side edge: decoded events become ring slots with the handles the strategy side
 * uses (instrument index in config order, client order id through `orderKeyOf`, exec id through
 * `stringKey`), and the naive guard's check is exactly `abs(position + qty) < limit && no live orders`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_SLOT_BYTES, SlotType, decodeFill, decodeOrderUpdate, decodeSnapshot, slotTag, type FillFields, type OrderUpdateFields, type SnapshotFields } from '../../src/codec/index.js';
import { FeedSink } from '../../src/engine/index.js';
import { RingConsumer, createRing } from '../../src/ring/index.js';
import { OrderStatusCode, Side } from '../../src/risk/codes.js';
import { stringKey } from '../../src/units/string-keys.js';
import { breachStats } from '../../src/demo/breach-stats.js';
import { encodeFeedEvent } from '../../src/venue-bridge/encode-feed-event.js';
import { NaiveGuard } from '../../src/demo/naive-guard.js';
import { clientIdOf, orderKeyOf } from '../../src/venue-bridge/order-handle.js';

function ring(): { sink: FeedSink; consumer: RingConsumer } {
  const buffer = createRing({ capacity: 8, slotSize: EVENT_SLOT_BYTES });
  const control = new SharedArrayBuffer(4096);
  return { sink: new FeedSink(buffer, control), consumer: new RingConsumer(buffer) };
}

describe('demo feed encoding', () => {
  it('when a fill, an order update and a snapshot are encoded then the slots carry the strategy-side handles', () => {
    const { sink, consumer } = ring();
    const index = new Map([['ETHUSDT', 0], ['BTCUSDT', 1]]);
    const id = clientIdOf(17);
    assert.equal(orderKeyOf(id), 17, 'canonical numeric client ids are their own keys');
    assert.ok(encodeFeedEvent(sink, index, { type: 'fill', symbol: 'BTCUSDT', orderId: id, execId: 'e-9f', side: 'sell', qty: 3, price: 60000.5, seq: 4 }));
    assert.ok(encodeFeedEvent(sink, index, { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: id, status: 'filled', cumQty: 3, leavesQty: 0 }));
    assert.ok(encodeFeedEvent(sink, index, { type: 'snapshot', symbol: 'BTCUSDT', position: -3, seq: 4 }));
    assert.equal(consumer.poll(), 3);
    const fill = {} as FillFields;
    decodeFill(consumer.i32, consumer.f64, consumer.slotOffset(0), fill);
    assert.equal(slotTag(consumer.i32, consumer.slotOffset(0)), SlotType.FILL);
    assert.deepEqual([fill.inst, fill.orderKey, fill.execKey, fill.arg, fill.qty, fill.seq], [1, 17, stringKey('e-9f'), Side.SELL, 3, 4]);
    const upd = {} as OrderUpdateFields;
    decodeOrderUpdate(consumer.i32, consumer.f64, consumer.slotOffset(1), upd);
    assert.deepEqual([upd.inst, upd.orderKey, upd.arg, upd.cumQty, upd.leavesQty], [1, 17, OrderStatusCode.FILLED, 3, 0]);
    const snap = {} as SnapshotFields;
    decodeSnapshot(consumer.i32, consumer.f64, consumer.slotOffset(2), snap);
    assert.deepEqual([snap.inst, snap.position, snap.seq], [1, -3, 4]);
  });

  it('when the ring is full then the event is dropped and counted', () => {
    const { sink } = ring();
    for (let i = 0; i < 8; i++) assert.ok(encodeFeedEvent(sink, new Map(), { type: 'heartbeat' }));
    assert.equal(encodeFeedEvent(sink, new Map(), { type: 'heartbeat' }), false);
    assert.equal(sink.drops, 1);
  });
});

describe('naive guard', () => {
  it('when the order update arrives before the position update then it sends again on the old position', () => {
    const g = new NaiveGuard(10);
    g.onFeedEvent({ type: 'snapshot', symbol: 'X', position: 8 });
    assert.equal(g.checkOrder('1', 'X', 'buy', 1), 'APPROVED');
    assert.equal(g.checkOrder('2', 'X', 'buy', 1), 'MAX_OPEN_ORDERS', 'a live order blocks');
    g.onFeedEvent({ type: 'orderUpdate', symbol: 'X', orderId: '1', status: 'filled', cumQty: 1, leavesQty: 0 });
    assert.equal(g.checkOrder('3', 'X', 'buy', 1), 'APPROVED', 'the race riskgate exists for');
    g.onOrderReport({ type: 'orderUpdate', symbol: 'X', orderId: '3', status: 'rejected', cumQty: 0, leavesQty: 0 });
    g.onFeedEvent({ type: 'snapshot', symbol: 'X', position: 9 });
    assert.equal(g.checkOrder('4', 'X', 'buy', 1), 'POSITION_LIMIT', 'abs(9 + 1) < 10 is false');
    assert.equal(g.checkOrder('5', 'X', 'sell', 1), 'APPROVED');
  });
});

describe('breach stats', () => {
  it('when the true position crosses the limit twice then two episodes, their time and the max excess are counted', () => {
    const h = [0, 5, 11, 9, -12, -3].map((position, i) => ({ at: i * 100, symbol: 'X', position }));
    const s = breachStats(h, 'X', 10, 1000);
    assert.deepEqual(s, { worstAbs: 12, count: 2, msBeyond: 200, maxExcess: 2, reversals: 1 });
  });
});
