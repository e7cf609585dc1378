/**
 * What `riskgate decode` prints for a byte decoder's frame (src/venues/scan/byte-decoder.ts): its
 * event slots read back as scenario steps. Cold (the CLI), allocates.
 *
 * The slots hold what the feed worker hands the risk thread, so two things are not strings:
 * - the instrument is the index of the venue symbol in the decoder's table: it prints as the
 *   engine symbol of that entry (`symbols()`), as the reference decoders print it;
 * - order and execution ids are `stringKey`s hashed from the bytes. Each prints as the id text
 *   the frame carries whose `stringKey` it is (every string and number of the frame is a
 *   candidate), which is what the reference decoders print; a key no single value of the frame
 *   explains (an id riskgate composes, such as OKX's `<instId>:<tradeId>`, or one the decoder
 *   remembered from an earlier frame) prints as `key:<n>`, n the integer the engine matches on.
 */
import { EVENT_SLOT_BYTES, SlotType, decodeFill, decodeOrderUpdate, decodeSnapshot, type FillFields, type OrderUpdateFields, type SnapshotFields } from '../codec/index.js';
import type { OrderStatus, VenueEvent } from '../scenario/scenario-types.js';
import { stringKey } from '../units/string-keys.js';
import type { ByteDecoder } from '../venues/scan/byte-decoder.js';

const STATUS: readonly OrderStatus[] = ['new', 'partiallyFilled', 'filled', 'canceled', 'rejected'];

/** Key -> text of every string and number in a parsed frame (the first text of a key wins). */
export function idTexts(frame: unknown): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) {
      const text = String(v);
      const k = stringKey(text);
      if (!out.has(k)) out.set(k, text);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(frame);
  return out;
}

/**
 * The last decoded frame's slots as events. `fillTime`: the venue's fills carry a venue time,
 * not a sequence number, in their last value (Binance, BitMEX).
 */
export function byteFrameEvents(d: ByteDecoder, ids: ReadonlyMap<number, string>, fillTime: boolean): VenueEvent[] {
  const symbols = d.symbols();
  const id = (key: number): string => ids.get(key) ?? `key:${key}`;
  const events: VenueEvent[] = [];
  const { i32, f64 } = d.slots;
  for (let k = 0; k < d.slots.count; k++) {
    const off = k * EVENT_SLOT_BYTES;
    const inst = i32[(off >> 2) + 1]!;
    const symbol = inst < 0 ? undefined : symbols[inst]!;
    switch (i32[off >> 2]) {
      case SlotType.FILL: {
        const f = {} as FillFields;
        decodeFill(i32, f64, off, f);
        events.push({
          type: 'fill', symbol: symbol!, ...(f.orderKey === -1 ? {} : { orderId: id(f.orderKey) }), execId: id(f.execKey),
          side: f.arg === 1 ? 'buy' : 'sell', qty: f.qty, price: f.price, ...(Number.isNaN(f.seq) ? {} : fillTime ? { venueTime: f.seq } : { seq: f.seq }),
        });
        break;
      }
      case SlotType.ORDER_UPDATE: {
        const u = {} as OrderUpdateFields;
        decodeOrderUpdate(i32, f64, off, u);
        events.push({
          type: 'orderUpdate', symbol: symbol!, orderId: id(u.orderKey), status: STATUS[u.arg]!, cumQty: u.cumQty, leavesQty: u.leavesQty,
          ...(u.side === 1 ? { side: 'buy' as const } : u.side === -1 ? { side: 'sell' as const } : {}), ...(u.reduceOnly === 1 ? { reduceOnly: true } : {}),
        });
        break;
      }
      case SlotType.SNAPSHOT: {
        const s = {} as SnapshotFields;
        decodeSnapshot(i32, f64, off, s);
        events.push({ type: 'snapshot', symbol: symbol!, position: s.position, ...(Number.isNaN(s.seq) ? {} : { seq: s.seq }), ...(Number.isNaN(s.venueTime) ? {} : { venueTime: s.venueTime }) });
        break;
      }
      case SlotType.HEARTBEAT:
        events.push(symbol === undefined ? { type: 'heartbeat' } : { type: 'heartbeat', symbol });
        break;
      default:
        throw new Error(`byte decoder ${d.venue} wrote a slot of type ${i32[off >> 2]}, which decode cannot print`);
    }
  }
  return events;
}
