import { threadId } from 'node:worker_threads';
import {
  ARRIVAL_ORDER, encodeFeedStatus, encodeFillArgs, encodeHeartbeat, encodeLease, encodeMarkArgs, encodeOrderUpdateArgs, encodeSnapshotArgs,
} from '../codec/index.js';
import { RING_FULL } from '../ring/index.js';
import { ARG_SLOTS, Arg } from '../risk/hot-args.js';
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
 * Two forms, as on the core (`RiskEngine`): the hot `...Args()` forms take no parameters
 * (write the arguments into `args` at the core's own `Arg` indices, src/risk/hot-args.ts, then
 * call), and the same-named methods with parameters are conveniences that write the block and
 * call the hot form. Each claims one slot, encodes the event with the slot codecs (src/codec/),
 * publishes it and rings the risk thread's doorbell. Arguments are the engine's integers, as
 * the core's `apply*` methods take them: instrument index (`gate.symbols` order; -1 every
 * instrument where the event allows it), order keys as the strategy passed them to
 * `decideOrder`, exec keys hashed by `stringKey`, quantities in lots. Slots carry
 * `ARRIVAL_ORDER` and the risk thread's clock (`at` NaN).
 *
 * Every method returns an `EventLaneStatus`: `ACCEPTED` (0) or a negative code.
 * Full ring: the same rule as a feed (FeedSink): the event is dropped and counted, the risk
 * thread holds the lane's instruments down, and the next slot that fits carries the loss-end
 * marker, after which only a snapshot published after the loss makes them healthy again. The
 * method returns `LANE_FULL`; it never waits and never throws.
 * Stop: the risk thread drains every lane after `stop()` sets the control block's stop word. A
 * method loads that word after its publish (Dekker-style: both sides are sequentially
 * consistent): when it reads 0, the publish came before the stop request, so the drain sees it
 * and `ACCEPTED` is exact; when it reads 1 the method returns `ENGINE_STOPPED`, and every later
 * call returns it at once.
 *
 * Across lanes there is no order (as between two feeds): an event published here a moment
 * before a strategy's request on another lane may be applied after that request is decided.
 * Order-entry outcomes are safe late: a REJECTED or CANCELED still counts as open headroom
 * until applied, so the risk thread only denies more meanwhile.
 *
 * Allocation: none per event through the `...Args()` forms (no objects, closures or strings;
 * test/engine/event-lane-allocation.test.ts): each hands the codec the argument block itself
 * (`encode*Args`), never a double, so nothing is boxed whether or not V8 inlines the codec
 * (V8 12+ sometimes does not: passing the values measured 5 to 10 scavenges per 2e6 events on
 * Node 24 in one run out of ten); one `Atomics.add` (doorbell) and two
 * `Atomics.load`s (parked, stop) per event. The conveniences box every double parameter that is
 * not a small integer (hashed key, fractional price, large watermark) whenever V8 does not
 * inline the call, which from an embedding's handlers it may or may not (measured: 0 to 4
 * scavenges per million events, by what V8 chose): fine at the edge (one call per order-entry
 * reply), not in a hot loop.
 * Threading: the thread that built it, only.
 */
export class EventLanePublisher {
  readonly name: string;
  /** Lane index in the risk thread (the ring's name in `ringStatus()` is `${name}:input`). */
  readonly lane: number;
  /** The argument block of the `...Args()` forms, at the `Arg` indices (hot-args.ts); this thread's only. */
  readonly args = new Float64Array(ARG_SLOTS);
  private readonly sink: FeedSink;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
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
    this.args[Arg.VENUE_TIME] = NaN; // none until a caller writes one (hot-args.ts)
  }

  /**
   * @hot The venue's word on an order, as the core's `applyOrderUpdate` takes it: `args` INST,
   * ORDER_KEY, STATUS (`OrderStatusCode`), CUM_QTY, LEAVES_QTY (lots), ORDER_SIDE (±1, 0 not
   * given), ORDER_REDUCE_ONLY (1/0). REJECTED or CANCELED free the order's open headroom; FILLED
   * makes its unseen fills inferred at once; an order the engine did not send counts from its
   * first update with a side (its leaves open on that side).
   */
  orderUpdateArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    encodeOrderUpdateArgs(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, this.args);
    return this.commit();
  }

  /**
   * @hot A position snapshot: `args` INST, POSITION (signed lots), SEQ (the watermark; NaN on
   * venues without one), VENUE_TIME (unsequenced instruments: when the venue last changed the
   * position, its ms; NaN when unknown; a caller that writes it writes it for every snapshot).
   * The lane's only call of the snapshot codec.
   */
  snapshotArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    encodeSnapshotArgs(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, this.args);
    return this.commit();
  }

  /** @hot One execution: `args` INST, ORDER_KEY (-1: not sent through the engine), EXEC_KEY, SIDE, QTY, PRICE, SEQ (NaN: none). */
  fillArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    encodeFillArgs(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, this.args);
    return this.commit();
  }

  /**
   * @hot The venue's feed status, when the embedding runs a venue connection itself: `args`
   * INST (-1 every instrument), UP (1 up, 0 down). A lane's loss hold still wins over an up.
   */
  feedStatusArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    encodeFeedStatus(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, this.args[Arg.INST]!, this.args[Arg.UP] === 1);
    return this.commit();
  }

  /** @hot A reference price for the price band: `args` INST, PRICE. */
  markArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    encodeMarkArgs(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, this.args);
    return this.commit();
  }

  /** @hot A sign of life for the heartbeat deadline: `args` INST (-1 every instrument). */
  heartbeatArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    encodeHeartbeat(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, this.args[Arg.INST]!);
    return this.commit();
  }

  /**
   * @hot This host's lease of a firm-wide limit (the core's `applyLeaseArgs`): `args` INST,
   * LEASE_LONG, LEASE_SHORT (lots), LEASE_FOR_MS (valid for this long from when the risk thread
   * applies it, on its clock).
   */
  leaseArgs(): number {
    const off = this.claim();
    if (off < 0) return off;
    const a = this.args;
    encodeLease(this.i32, this.f64, off, ARRIVAL_ORDER, NaN, a[Arg.INST]!, a[Arg.LEASE_LONG]!, a[Arg.LEASE_SHORT]!, a[Arg.LEASE_FOR_MS]!);
    return this.commit();
  }

  // Conveniences: each writes the argument block and calls the hot form, like RiskEngine's
  // (see the class doc). Not the other way round: hot forms that call these with the block's
  // values measured 2-3 scavenges per 2e6 events (a double crossing a call V8 did not inline).

  orderUpdate(inst: number, orderKey: number, status: number, cumQty: number, leavesQty: number, side = 0, reduceOnly = 0): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.ORDER_KEY] = orderKey;
    a[Arg.STATUS] = status;
    a[Arg.CUM_QTY] = cumQty;
    a[Arg.LEAVES_QTY] = leavesQty;
    a[Arg.ORDER_SIDE] = side;
    a[Arg.ORDER_REDUCE_ONLY] = reduceOnly;
    return this.orderUpdateArgs();
  }

  /** `venueTime`: see `Arg.VENUE_TIME` (NaN: the snapshot has none); `current` 1/0: see `Arg.SNAP_CURRENT`. */
  snapshot(inst: number, position: number, seq = NaN, venueTime = NaN, current = 0): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.POSITION] = position;
    a[Arg.SEQ] = seq;
    a[Arg.VENUE_TIME] = venueTime;
    a[Arg.SNAP_CURRENT] = current;
    return this.snapshotArgs();
  }

  fill(inst: number, orderKey: number, execKey: number, side: number, qty: number, price: number, seq = NaN): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.ORDER_KEY] = orderKey;
    a[Arg.EXEC_KEY] = execKey;
    a[Arg.SIDE] = side;
    a[Arg.QTY] = qty;
    a[Arg.PRICE] = price;
    a[Arg.SEQ] = seq;
    return this.fillArgs();
  }

  feedStatus(inst: number, up: boolean): number {
    this.args[Arg.INST] = inst;
    this.args[Arg.UP] = up ? 1 : 0;
    return this.feedStatusArgs();
  }

  mark(inst: number, price: number): number {
    this.args[Arg.INST] = inst;
    this.args[Arg.PRICE] = price;
    return this.markArgs();
  }

  lease(inst: number, long: number, short: number, forMs: number): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.LEASE_LONG] = long;
    a[Arg.LEASE_SHORT] = short;
    a[Arg.LEASE_FOR_MS] = forMs;
    return this.leaseArgs();
  }

  heartbeat(inst: number): number {
    this.args[Arg.INST] = inst;
    return this.heartbeatArgs();
  }

  /** Events this lane lost to a full ring so far (the risk thread counts them too). */
  get drops(): number {
    return this.sink.drops;
  }

  /** @hot A slot offset, or a negative `EventLaneStatus` (a full ring's drop already recorded). */
  private claim(): number {
    if (this.stopped) return EventLaneStatus.ENGINE_STOPPED;
    const off = this.sink.tryClaim();
    if (off === RING_FULL) {
      this.sink.recordDrop(); // the feed rule: counted, the lane held down until a fresh snapshot
      return EventLaneStatus.LANE_FULL;
    }
    return off;
  }

  /** @hot Publishes the claimed slot, then reads the stop word (after the publish: see the class doc). */
  private commit(): number {
    this.sink.publish();
    if (Atomics.load(this.control, STOP_WORD) === 0) return EventLaneStatus.ACCEPTED; // stop requested before our publish?
    this.stopped = true;
    return EventLaneStatus.ENGINE_STOPPED;
  }
}
