/**
 * Writes one decoded event into a feed ring slot, with the integer handles the risk thread
 * expects: the instrument's index in the config's `instruments` order (unknown symbol: `UNKNOWN_SYMBOL`,
 * which the engine rejects as unknown; no symbol: every instrument), the order key of the client order
 * id (`orderKeyOf`, as the strategy computes it), the execution id hashed by `stringKey` (as the
 * scenario compiler does). `order` is `ARRIVAL_ORDER`, `at` the wall clock (the engine runs on
 * its own system clock and only journals it).
 *
 * Runs on the feed worker, once per event. It allocates nothing itself; the events it reads were
 * allocated by the decoder (the live feed's edge, off the risk thread).
 */
import {
  ARRIVAL_ORDER, encodeFeedStatus, encodeFill, encodeHeartbeat, encodeMark, encodeOrderUpdate, encodeSnapshot,
} from '../codec/index.js';
import type { FeedSink } from '../engine/index.js';
import { RING_FULL } from '../ring/index.js';
import { ALL_INSTRUMENTS, Side, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { STATUS_CODE, updateSideCode } from '../scenario/engine-gate.js';
import type { MarketEvent } from '../scenario/scenario-types.js';
import { stringKey } from '../units/string-keys.js';
import { orderKeyOf } from './order-handle.js';

/** Symbol → instrument index, in the engine config's order. */
export type InstrumentIndex = ReadonlyMap<string, number>;

/** Claims a slot, encodes `ev`, publishes. Returns false when the ring was full (a drop is recorded). */
export function encodeFeedEvent(sink: FeedSink, index: InstrumentIndex, ev: MarketEvent): boolean {
  const off = sink.tryClaim();
  if (off === RING_FULL) {
    sink.recordDrop(); // the risk thread holds the feed's instruments down until a fresh snapshot
    return false;
  }
  const { i32, f64 } = sink;
  const at = Date.now();
  const inst = (symbol: string | undefined): number => (symbol === undefined ? ALL_INSTRUMENTS : (index.get(symbol) ?? UNKNOWN_SYMBOL));
  switch (ev.type) {
    case 'snapshot':
      encodeSnapshot(i32, f64, off, ARRIVAL_ORDER, at, inst(ev.symbol), ev.position, ev.seq ?? NaN, ev.venueTime ?? NaN, ev.current === true ? 1 : 0, ev.asOf ?? NaN);
      break;
    case 'fill':
      encodeFill(i32, f64, off, ARRIVAL_ORDER, at, inst(ev.symbol), ev.orderId === undefined ? -1 : orderKeyOf(ev.orderId),
        stringKey(ev.execId), ev.side === 'buy' ? Side.BUY : Side.SELL, ev.qty, ev.price, ev.seq ?? ev.venueTime ?? NaN);
      break;
    case 'orderUpdate':
      encodeOrderUpdate(i32, f64, off, ARRIVAL_ORDER, at, inst(ev.symbol), orderKeyOf(ev.orderId), STATUS_CODE[ev.status], ev.cumQty, ev.leavesQty,
        updateSideCode(ev), ev.reduceOnly === true ? 1 : 0);
      break;
    case 'feed':
      encodeFeedStatus(i32, f64, off, ARRIVAL_ORDER, at, inst(ev.symbol), ev.status === 'up');
      break;
    case 'heartbeat':
      encodeHeartbeat(i32, f64, off, ARRIVAL_ORDER, at, inst(ev.symbol));
      break;
    case 'mark':
      encodeMark(i32, f64, off, ARRIVAL_ORDER, at, inst(ev.symbol), ev.price);
      break;
  }
  sink.publish(); // publish + doorbell
  return true;
}
