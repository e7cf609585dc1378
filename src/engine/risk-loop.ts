import {
  INST_WORD, ORDER_WORD, SlotType, TAG_WORD, AT_DWORD, ARG_WORD, V1_DWORD, LANE_LOSS_END, LANE_SILENCE_END, encodeDecision,
} from '../codec/index.js';
import type { Clock, ManualClock } from '../risk/clock.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import { RING_FULL, type RingProducer } from '../ring/index.js';
import { CancelAllForwarder } from './cancel-all-forwarder.js';
import { FeedBeatWatch } from './feed-beat-watch.js';
import { FAILING_WORD } from './journal-status-layout.js';
import { JournalTap } from './journal-tap.js';
import { LaneHolds } from './lane-holds.js';
import { LaneHold, LaneKind, type LaneTable } from './lane-table.js';
import { LoopClock } from './loop-clock.js';
import {
  G_CANCEL_ALLS, G_CANCEL_ALLS_LOST, G_EVENTS, G_GLOBAL_KILL, G_JOURNAL_LOST, G_JOURNAL_RECORDS, G_LANES_DOWN,
  G_LOST_EVENTS, G_REQUESTS, G_TIME,
} from './state-block-layout.js';
import type { StateBlockWriter } from './state-block-writer.js';
import { TotalOrder } from './total-order.js';

export interface RiskLoopOptions {
  /**
   * 'system': read the wall clock once per pass that has work (`Date.now()` allocates on Node
   * 20, so never per event), as ms since `epoch`. 'slots': engine time is each slot's `at`
   * (stamped by the producer: replays, scenarios, or feed handlers stamping arrival time); a
   * slot with NaN `at` uses the time of the previous one (loop-clock.ts).
   */
  readonly clock: 'system' | 'slots';
  /** 'system' mode: wall-clock ms that engine time 0 stands for (the engine's start). Default 0. */
  readonly epoch?: number;
  /**
   * 'system' mode: the wall clock, already in engine ms (since `epoch`), read through `readInto`
   * (allocation-free: ClockReader over the ticker's clock block). Default: `Date.now() - epoch`.
   */
  readonly wallClock?: Required<Clock> | undefined;
}

/**
 * One pass of the risk thread over every input lane: the whole per-event work of the thread, as
 * a sequence of calls into its parts, one concept each:
 *
 * - `TotalOrder` (total-order.ts): which ordered slot may be applied next;
 * - `LaneHolds` (lane-holds.ts): instruments held down by a lost, dead or silent lane, merged
 *   with each venue's own feed status; `FeedBeatWatch` (feed-beat-watch.ts) finds silent ones;
 * - `LoopClock` (loop-clock.ts): engine time, from the wall clock or from the slots;
 * - `JournalTap` (journal-tap.ts): every engine call into the journal ring, never waiting;
 * - `CancelAllForwarder` (cancel-all-forwarder.ts): the core's cancel-alls out, with back-pressure;
 * - the engine itself: each slot is handed to it as it lies in the ring (`apply` / `decide`:
 *   the slot is the engine's argument format), and the journal copies that same slot.
 *
 * For each lane, in lane order: check the producer's drop counter (a feed lane), `poll()` the
 * ring, apply its slots in ring order while the total order admits them, answer requests into
 * the lane's decision ring (a full decision ring stops the lane until its strategy reads: the
 * one wait the loop has, and only that lane's), forward queued cancel-alls, `release()` once and
 * publish decisions once.
 *
 * A dead worker (LANE_DOWN from the supervisor, on the control ring) holds its lane until the
 * next incarnation's LANE_UP, which that worker publishes into its own ring before READY. The
 * supervisor publishes LANE_DOWN at the exit and spawns the next worker only after the
 * back-off, so the risk thread has seen the LANE_DOWN unless it stalled longer than that.
 *
 * Allocation: none after construction (test/engine/risk-thread-allocation.test.ts runs the real
 * thread): in 'system' mode the wall clock is a ClockReader over the ticker's clock block.
 * Threading: risk thread only.
 */
export class RiskLoop {
  events = 0;
  requests = 0;
  readonly order = new TotalOrder();
  readonly time: LoopClock;
  readonly journal: JournalTap;
  readonly holds: LaneHolds;
  readonly cancelAlls: CancelAllForwarder;
  /** The beat watch, when feed beats are watched ('system' clock with supervised feeds). */
  private beats: FeedBeatWatch | null = null;
  /** The journal status block's words (journal-status-layout.ts) when its policy is halt, else null. */
  private journalStatus: Int32Array | null = null;
  /** State changed outside a slot (a loss or a silence seen): publish even after an empty pass. */
  private dirty = false;

  constructor(
    private readonly engine: RiskEngine,
    clock: ManualClock,
    readonly lanes: LaneTable,
    cancelAllRing: RingProducer,
    private readonly state: StateBlockWriter,
    options: RiskLoopOptions,
  ) {
    this.time = new LoopClock(clock, engine, options.clock, options.epoch ?? 0, options.wallClock);
    this.journal = new JournalTap(this.time.now);
    this.holds = new LaneHolds(engine, lanes, this.journal);
    this.cancelAlls = new CancelAllForwarder(engine, cancelAllRing, this.journal, this.time.now);
  }

  /**
   * Hands every engine call from now on to `ring` (journal-slot-layout.ts, journal-tap.ts).
   * Start-up only.
   */
  attachJournal(ring: RingProducer): void {
    this.journal.attach(ring);
  }

  /**
   * The journal's `onFailure` policy is `halt`: from each pass on, while the journal thread's
   * failing word (journal-status-layout.ts) is 1, every order is denied JOURNAL_DOWN. Calls
   * decided before the pass that sees it reach the journal thread and are counted as lost with
   * the rest. Start-up only.
   */
  haltOnJournalFailure(status: Int32Array): void {
    this.journalStatus = status;
  }

  /** Watches the beats of supervised feed workers (feed-beat-watch.ts) on the wall `clock`. Start-up only. */
  watchFeedBeats(liveness: SharedArrayBuffer, clock: Required<Clock>): void {
    this.beats = new FeedBeatWatch(liveness, clock, this.lanes, this.holds);
  }

  /**
   * One pass over every lane. Returns the number of slots consumed (0: nothing to do).
   * @hot allocation-free (in 'system' clock mode: with a `wallClock`).
   */
  runOnce(): number {
    let work = 0;
    this.time.beginPass();
    // With the halt policy, a journal that cannot write stops approvals from this pass on.
    if (this.journalStatus !== null) this.engine.journalDown = Atomics.load(this.journalStatus, FAILING_WORD); // acquire
    if (this.beats !== null && this.beats.check()) this.dirty = true;
    for (let lane = 0; lane < this.lanes.count; lane++) work += this.pollLane(lane);
    this.cancelAlls.flush();
    this.journal.publish();
    if (work > 0 || this.dirty) this.publishState();
    return work;
  }

  /** @hot Published unread slots over every lane (for the park re-check). */
  pendingSlots(): number {
    let n = 0;
    for (let lane = 0; lane < this.lanes.count; lane++) n += this.lanes.input[lane]!.poll();
    return n;
  }

  /** Publishes the state block now (after a drain, or periodically when idle). */
  publishState(): void {
    this.dirty = false;
    const g = this.state.globals;
    g[G_TIME] = this.time.now[0]!;
    g[G_EVENTS] = this.events;
    g[G_REQUESTS] = this.requests;
    g[G_LOST_EVENTS] = this.holds.lostEvents;
    g[G_CANCEL_ALLS] = this.cancelAlls.forwarded;
    g[G_CANCEL_ALLS_LOST] = this.cancelAlls.lost;
    g[G_GLOBAL_KILL] = this.engine.globalKillMode;
    g[G_LANES_DOWN] = this.holds.lanesDown;
    g[G_JOURNAL_RECORDS] = this.journal.records;
    g[G_JOURNAL_LOST] = this.journal.lost;
    this.state.publish();
  }

  /** @hot Applies what one lane's ring holds now, as far as the total order and its decision ring allow. */
  private pollLane(lane: number): number {
    const lanes = this.lanes;
    const ring = lanes.input[lane]!;
    const kind = lanes.kind[lane];
    if (kind === LaneKind.FEED && this.holds.checkDrops(lane)) this.dirty = true;
    const n = ring.poll();
    if (n === 0) return 0;
    // Kill before answering: a kill published before this lane's requests (seen above) is in
    // its ring now, so it is applied first even when this pass polled its lane a moment before
    // the kill arrived. No request published after a kill is answered without it.
    if (kind === LaneKind.STRATEGY && this.pollKillLanes() > 0) this.dirty = true;
    this.time.onWork();
    const decisions = lanes.decisions[lane]!;
    const i32 = ring.i32;
    const f64 = ring.f64;
    let done = 0;
    for (; done < n; done++) {
      const off = ring.slotOffset(done);
      const order = i32[(off >> 2) + ORDER_WORD]!;
      if (!this.order.admits(order)) break;
      this.time.fromSlot(f64, (off >> 3) + AT_DWORD);
      const tag = i32[(off >> 2) + TAG_WORD]!;
      if (tag >= SlotType.ORDER && tag <= SlotType.KILL) {
        if (decisions === null) this.events++; // a request on a lane without a decision ring: ignored, counted as seen
        else if (!this.answer(decisions, i32, f64, off, order)) break; // the strategy is not reading its decisions: wait for it
      } else {
        this.applyEvent(lane, tag, i32, f64, off);
      }
      this.order.applied(order);
      this.cancelAlls.forward(order);
    }
    ring.release(done);
    if (decisions !== null) decisions.publish();
    return done;
  }

  /** @hot Applies what the control and kill lanes hold now (the kill switch's lanes). */
  private pollKillLanes(): number {
    const lanes = this.lanes;
    let work = 0;
    for (let lane = 0; lane < lanes.count; lane++) {
      const kind = lanes.kind[lane];
      if (kind === LaneKind.CONTROL || kind === LaneKind.KILL) work += this.pollLane(lane);
    }
    return work;
  }

  /** @hot Decides a request into its lane's decision ring and journals both; false when that ring is full. */
  private answer(decisions: RingProducer, i32: Int32Array, f64: Float64Array, off: number, order: number): boolean {
    const out = decisions.tryClaim();
    if (out === RING_FULL) return false;
    const code = this.engine.decide(i32, f64, off);
    encodeDecision(decisions.i32, decisions.f64, out, order, this.time.now[0]!, f64[(off >> 3) + V1_DWORD]!, code);
    this.journal.request(i32, off, code);
    this.requests++;
    return true;
  }

  /** @hot An event: a market event into the core (journaled), a venue feed status, or a lane status. */
  private applyEvent(lane: number, tag: number, i32: Int32Array, f64: Float64Array, off: number): void {
    this.events++;
    if (tag === SlotType.LEASE) {
      // Not journaled: a lease is the host's own state, not the market's (replay runs without).
      this.engine.apply(i32, f64, off);
      return;
    }
    if (tag === SlotType.FILL || tag === SlotType.ORDER_UPDATE || tag === SlotType.SNAPSHOT || tag === SlotType.HEARTBEAT || tag === SlotType.MARK) {
      this.engine.apply(i32, f64, off);
      this.journal.copy(i32, off); // the slot the engine read, byte for byte
      return;
    }
    const inst = i32[(off >> 2) + INST_WORD]!;
    const arg = i32[(off >> 2) + ARG_WORD]!;
    if (tag === SlotType.FEED) this.holds.applyVenueFeed(inst, arg === 1);
    else if (tag === SlotType.LANE_DOWN) this.laneDown(lane, inst);
    else if (tag === SlotType.LANE_UP) this.laneUp(lane, inst, arg);
    else this.events--; // unknown tag: skipped
  }

  /** @hot LANE_DOWN from the supervisor (control lane): the dead worker's lane is held. */
  private laneDown(lane: number, target: number): void {
    if (this.lanes.kind[lane] === LaneKind.CONTROL && target >= 0 && target < this.lanes.count) this.holds.hold(target, LaneHold.DEAD);
  }

  /**
   * @hot LANE_UP. From a feed worker, in its own ring, so ordered with its events: arg 0 opens an
   * incarnation (ends the dead-worker hold), LANE_LOSS_END follows a loss (ends the loss hold;
   * the drop counter is re-read first: the drop it follows may be unseen yet), LANE_SILENCE_END
   * is the first slot after a silence this thread held (ends that hold). From the control lane:
   * the named lane's dead-worker hold ends.
   */
  private laneUp(lane: number, target: number, arg: number): void {
    const kind = this.lanes.kind[lane];
    if (kind === LaneKind.FEED) {
      if (arg === LANE_LOSS_END) {
        if (this.holds.checkDrops(lane)) this.dirty = true;
        this.holds.release(lane, LaneHold.LOSS);
      } else if (arg === LANE_SILENCE_END) {
        this.beats?.restart(lane);
        this.holds.release(lane, LaneHold.SILENT);
      } else {
        this.holds.release(lane, LaneHold.DEAD);
      }
    } else if (kind === LaneKind.CONTROL && target >= 0 && target < this.lanes.count) {
      this.holds.release(target, LaneHold.DEAD);
    }
  }
}
