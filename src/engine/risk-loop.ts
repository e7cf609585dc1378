import {
  ARG_WORD, AT_DWORD, INST_WORD, ORDER_WORD, SlotType, TAG_WORD, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD,
  LANE_LOSS_END, LANE_SILENCE_END, copySlot, encodeCancelAll, encodeDecision, encodeFeedStatus,
} from '../codec/index.js';
import { ALL_INSTRUMENTS, NO_CANCEL_ALL } from '../risk/codes.js';
import { Arg } from '../risk/hot-args.js';
import type { Clock, ManualClock } from '../risk/clock.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import { RING_FULL, type RingProducer } from '../ring/index.js';
import { JOURNAL_CODE_DWORD, JOURNAL_LOST_WORD } from './journal-slot-layout.js';
import { FAILING_WORD } from './journal-status-layout.js';
import { LaneHold, LaneKind, MAX_LANES, type LaneTable } from './lane-table.js';
import { FeedBeatState, LANE_BEAT, LANE_DEADLINE, LANE_PRESENT, LANE_SILENCED, LANE_STATE, laneWord } from './liveness-block-layout.js';
import {
  G_CANCEL_ALLS, G_CANCEL_ALLS_LOST, G_EVENTS, G_GLOBAL_KILL, G_JOURNAL_LOST, G_JOURNAL_RECORDS, G_LANES_DOWN,
  G_LOST_EVENTS, G_REQUESTS, G_TIME,
} from './state-block-layout.js';
import type { StateBlockWriter } from './state-block-writer.js';

/** Cancel-alls kept when the cancel-all ring is full (then counted as lost). */
const CANCEL_ALL_OVERFLOW = 64;

export interface RiskLoopOptions {
  /**
   * 'system': read the wall clock once per pass that has work (`Date.now()` allocates on Node
   * 20, so never per event), as ms since `epoch`. 'slots': engine time is each slot's `at`
   * (stamped by the producer: replays, scenarios, or feed handlers stamping arrival time); a
   * slot with NaN `at` uses the time of the previous one.
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
 * One pass of the risk thread over every input lane: the whole per-event work of the thread.
 *
 * For each lane, in lane order: load the producer's drop counter (a loss marks the lane's
 * instruments down), `poll()` the ring, apply its slots in ring order, answer requests into the
 * lane's decision ring, forward queued cancel-alls, `release()` once and publish decisions once.
 *
 * Total order: a slot whose `order` is >= 0 is applied only when it is the next in
 * `nextOrder` (the lane waits otherwise, and the other lanes supply the missing ones); slots
 * with `order` -1 are applied on arrival. Each producer publishes its own slots in increasing
 * order, so the smallest missing order is always at the head of some lane: no deadlock.
 *
 * Loss: a feed lane (a feed worker's, or an event lane the embedding publishes into: both are
 * `LaneKind.FEED`, one rule) whose drop counter rose is held down (`LaneHold.LOSS`): its
 * instruments get `applyFeedStatus(i, false)` and risk-increasing orders on them are denied
 * FEED_STALE.
 * The loss-end marker the producer writes ahead of its first event after the loss (FeedSink)
 * releases the hold and applies `applyFeedStatus(i, true)` (only where the venue's own feed
 * status is up and no other lane holds it): the core then waits for a fresh snapshot, one
 * published after the loss, before it trusts the instrument.
 * A dead worker (LANE_DOWN from the supervisor, on the control ring) holds the lane until the
 * next incarnation's LANE_UP, which that worker publishes into its own ring before READY.
 * The supervisor publishes LANE_DOWN at the exit and spawns the next worker only after the
 * back-off, so the risk thread has seen the LANE_DOWN unless it stalled longer than that.
 * A silent feed (its worker alive, its beat stopped past its deadline: a source stuck in a
 * synchronous loop) or an ended one (its `run()` resolved) holds its lane (`LaneHold.SILENT`)
 * from the first pass that sees it, until the marker its worker writes ahead of its next event
 * (`watchFeedBeats`).
 *
 * Allocation: none after construction (test/engine/risk-thread-allocation.test.ts runs the real
 * thread): in 'system' mode the wall clock is a ClockReader over the ticker's clock block. Every value
 * reaches the core through its argument block (`...Args()` forms): a double passed as a call
 * argument is boxed unless it is a small integer. Threading: risk thread only.
 */
export class RiskLoop {
  /** Next `order` to apply among ordered slots. */
  nextOrder = 0;
  events = 0;
  requests = 0;
  lostEvents = 0;
  cancelAlls = 0;
  cancelAllsLost = 0;
  lanesDown = 0;
  /** Slots handed to the journal ring, and slots lost because it was full (never waited for). */
  journalRecords = 0;
  journalLost = 0;
  /** The journal ring (journal-slot-layout.ts), or null: no journal. */
  private journal: RingProducer | null = null;
  /** The journal status block's words (journal-status-layout.ts) when its policy is halt, else null. */
  private journalStatus: Int32Array | null = null;

  /** Per instrument: number of lanes holding it down. */
  private readonly heldBy: Int32Array;
  /** Per instrument: the feed status the venue itself last reported (1 up). */
  private readonly reportedUp: Uint8Array;
  private heldTotal = 0;
  private readonly overflowInst = new Int32Array(CANCEL_ALL_OVERFLOW);
  private readonly overflowOrder = new Int32Array(CANCEL_ALL_OVERFLOW);
  private readonly overflowAt = new Float64Array(CANCEL_ALL_OVERFLOW);
  private overflowLen = 0;
  private readonly systemClock: boolean;
  /** `[0]`: engine time (ms) as last set: a typed-array cell, so reading it never boxes. */
  private readonly now = new Float64Array(1);
  /** The engine's argument block (src/risk/hot-args.ts). */
  private readonly args: Float64Array;
  /** State changed outside a slot (a loss seen): publish even after an empty pass. */
  private dirty = false;
  /** Whether this pass has read the wall clock. */
  private clockRead = false;
  /** Wall-clock ms at engine start: engine time is `Date.now() - epoch` in 'system' mode. */
  readonly epoch: number;
  /** The liveness block's words (liveness-block-layout.ts) when feed beats are watched, else null. */
  private beats: Int32Array | null = null;
  /** The wall clock the beats are judged on (the ticker's clock block), set with `beats`. */
  private beatClock: Required<Clock> | undefined;
  /** `[0]`: wall engine ms of this pass's beat check (a cell: never boxed). */
  private readonly beatNow = new Float64Array(1);
  /** Per lane: the beat value last seen, and when (engine ms; NaN: not seen yet). */
  private readonly beatSeen = new Int32Array(MAX_LANES);
  private readonly beatSeenAt = new Float64Array(MAX_LANES).fill(NaN);
  /** 'system' mode: the allocation-free wall clock (engine ms), or undefined: `Date.now()`. */
  private readonly wallClock: Required<Clock> | undefined;

  constructor(
    private readonly engine: RiskEngine,
    private readonly clock: ManualClock,
    readonly lanes: LaneTable,
    private readonly cancelAllRing: RingProducer,
    private readonly state: StateBlockWriter,
    options: RiskLoopOptions,
  ) {
    this.heldBy = new Int32Array(engine.instrumentCount);
    this.reportedUp = new Uint8Array(engine.instrumentCount).fill(1);
    this.systemClock = options.clock === 'system';
    this.epoch = options.epoch ?? 0;
    this.wallClock = options.wallClock;
    this.args = engine.args;
  }

  /**
   * One pass over every lane. Returns the number of slots consumed (0: nothing to do).
   * @hot allocation-free (in 'system' clock mode: with a `wallClock`).
   */
  runOnce(): number {
    const lanes = this.lanes;
    let work = 0;
    this.clockRead = false;
    // With the halt policy, a journal that cannot write stops approvals from this pass on.
    if (this.journalStatus !== null) this.engine.journalDown = Atomics.load(this.journalStatus, FAILING_WORD); // acquire
    if (this.beats !== null) this.checkFeedBeats();
    for (let lane = 0; lane < lanes.count; lane++) work += this.pollLane(lane);
    if (this.overflowLen > 0) this.flushOverflow();
    if (this.journal !== null) this.journal.publish();
    if (work > 0 || this.dirty) this.publishState();
    return work;
  }

  /**
   * Reads the wall clock, as ms since `epoch` (the engine's start). At most once per pass, and
   * only in a pass that found work: an idle pass applies nothing, so it needs no time.
   * @hot allocation-free through `wallClock.readInto` (into our cell); without a `wallClock`,
   * one allocation per pass with work (`Date.now()` returns a HeapNumber on Node 20).
   */
  private readSystemClock(): void {
    this.clockRead = true;
    if (this.wallClock === undefined) this.now[0] = Date.now() - this.epoch;
    else this.wallClock.readInto(this.now, 0);
    this.syncTime();
  }

  /**
   * @hot Moves engine time (ms) from our cell `now[0]` to the clock's and the engine's, cell to
   * cell: a time passed as a parameter would be boxed when fractional (hot-args.ts).
   */
  private syncTime(): void {
    this.clock.setFrom(this.now, 0);
    this.engine.readClock();
  }

  /**
   * Hands every engine call from now on to `ring` (journal-slot-layout.ts). Start-up only.
   * The loop never waits for it: a full journal ring is a counted loss (`journalLost`, the
   * ring's drop counter, the state block), and every journal slot carries the loss count at its
   * claim, so the journal thread writes each hole where it is (journal-slot-layout.ts).
   */
  attachJournal(ring: RingProducer): void {
    this.journal = ring;
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

  /**
   * Watches the beats of supervised feed workers in `liveness` (liveness-block-layout.ts) on
   * `clock` (the wall clock: a beat deadline is real time, so 'slots' mode, whose time is the
   * slots', has no watch; `/health` still reports the silence there). A feed lane whose worker is
   * RUNNING and whose beat has not moved for longer than the lane's deadline, or whose source
   * ENDED, is held down (`LaneHold.SILENT`): its instruments are feed down, a known loss, and
   * only reduce-only orders pass. This thread then sets the lane's `silenced` word; the worker's
   * `FeedSink` sees it at its next claim and writes a LANE_UP (`LANE_SILENCE_END`) ahead of
   * that event, in its own ring: the hold ends there, when the feed produces again, ordered
   * with its events, so only a snapshot published after the silence counts as fresh (as after
   * any hold: a venue session silent past its keep-alive period is likely gone). A beat alone
   * (the worker's timer) does not end it. Start-up only.
   */
  watchFeedBeats(liveness: SharedArrayBuffer, clock: Required<Clock>): void {
    this.beats = new Int32Array(liveness);
    this.beatClock = clock;
  }

  /** @hot allocation-free: a few atomic loads per supervised feed lane, once per pass. */
  private checkFeedBeats(): void {
    const beats = this.beats!;
    const lanes = this.lanes;
    this.beatClock!.readInto(this.beatNow, 0);
    const now = this.beatNow[0]!;
    for (let lane = 0; lane < lanes.count; lane++) {
      if (lanes.kind[lane] !== LaneKind.FEED) continue;
      if (Atomics.load(beats, laneWord(lane, LANE_PRESENT)) !== 1) continue; // a supervised feed? (acquire)
      const beat = Atomics.load(beats, laneWord(lane, LANE_BEAT)); // the worker's proof of life
      const state = Atomics.load(beats, laneWord(lane, LANE_STATE)); // FeedBeatState
      const seenAt = this.beatSeenAt[lane]!;
      if (beat !== this.beatSeen[lane] || seenAt !== seenAt) {
        this.beatSeen[lane] = beat;
        this.beatSeenAt[lane] = now;
      }
      const deadline = Atomics.load(beats, laneWord(lane, LANE_DEADLINE)); // silence tolerated (ms)
      const silent = state === FeedBeatState.ENDED || (state === FeedBeatState.RUNNING && now - this.beatSeenAt[lane]! > deadline);
      if (silent && (lanes.hold[lane]! & LaneHold.SILENT) === 0) {
        this.holdLane(lane, LaneHold.SILENT);
        Atomics.store(beats, laneWord(lane, LANE_SILENCED), 1); // after the hold: its end marker follows it
        this.dirty = true;
      }
    }
  }

  /** @hot A journal slot, or -1 (no journal, or the ring is full: counted as a loss). */
  private claimJournal(): number {
    const j = this.journal;
    if (j === null) return -1;
    const off = j.tryClaim();
    if (off === RING_FULL) {
      this.journalLost++;
      j.recordDrop();
      return -1;
    }
    this.journalRecords++;
    return off;
  }

  /** @hot Journals the slot at word `w` of `i32` as applied now; returns the journal slot or -1. */
  private journalCopy(i32: Int32Array, w: number): number {
    const off = this.claimJournal();
    if (off < 0) return off;
    const j = this.journal!;
    copySlot(i32, w << 2, j.i32, off);
    j.f64[(off >> 3) + AT_DWORD] = this.now[0]!;
    j.i32[(off >> 2) + JOURNAL_LOST_WORD] = this.journalLost; // loss stamp (journal-slot-layout.ts)
    return off;
  }

  /** @hot Journals one `applyFeedStatus(inst, up)` call. */
  private journalFeed(inst: number, up: boolean): void {
    const off = this.claimJournal();
    if (off < 0) return;
    encodeFeedStatus(this.journal!.i32, this.journal!.f64, off, -1, this.now[0]!, inst, up);
    this.journal!.i32[(off >> 2) + JOURNAL_LOST_WORD] = this.journalLost; // loss stamp
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
    g[G_TIME] = this.now[0]!;
    g[G_EVENTS] = this.events;
    g[G_REQUESTS] = this.requests;
    g[G_LOST_EVENTS] = this.lostEvents;
    g[G_CANCEL_ALLS] = this.cancelAlls;
    g[G_CANCEL_ALLS_LOST] = this.cancelAllsLost;
    g[G_GLOBAL_KILL] = this.engine.globalKillMode;
    g[G_LANES_DOWN] = this.lanesDown;
    g[G_JOURNAL_RECORDS] = this.journalRecords;
    g[G_JOURNAL_LOST] = this.journalLost;
    this.state.publish();
  }

  /** @hot */
  private pollLane(lane: number): number {
    const lanes = this.lanes;
    const ring = lanes.input[lane]!;
    const kind = lanes.kind[lane];
    if (kind === LaneKind.FEED) this.checkDrops(lane);
    const n = ring.poll();
    if (n === 0) return 0;
    // Kill before answering: a kill published before this lane's requests (seen above) is in
    // its ring now, so it is applied first even when this pass polled its lane a moment before
    // the kill arrived. No request published after a kill is answered without it.
    if (kind === LaneKind.STRATEGY && this.pollKillLanes() > 0) this.dirty = true;
    if (this.systemClock && !this.clockRead) this.readSystemClock();
    const decisions = lanes.decisions[lane]!;
    const i32 = ring.i32;
    const f64 = ring.f64;
    let done = 0;
    for (; done < n; done++) {
      const off = ring.slotOffset(done);
      const w = off >> 2;
      const d = off >> 3;
      const order = i32[w + ORDER_WORD]!;
      if (order >= 0 && order !== this.nextOrder) break;
      const tag = i32[w + TAG_WORD]!;
      const at = f64[d + AT_DWORD]!;
      if (!this.systemClock && at === at) {
        this.now[0] = at;
        this.syncTime();
      }
      if (tag >= SlotType.ORDER && tag <= SlotType.KILL) {
        if (decisions === null) {
          this.events++; // a request on a lane without a decision ring: ignored, counted as seen
        } else {
          const out = decisions.tryClaim();
          if (out === RING_FULL) break; // the strategy is not reading its decisions: wait for it
          const code = this.answer(tag, i32, f64, w, d);
          encodeDecision(decisions.i32, decisions.f64, out, order, this.now[0]!, f64[d + V1_DWORD]!, code);
          const jo = this.journalCopy(i32, w);
          if (jo >= 0) this.journal!.f64[(jo >> 3) + JOURNAL_CODE_DWORD] = code;
          this.requests++;
        }
      } else {
        this.applyEvent(lane, tag, i32, f64, w, d);
      }
      if (order >= 0) this.nextOrder++;
      this.forwardCancelAlls(order);
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

  /**
   * @hot A request: the engine's decision code. Arguments travel through `engine.args` (raw
   * doubles, never boxed: src/risk/hot-args.ts).
   */
  private answer(tag: number, i32: Int32Array, f64: Float64Array, w: number, d: number): number {
    const e = this.engine;
    const a = this.args;
    if (tag === SlotType.ORDER) {
      a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
      a[Arg.INST] = i32[w + INST_WORD]!;
      a[Arg.SIDE] = i32[w + ARG_WORD]!;
      a[Arg.QTY] = f64[d + V2_DWORD]!;
      a[Arg.PRICE] = f64[d + V3_DWORD]!;
      a[Arg.REDUCE_ONLY] = f64[d + V4_DWORD]!;
      return e.checkOrderArgs();
    }
    if (tag === SlotType.CANCEL) {
      a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
      return e.checkCancelArgs();
    }
    a[Arg.MODE] = i32[w + ARG_WORD]!;
    a[Arg.INST] = i32[w + INST_WORD]!;
    return e.killArgs();
  }

  /** @hot An event (or a lane status from the supervisor), through `engine.args`. */
  private applyEvent(lane: number, tag: number, i32: Int32Array, f64: Float64Array, w: number, d: number): void {
    const e = this.engine;
    const a = this.args;
    const inst = i32[w + INST_WORD]!;
    const arg = i32[w + ARG_WORD]!;
    this.events++;
    switch (tag) {
      case SlotType.FILL:
        a[Arg.INST] = inst;
        a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
        a[Arg.EXEC_KEY] = f64[d + V1_DWORD]!;
        a[Arg.SIDE] = arg;
        a[Arg.QTY] = f64[d + V2_DWORD]!;
        a[Arg.PRICE] = f64[d + V3_DWORD]!;
        a[Arg.SEQ] = f64[d + V4_DWORD]!;
        e.applyFillArgs();
        this.journalCopy(i32, w);
        break;
      case SlotType.ORDER_UPDATE:
        a[Arg.INST] = inst;
        a[Arg.ORDER_KEY] = f64[d + V0_DWORD]!;
        a[Arg.STATUS] = arg;
        a[Arg.CUM_QTY] = f64[d + V1_DWORD]!;
        a[Arg.LEAVES_QTY] = f64[d + V2_DWORD]!;
        e.applyOrderUpdateArgs();
        this.journalCopy(i32, w);
        break;
      case SlotType.SNAPSHOT:
        a[Arg.INST] = inst;
        a[Arg.POSITION] = f64[d + V0_DWORD]!;
        a[Arg.SEQ] = f64[d + V1_DWORD]!;
        a[Arg.VENUE_TIME] = f64[d + V2_DWORD]!;
        e.applySnapshotArgs();
        this.journalCopy(i32, w);
        break;
      case SlotType.FEED:
        this.applyFeed(inst, arg === 1);
        break;
      case SlotType.HEARTBEAT:
        a[Arg.INST] = inst;
        e.applyHeartbeatArgs();
        this.journalCopy(i32, w);
        break;
      case SlotType.MARK:
        a[Arg.INST] = inst;
        a[Arg.PRICE] = f64[d + V0_DWORD]!;
        e.applyMarkArgs();
        this.journalCopy(i32, w);
        break;
      case SlotType.LEASE:
        // Not journaled: a lease is the host's own state, not the market's (replay runs without).
        a[Arg.INST] = inst;
        a[Arg.LEASE_LONG] = f64[d + V0_DWORD]!;
        a[Arg.LEASE_SHORT] = f64[d + V1_DWORD]!;
        a[Arg.LEASE_FOR_MS] = f64[d + V2_DWORD]!;
        e.applyLeaseArgs();
        break;
      case SlotType.LANE_DOWN:
        if (this.lanes.kind[lane] === LaneKind.CONTROL && inst >= 0 && inst < this.lanes.count) this.holdLane(inst, LaneHold.DEAD);
        break;
      case SlotType.LANE_UP:
        // From a feed worker, in its own ring, so ordered with its events: arg 0 opens an
        // incarnation (ends the dead-worker hold), LANE_LOSS_END follows a loss (ends the loss
        // hold; the drop counter is re-read first: the drop it follows may be unseen yet),
        // LANE_SILENCE_END is the first slot after a silence this thread held (ends that hold).
        if (this.lanes.kind[lane] === LaneKind.FEED) {
          if (arg === LANE_LOSS_END) {
            this.checkDrops(lane);
            this.releaseLane(lane, LaneHold.LOSS);
          } else if (arg === LANE_SILENCE_END) {
            this.beatSeenAt[lane] = NaN; // it produces: its silence restarts from the next check
            this.releaseLane(lane, LaneHold.SILENT);
          } else {
            this.releaseLane(lane, LaneHold.DEAD);
          }
        } else if (this.lanes.kind[lane] === LaneKind.CONTROL && inst >= 0 && inst < this.lanes.count) this.releaseLane(inst, LaneHold.DEAD);
        break;
      default:
        this.events--; // unknown tag: skipped
    }
  }

  /** @hot Holds a feed lane down when its producer's drop counter rose; counts the loss. */
  private checkDrops(lane: number): void {
    const lanes = this.lanes;
    const drops = lanes.input[lane]!.drops();
    if (drops === lanes.dropsSeen[lane]) return;
    this.lostEvents += (drops - lanes.dropsSeen[lane]!) >>> 0;
    lanes.dropsSeen[lane] = drops;
    this.dirty = true;
    this.holdLane(lane, LaneHold.LOSS);
  }

  /** @hot A venue's feed status: applied as is unless a lane holds the instrument down. */
  private applyFeed(inst: number, up: boolean): void {
    const e = this.engine;
    const n = e.instrumentCount;
    if (inst === ALL_INSTRUMENTS) this.reportedUp.fill(up ? 1 : 0);
    else if (inst >= 0 && inst < n) this.reportedUp[inst] = up ? 1 : 0;
    if (this.heldTotal === 0 || !up) {
      e.applyFeedStatus(inst, up);
      this.journalFeed(inst, up);
      return;
    }
    // Some instrument is held down by a lane: bring up only the free ones.
    const from = inst === ALL_INSTRUMENTS ? 0 : inst;
    const to = inst === ALL_INSTRUMENTS ? n : inst + 1;
    for (let i = from; i < to && i < n; i++) {
      if (this.heldBy[i] === 0) {
        e.applyFeedStatus(i, true);
        this.journalFeed(i, true);
      }
    }
  }

  /** Marks a lane's instruments down for `reason` (LaneHold bit). @hot allocation-free. */
  private holdLane(lane: number, reason: number): void {
    const lanes = this.lanes;
    const before = lanes.hold[lane]!;
    lanes.hold[lane] = before | reason;
    if (before !== 0) return;
    this.lanesDown++;
    const insts = lanes.instruments[lane]!;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      this.heldBy[i]!++;
      this.heldTotal++;
      this.engine.applyFeedStatus(i, false);
      this.journalFeed(i, false);
    }
  }

  /** Clears `reason`; the last reason cleared brings the lane's instruments back up. @hot */
  private releaseLane(lane: number, reason: number): void {
    const lanes = this.lanes;
    const before = lanes.hold[lane]!;
    if ((before & reason) === 0) return;
    lanes.hold[lane] = before & ~reason;
    if (lanes.hold[lane] !== 0) return;
    this.lanesDown--;
    const insts = lanes.instruments[lane]!;
    for (let k = 0; k < insts.length; k++) {
      const i = insts[k]!;
      this.heldBy[i]!--;
      this.heldTotal--;
      if (this.heldBy[i] === 0 && this.reportedUp[i] === 1) {
        this.engine.applyFeedStatus(i, true);
        this.journalFeed(i, true);
      }
    }
  }

  /** @hot Moves the core's queued cancel-alls into the cancel-all ring (or the overflow). */
  private forwardCancelAlls(order: number): void {
    for (let v = this.engine.takeCancelAll(); v !== NO_CANCEL_ALL; v = this.engine.takeCancelAll()) {
      this.cancelAlls++;
      const jo = this.claimJournal();
      if (jo >= 0) {
        encodeCancelAll(this.journal!.i32, this.journal!.f64, jo, order, this.now[0]!, v);
        this.journal!.i32[(jo >> 2) + JOURNAL_LOST_WORD] = this.journalLost; // loss stamp
      }
      if (this.overflowLen === 0) {
        const off = this.cancelAllRing.tryClaim();
        if (off !== RING_FULL) {
          encodeCancelAll(this.cancelAllRing.i32, this.cancelAllRing.f64, off, order, this.now[0]!, v);
          continue;
        }
      }
      if (this.overflowLen === CANCEL_ALL_OVERFLOW) {
        this.cancelAllsLost++;
        continue;
      }
      this.overflowInst[this.overflowLen] = v;
      this.overflowOrder[this.overflowLen] = order;
      this.overflowAt[this.overflowLen] = this.now[0]!;
      this.overflowLen++;
    }
    this.cancelAllRing.publish();
  }

  /** @hot Retries cancel-alls that found the ring full, oldest first. */
  private flushOverflow(): void {
    let k = 0;
    for (; k < this.overflowLen; k++) {
      const off = this.cancelAllRing.tryClaim();
      if (off === RING_FULL) break;
      encodeCancelAll(this.cancelAllRing.i32, this.cancelAllRing.f64, off, this.overflowOrder[k]!, this.overflowAt[k]!, this.overflowInst[k]!);
    }
    this.cancelAllRing.publish();
    if (k === 0) return;
    this.overflowInst.copyWithin(0, k, this.overflowLen);
    this.overflowOrder.copyWithin(0, k, this.overflowLen);
    this.overflowAt.copyWithin(0, k, this.overflowLen);
    this.overflowLen -= k;
  }
}
