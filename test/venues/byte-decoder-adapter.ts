/**
 * A byte decoder seen through the reference decoders' interface, so the fuzz suites
 * (venue-fuzz-runner.ts) run against it unchanged: a frame (object or text) is serialised to
 * UTF-8 bytes, decoded, and its slots read back as `VenueEvent`s. Ids exist only as keys in the
 * slots, so they read back as `key:<n>` (empty ids cannot exist: a key is always a number);
 * everything else (symbol, side, status, lots, price, seq) is the slot's value. A fill's v4 reads
 * back as its `seq`, or as its `venueTime` for a venue without sequences (`fillTime`).
 */
import { EVENT_SLOT_BYTES, SlotType, decodeFill, decodeOrderUpdate, decodeSnapshot, type FillFields, type OrderUpdateFields, type SnapshotFields } from '../../src/codec/index.js';
import type { OrderStatus, VenueEvent } from '../../src/scenario/scenario-types.js';
import { Outcome, type ByteDecoder } from '../../src/venues/scan/byte-decoder.js';
import type { DecodeResult, DecoderStats, VenueDecoder } from '../../src/venues/venue-decoder.js';

const STATUS: readonly OrderStatus[] = ['new', 'partiallyFilled', 'filled', 'canceled', 'rejected'];

export class ByteDecoderAdapter implements VenueDecoder {
  readonly venue: string;
  readonly #d: ByteDecoder;
  readonly #symbols: readonly string[];
  readonly #fillV4: 'seq' | 'venueTime';

  constructor(d: ByteDecoder, fillV4: 'seq' | 'venueTime' = 'seq') {
    this.#d = d;
    this.#fillV4 = fillV4;
    this.venue = d.venue;
    this.#symbols = d.symbols();
  }

  get stats(): DecoderStats {
    return this.#d.stats;
  }

  decode(frame: unknown): DecodeResult {
    const bytes = Buffer.from(typeof frame === 'string' ? frame : (JSON.stringify(frame) ?? 'undefined'), 'utf8');
    const r = this.#d.decode(bytes, 0, bytes.length);
    if (r === Outcome.MALFORMED) return { events: [], error: this.#d.lastError() };
    const events: VenueEvent[] = [];
    const { i32, f64 } = this.#d.slots;
    for (let k = 0; k < this.#d.slots.count; k++) {
      const off = k * EVENT_SLOT_BYTES;
      const inst = i32[(off >> 2) + 1]!;
      const symbol = inst < 0 ? undefined : (this.#symbols[inst] ?? `inst:${inst}`);
      switch (i32[off >> 2]) {
        case SlotType.FILL: {
          const f = {} as FillFields;
          decodeFill(i32, f64, off, f);
          events.push({
            type: 'fill', symbol: symbol!, ...(f.orderKey === -1 ? {} : { orderId: `key:${f.orderKey}` }), execId: `key:${f.execKey}`,
            side: f.arg === 1 ? 'buy' : f.arg === -1 ? 'sell' : (`side:${f.arg}` as 'buy'), qty: f.qty, price: f.price, ...(Number.isNaN(f.seq) ? {} : { [this.#fillV4]: f.seq }),
          });
          break;
        }
        case SlotType.ORDER_UPDATE: {
          const u = {} as OrderUpdateFields;
          decodeOrderUpdate(i32, f64, off, u);
          events.push({
            type: 'orderUpdate', symbol: symbol!, orderId: `key:${u.orderKey}`, status: STATUS[u.arg] ?? (`status:${u.arg}` as OrderStatus), cumQty: u.cumQty, leavesQty: u.leavesQty,
            ...(u.side === 1 ? { side: 'buy' as const } : u.side === -1 ? { side: 'sell' as const } : {}), ...(u.reduceOnly === 1 ? { reduceOnly: true } : {}),
          });
          break;
        }
        case SlotType.SNAPSHOT: {
          const s = {} as SnapshotFields;
          decodeSnapshot(i32, f64, off, s);
          events.push({ type: 'snapshot', symbol: symbol!, position: s.position, ...(Number.isNaN(s.seq) ? {} : { seq: s.seq }) });
          break;
        }
        case SlotType.HEARTBEAT:
          events.push(symbol === undefined ? { type: 'heartbeat' } : { type: 'heartbeat', symbol });
          break;
        default:
          events.push({ type: `tag:${i32[off >> 2]}` } as unknown as VenueEvent);
      }
    }
    const rowErrors = this.#d.lastRowErrors();
    return rowErrors.length === 0 ? { events } : { events, rowErrors };
  }
}
