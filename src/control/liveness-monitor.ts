import { LOOPS_WORD, RiskThreadStatus, STATUS_WORD } from '../engine/control-block-layout.js';
import {
  FeedBeatState, JOURNAL_BEAT_WORD, JOURNAL_ERRORS_WORD, JOURNAL_FAILING_WORD, JOURNAL_PRESENT_WORD,
  LANE_BEAT, LANE_DEADLINE, LANE_NAME, LANE_NAME_BYTES, LANE_PRESENT, LANE_STATE, laneLine, laneWord,
} from '../engine/liveness-block-layout.js';
import { MAX_LANES } from '../engine/lane-table.js';
import type { HealthPart, HealthProbe } from './health-part.js';
import type { KillSink } from './kill-sink.js';

/** A counter some thread bumps, and when this observer last saw it move. */
class Beat {
  private last = NaN;
  private changedAt = NaN;

  /** Ms since the counter last moved, as seen by the calls to `observe`. */
  observe(value: number, nowMs: number): number {
    if (value !== this.last || this.changedAt !== this.changedAt) {
      this.last = value;
      this.changedAt = nowMs;
    }
    return nowMs - this.changedAt;
  }
}

const STATUS_NAMES = ['starting', 'running', 'draining', 'stopped'];

/**
 * The threaded engine's liveness, read by the control server thread from shared memory: the
 * risk thread's loop counter and status (control block), the journal thread's and each
 * supervised feed worker's beat (liveness block, liveness-block-layout.ts), and the kill
 * requests the server's own kill ring has not had answered. No thread is asked anything: a
 * dead or blocked thread simply stops moving its counter, and the part fails once its counter
 * has not moved for its deadline.
 *
 * Ages are observed: a counter's change is timestamped when this monitor sees it (every server
 * tick and every request), so an age is late by at most one tick (`streamIntervalMs`).
 * Threading: the server thread only.
 */
export class LivenessMonitor implements HealthProbe {
  private readonly control: Int32Array;
  private readonly live: Int32Array;
  private readonly liveBytes: Uint8Array;
  private readonly risk = new Beat();
  private readonly journal = new Beat();
  private readonly feeds: Beat[] = Array.from({ length: MAX_LANES }, () => new Beat());
  private readonly names: (string | undefined)[] = new Array<string | undefined>(MAX_LANES);

  constructor(
    control: SharedArrayBuffer,
    liveness: SharedArrayBuffer,
    /** Longest silence of the risk loop, the journal writer and an unanswered kill (ms). */
    private readonly deadlineMs: number,
    private readonly killSink?: KillSink,
  ) {
    this.control = new Int32Array(control);
    this.live = new Int32Array(liveness);
    this.liveBytes = new Uint8Array(liveness);
  }

  check(nowMs: number): HealthPart[] {
    const parts: HealthPart[] = [this.riskPart(nowMs)];
    this.killSink?.poll?.(nowMs);
    const kills = this.killSink?.outcomes?.(nowMs);
    if (kills !== undefined) {
      const ok = kills.pending === 0 || kills.oldestPendingMs <= this.deadlineMs;
      parts.push({
        name: 'kill-switch', ok, deadlineMs: this.deadlineMs,
        detail: kills.pending === 0 ? 'no kill request waiting' : `${kills.pending} kill request(s) in the ring unanswered for ${Math.round(kills.oldestPendingMs)} ms`,
      });
    }
    if (Atomics.load(this.live, JOURNAL_PRESENT_WORD) === 1) parts.push(this.journalPart(nowMs)); // journal thread registered?
    for (let k = 0; k < MAX_LANES; k++) {
      if (Atomics.load(this.live, laneWord(k, LANE_PRESENT)) !== 1) continue; // feed registered on lane k?
      parts.push(this.feedPart(k, nowMs));
    }
    return parts;
  }

  private riskPart(nowMs: number): HealthPart {
    const status = Atomics.load(this.control, STATUS_WORD); // risk thread status
    const age = this.risk.observe(Atomics.load(this.control, LOOPS_WORD), nowMs); // risk loop counter
    const base = { name: 'risk', ageMs: age, deadlineMs: this.deadlineMs };
    if (status !== RiskThreadStatus.RUNNING) return { ...base, ok: false, detail: `risk thread ${STATUS_NAMES[status] ?? `status ${status}`}` };
    if (age > this.deadlineMs) return { ...base, ok: false, detail: `risk loop has not turned for ${Math.round(age)} ms (dead or stalled)` };
    return { ...base, ok: true, detail: 'risk loop turning' };
  }

  private journalPart(nowMs: number): HealthPart {
    const age = this.journal.observe(Atomics.load(this.live, JOURNAL_BEAT_WORD), nowMs); // journal writer beat
    const errors = Atomics.load(this.live, JOURNAL_ERRORS_WORD) >>> 0; // journal write errors
    const failing = Atomics.load(this.live, JOURNAL_FAILING_WORD) !== 0; // journal writer stopped?
    const base = { name: 'journal', ageMs: age, deadlineMs: this.deadlineMs, errors };
    if (failing) return { ...base, ok: false, detail: `journal writer failing (${errors} write error(s)): records are being lost` };
    if (age > this.deadlineMs) return { ...base, ok: false, detail: `journal thread has not polled for ${Math.round(age)} ms (dead or blocked)` };
    return { ...base, ok: true, detail: errors > 0 ? `journal writing (${errors} write error(s) so far)` : 'journal writing' };
  }

  private feedPart(k: number, nowMs: number): HealthPart {
    const name = `feed:${this.names[k] ??= this.readName(k)}`;
    const deadlineMs = Atomics.load(this.live, laneWord(k, LANE_DEADLINE)); // feed deadline
    const state = Atomics.load(this.live, laneWord(k, LANE_STATE)); // feed worker state
    const age = this.feeds[k]!.observe(Atomics.load(this.live, laneWord(k, LANE_BEAT)), nowMs); // feed worker beat
    const base = { name, ageMs: age, deadlineMs };
    if (state === FeedBeatState.ENDED) return { ...base, ok: false, detail: 'feed source ended (its run() resolved): it produces nothing more' };
    if (age > deadlineMs) {
      return { ...base, ok: false, detail: state === FeedBeatState.RUNNING
        ? `feed worker silent for ${Math.round(age)} ms (dead, or its thread is blocked)`
        : `no feed worker running for ${Math.round(age)} ms (starting, restarting or given up)` };
    }
    return { ...base, ok: true, detail: state === FeedBeatState.RUNNING ? 'feed worker beating' : 'feed worker starting' };
  }

  private readName(k: number): string {
    const n = Atomics.load(this.live, laneWord(k, LANE_NAME_BYTES)); // name length
    const at = laneLine(k) + LANE_NAME;
    return Buffer.from(this.liveBytes.slice(at, at + n)).toString('utf8');
  }
}
