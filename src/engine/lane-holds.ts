import { ALL_INSTRUMENTS } from '../risk/codes.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { JournalTap } from './journal-tap.js';
import { LaneHold, type LaneTable } from './lane-table.js';

/**
 * Which instruments the lanes hold down, merged with the feed status each venue reports.
 *
 * A feed lane (a feed worker's, or an event lane the embedding publishes into: both are
 * `LaneKind.FEED`, one rule) is held for a reason (`LaneHold` bits): LOSS when its producer's
 * drop counter rose (`checkDrops`), DEAD from the supervisor's LANE_DOWN, SILENT from the beat
 * watch (feed-beat-watch.ts). While any reason stands, its instruments get
 * `applyFeedStatus(i, false)` and risk-increasing orders on them are denied FEED_STALE. Clearing
 * the last reason brings an instrument back up only where the venue's own feed status is up and
 * no other lane holds it: the core then waits for a fresh snapshot, one published after the
 * hold, before it trusts the instrument.
 *
 * Every `applyFeedStatus` call made here is journaled (one FEED slot per call). Threading: risk
 * thread only. Allocation: none after construction.
 */
export class LaneHolds {
  /** Lanes with at least one hold reason. */
  lanesDown = 0;
  /** Events lost to full rings, summed over the feed lanes' drop counters. */
  lostEvents = 0;
  /** Per instrument: number of lanes holding it down. */
  private readonly heldBy: Int32Array;
  /** Per instrument: the feed status the venue itself last reported (1 up). */
  private readonly reportedUp: Uint8Array;
  private heldTotal = 0;

  constructor(
    private readonly engine: RiskEngine,
    private readonly lanes: LaneTable,
    private readonly journal: JournalTap,
  ) {
    this.heldBy = new Int32Array(engine.instrumentCount);
    this.reportedUp = new Uint8Array(engine.instrumentCount).fill(1);
  }

  /**
   * @hot Holds a feed lane down (LOSS) when its producer's drop counter rose; counts the loss.
   * Returns true when it did.
   */
  checkDrops(lane: number): boolean {
    const lanes = this.lanes;
    const drops = lanes.input[lane]!.drops();
    if (drops === lanes.dropsSeen[lane]) return false;
    this.lostEvents += (drops - lanes.dropsSeen[lane]!) >>> 0;
    lanes.dropsSeen[lane] = drops;
    this.hold(lane, LaneHold.LOSS);
    return true;
  }

  /** @hot A venue's own feed status (a FEED slot): applied as is unless a lane holds the instrument down. */
  applyVenueFeed(inst: number, up: boolean): void {
    const e = this.engine;
    const n = e.instrumentCount;
    if (inst === ALL_INSTRUMENTS) this.reportedUp.fill(up ? 1 : 0);
    else if (inst >= 0 && inst < n) this.reportedUp[inst] = up ? 1 : 0;
    if (this.heldTotal === 0 || !up) {
      e.applyFeedStatus(inst, up);
      this.journal.feed(inst, up);
      return;
    }
    // Some instrument is held down by a lane: bring up only the free ones.
    const from = inst === ALL_INSTRUMENTS ? 0 : inst;
    const to = inst === ALL_INSTRUMENTS ? n : inst + 1;
    for (let i = from; i < to && i < n; i++) {
      if (this.heldBy[i] === 0) {
        e.applyFeedStatus(i, true);
        this.journal.feed(i, true);
      }
    }
  }

  /** @hot Marks a lane's instruments down for `reason` (a LaneHold bit). */
  hold(lane: number, reason: number): void {
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
      this.journal.feed(i, false);
    }
  }

  /** @hot Clears `reason`; the last reason cleared brings the lane's instruments back up. */
  release(lane: number, reason: number): void {
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
        this.journal.feed(i, true);
      }
    }
  }
}
