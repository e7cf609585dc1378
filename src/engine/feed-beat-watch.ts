import type { Clock } from '../risk/clock.js';
import { LaneHold, LaneKind, MAX_LANES, type LaneTable } from './lane-table.js';
import type { LaneHolds } from './lane-holds.js';
import { FeedBeatState, LANE_BEAT, LANE_DEADLINE, LANE_PRESENT, LANE_SILENCED, LANE_STATE, laneWord } from './liveness-block-layout.js';

/**
 * Watches the beats of supervised feed workers in the liveness block (liveness-block-layout.ts)
 * on the wall clock (a beat deadline is real time, so 'slots' mode, whose time is the slots',
 * has no watch; `/health` still reports the silence there).
 *
 * A feed lane whose worker is RUNNING and whose beat has not moved for longer than the lane's
 * deadline, or whose source ENDED, is held down (`LaneHold.SILENT`): its instruments are feed
 * down, a known loss, and only reduce-only orders pass. This thread then sets the lane's
 * `silenced` word; the worker's `FeedSink` sees it at its next claim and writes a LANE_UP
 * (`LANE_SILENCE_END`) ahead of that event, in its own ring: the hold ends there, when the feed
 * produces again, ordered with its events (`restart`), so only a snapshot published after the
 * silence counts as fresh (as after any hold: a venue session silent past its keep-alive period
 * is likely gone). A beat alone (the worker's timer) does not end it.
 *
 * Threading: risk thread only. Allocation: none (a few atomic loads per supervised feed lane,
 * once per pass).
 */
export class FeedBeatWatch {
  private readonly beats: Int32Array;
  /** `[0]`: wall engine ms of this pass's check (a cell: never boxed). */
  private readonly nowCell = new Float64Array(1);
  /** Per lane: the beat value last seen, and when (engine ms; NaN: not seen yet). */
  private readonly seen = new Int32Array(MAX_LANES);
  private readonly seenAt = new Float64Array(MAX_LANES).fill(NaN);

  constructor(
    liveness: SharedArrayBuffer,
    private readonly clock: Required<Clock>,
    private readonly lanes: LaneTable,
    private readonly holds: LaneHolds,
  ) {
    this.beats = new Int32Array(liveness);
  }

  /** @hot Holds every newly silent feed lane; returns true when it held one. */
  check(): boolean {
    const beats = this.beats;
    const lanes = this.lanes;
    this.clock.readInto(this.nowCell, 0);
    const now = this.nowCell[0]!;
    let held = false;
    for (let lane = 0; lane < lanes.count; lane++) {
      if (lanes.kind[lane] !== LaneKind.FEED) continue;
      if (Atomics.load(beats, laneWord(lane, LANE_PRESENT)) !== 1) continue; // a supervised feed? (acquire)
      const beat = Atomics.load(beats, laneWord(lane, LANE_BEAT)); // the worker's proof of life
      const state = Atomics.load(beats, laneWord(lane, LANE_STATE)); // FeedBeatState
      const seenAt = this.seenAt[lane]!;
      if (beat !== this.seen[lane] || seenAt !== seenAt) {
        this.seen[lane] = beat;
        this.seenAt[lane] = now;
      }
      const deadline = Atomics.load(beats, laneWord(lane, LANE_DEADLINE)); // silence tolerated (ms)
      const silent = state === FeedBeatState.ENDED || (state === FeedBeatState.RUNNING && now - this.seenAt[lane]! > deadline);
      if (silent && (lanes.hold[lane]! & LaneHold.SILENT) === 0) {
        this.holds.hold(lane, LaneHold.SILENT);
        Atomics.store(beats, laneWord(lane, LANE_SILENCED), 1); // after the hold: its end marker follows it
        held = true;
      }
    }
    return held;
  }

  /** @hot The lane produces again (its LANE_SILENCE_END): its silence is timed from the next check. */
  restart(lane: number): void {
    this.seenAt[lane] = NaN;
  }
}
