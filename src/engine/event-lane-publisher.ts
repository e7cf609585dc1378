import { threadId } from 'node:worker_threads';
import {
  ARRIVAL_ORDER, SlotType, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD, encodeFill, encodeLease, encodeMark, encodeOrderUpdate,
  encodeSnapshot, writeHeader,
} from '../codec/index.js';
import { RING_FULL } from '../ring/index.js';
import { STOP_WORD } from './control-block-layout.js';
import type { EventLaneChannel } from './event-lane-channel.js';
import { NO_OWNER, OWNER_WORD } from './event-lane-layout.js';
import { EventLaneStatus } from './event-lane-status.js';
import { FeedSink } from './feed-sink.js';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';

/**
 * The producing end of an event lane: events the embedding learns on its own thread (the
 * order-entry gateway's answer, a REST position snapshot, a fill from a drop copy) go straight
 * into the lane's ring, with no hop through a feed worker. One publisher per lane, on one
 * thread (the constructor claims the lane's owner word: a second publisher throws): the
 * Disruptor's single producer. A thread that needs to publish opens its own lane.
 *
 * The event slot (src/codec/event-slot-layout.ts) is the only argument format, here as in the
 * core: what is written into the ring is what the risk thread hands the engine and the journal.
 * Two ways to write one:
 * - hot, Agrona's claim/commit: `claim(tag, inst, arg)` writes the slot's header and returns its
 *   byte offset in `i32` / `f64`; the caller stores the slot type's values at `(off >> 3) +
 *   V0_DWORD … V4_DWORD` (the codec file of the type says which), then `commit()`. No double
 *   crosses a call, so nothing is boxed whether or not V8 inlines anything;
 * - the same-named methods per event type (`fill(...)`, `snapshot(...)`, ...): conveniences that
 *   claim, encode with the slot codecs (src/codec/) and commit.
 * Arguments are the engine's integers: instrument index (`gate.symbols` order; -1 every
 * instrument where the event allows it), order keys as the strategy passed them to
 * `decideOrder`, exec keys hashed by `stringKey`, quantities in lots. Slots carry
 * `ARRIVAL_ORDER` and the risk thread's clock (`at` NaN).
 *
 * `claim` and the conveniences return a negative `EventLaneStatus` when nothing was claimed;
 * `commit` and the conveniences return `ACCEPTED` (0) or a negative code.
 * Full ring: the same rule as a feed (FeedSink): the event is dropped and counted, the risk
 * thread holds the lane's instruments down, and the next slot that fits carries the loss-end
 * marker, after which only a snapshot published after the loss makes them healthy again.
 * `claim` returns `LANE_FULL`; it never waits and never throws.
 * Stop: the risk thread drains every lane after `stop()` sets the control block's stop word.
 * `commit` loads that word after its publish (Dekker-style: both sides are sequentially
 * consistent): when it reads 0, the publish came before the stop request, so the drain sees it
 * and `ACCEPTED` is exact; when it reads 1 it returns `ENGINE_STOPPED`, and every later claim
 * returns it at once.
 *
 * Across lanes there is no order (as between two feeds): an event published here a moment
 * before a strategy's request on another lane may be applied after that request is decided.
 * Order-entry outcomes are safe late: a REJECTED or CANCELED still counts as open headroom
 * until applied, so the risk thread only denies more meanwhile.
 *
 * Allocation: none per event through claim/commit (no objects, closures or strings;
 * test/engine/event-lane-allocation.test.ts); one `Atomics.add` (doorbell) and two
 * `Atomics.load`s (parked, stop) per event. The conveniences box every double parameter that is
 * not a small integer (hashed key, fractional price, large watermark) whenever V8 does not
 * inline the call, which from an embedding's handlers it may or may not (measured: 0 to 4
 * scavenges per million events, by what V8 chose; passing the values on into a codec measured 5
 * to 10 per 2e6 events on Node 24): fine at the edge (one call per order-entry reply), not in a
 * hot loop.
 * Threading: the thread that built it, only.
 */
export class EventLanePublisher {
  readonly name: string;
  /** Lane index in the risk thread (the ring's name in `ringStatus()` is `${name}:input`). */
  readonly lane: number;
  /** The ring's whole-buffer views: a claimed slot's fields are written here at its offset. */
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  private readonly sink: FeedSink;
  private readonly control: Int32Array;
  /** The engine was seen stopping: nothing is published any more. */
  private stopped = false;

  /** Claims the lane for this thread; throws `RiskGateError` STATE when it already has a publisher. */
  constructor(channel: EventLaneChannel) {
    const owner = new Int32Array(channel.owner);
    const was = Atomics.compareExchange(owner, OWNER_WORD, NO_OWNER, threadId + 1); // claim the producer role
    if (was !== NO_OWNER) {
      throw new RiskGateError(RiskGateErrorCode.STATE,
        `event lane ${channel.name} already has its publisher (thread ${was - 1}): one producer per ring; open a lane for each publishing thread`);
    }
    this.name = channel.name;
    this.lane = channel.lane;
    this.sink = new FeedSink(channel.ring, channel.control);
    this.i32 = this.sink.i32;
    this.f64 = this.sink.f64;
    this.control = new Int32Array(channel.control);
  }

  /**
   * @hot Claims the next slot for an event `tag` (a `SlotType`: FILL, ORDER_UPDATE, SNAPSHOT,
   * FEED, HEARTBEAT, MARK, LEASE) of instrument `inst` with the small argument `arg` (side,
   * status, feed up 1/0, a snapshot current 1/0; 0 where the type has none): writes the header
   * (`ARRIVAL_ORDER`, `at` NaN) and every value NaN, so a value the caller leaves unwritten reads
   * "none", never a value of the ring's previous lap. Returns the slot's byte offset in `i32` / `f64`, or a negative
   * `EventLaneStatus` (nothing claimed: do not commit). Every claim is followed by `commit()`
   * before the next.
   */
  claim(tag: number, inst: number, arg: number): number {
    if (this.stopped) return EventLaneStatus.ENGINE_STOPPED;
    const off = this.sink.tryClaim();
    if (off === RING_FULL) {
      this.sink.recordDrop(); // the feed rule: counted, the lane held down until a fresh snapshot
      return EventLaneStatus.LANE_FULL;
    }
    writeHeader(this.i32, this.f64, off, tag, inst, arg, ARRIVAL_ORDER, NaN);
    const d = off >> 3;
    const f = this.f64;
    f[d + V0_DWORD] = NaN;
    f[d + V1_DWORD] = NaN;
    f[d + V2_DWORD] = NaN;
    f[d + V3_DWORD] = NaN;
    f[d + V4_DWORD] = NaN;
    return off;
  }

  /** @hot Publishes the claimed slot, then reads the stop word (after the publish: see the class doc). */
  commit(): number {
    this.sink.publish();
    if (Atomics.load(this.control, STOP_WORD) === 0) return EventLaneStatus.ACCEPTED; // stop requested before our publish?
    this.stopped = true;
    return EventLaneStatus.ENGINE_STOPPED;
  }

  // Conveniences: claim, encode with the codec, commit (see the class doc).

  /**
   * The venue's word on an order (ORDER_UPDATE: order-update-codec.ts). REJECTED or CANCELED
   * free the order's open headroom; FILLED makes its unseen fills inferred at once; an order the
   * engine did not send counts from its first update with a side (±1; 0 not given: its leaves
   * open on that side).
   */
  orderUpdate(inst: number, orderKey: number, status: number, cumQty: number, leavesQty: number, side = 0, reduceOnly = 0): number {
    const off = this.claim(SlotType.ORDER_UPDATE, inst, status);
    if (off < 0) return off;
    encodeOrderUpdate(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, inst, orderKey, status, cumQty, leavesQty, side, reduceOnly);
    return this.commit();
  }

  /**
   * A position snapshot (snapshot-codec.ts): signed lots; `seq` the watermark (NaN on venues
   * without one); `venueTime` on unsequenced instruments when the venue last changed the
   * position, its ms (NaN: none); `current` 1 when it is known to show the venue's state after
   * the feed last came up, 0 when that is not known; `asOf` the engine-clock ms it shows the
   * venue's state at, or later (NaN: not known; market-events.ts).
   */
  snapshot(inst: number, position: number, seq = NaN, venueTime = NaN, current = 0, asOf = NaN): number {
    const off = this.claim(SlotType.SNAPSHOT, inst, current);
    if (off < 0) return off;
    encodeSnapshot(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, inst, position, seq, venueTime, current, asOf);
    return this.commit();
  }

  /** One execution (fill-codec.ts): `orderKey` -1 when not sent through the engine; `seq` NaN: none. */
  fill(inst: number, orderKey: number, execKey: number, side: number, qty: number, price: number, seq = NaN): number {
    const off = this.claim(SlotType.FILL, inst, side);
    if (off < 0) return off;
    encodeFill(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, inst, orderKey, execKey, side, qty, price, seq);
    return this.commit();
  }

  /** The venue's feed status, when the embedding runs a venue connection itself. A lane's loss hold still wins over an up. */
  feedStatus(inst: number, up: boolean): number {
    const off = this.claim(SlotType.FEED, inst, up ? 1 : 0);
    if (off < 0) return off;
    return this.commit();
  }

  /** A reference price for the price band. */
  mark(inst: number, price: number): number {
    const off = this.claim(SlotType.MARK, inst, 0);
    if (off < 0) return off;
    encodeMark(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, inst, price);
    return this.commit();
  }

  /**
   * This host's lease of a firm-wide limit (lease-codec.ts): lots long and short, valid for
   * `forMs` from when the risk thread applies it, on its clock.
   */
  lease(inst: number, long: number, short: number, forMs: number): number {
    const off = this.claim(SlotType.LEASE, inst, 0);
    if (off < 0) return off;
    encodeLease(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, inst, long, short, forMs);
    return this.commit();
  }

  /** A sign of life for the heartbeat deadline (-1 every instrument). */
  heartbeat(inst: number): number {
    const off = this.claim(SlotType.HEARTBEAT, inst, 0);
    if (off < 0) return off;
    return this.commit();
  }

  /** Events this lane lost to a full ring so far (the risk thread counts them too). */
  get drops(): number {
    return this.sink.drops;
  }
}
