import {
  FeedBeatState, LANE_BEAT, LANE_DEADLINE, LANE_NAME, LANE_NAME_BYTES, LANE_NAME_MAX, LANE_PRESENT, LANE_SILENCED, LANE_STATE, laneLine, laneWord,
} from './liveness-block-layout.js';

/** Silence tolerated from a feed worker whose source names no deadline of its own (ms). */
export const DEFAULT_FEED_DEADLINE_MS = 2000;

/**
 * Registers a supervised feed on lane `lane` of the liveness block (liveness-block-layout.ts):
 * its name and deadline, then `present` (published last). Embedding thread, at attach.
 */
export function registerFeedLiveness(block: SharedArrayBuffer, lane: number, name: string, deadlineMs: number): void {
  const i32 = new Int32Array(block);
  const bytes = Buffer.from(name, 'utf8').subarray(0, LANE_NAME_MAX);
  new Uint8Array(block).set(bytes, laneLine(lane) + LANE_NAME);
  Atomics.store(i32, laneWord(lane, LANE_NAME_BYTES), bytes.length); // name length
  Atomics.store(i32, laneWord(lane, LANE_DEADLINE), deadlineMs); // deadline
  Atomics.store(i32, laneWord(lane, LANE_SILENCED), 0); // no silence held
  Atomics.store(i32, laneWord(lane, LANE_PRESENT), 1); // publish the registration
}

/**
 * A feed worker's proof of life: while its source's `run()` is in progress a timer bumps the
 * lane's beat word every quarter deadline, and so does every `FeedSink.publish` (and
 * `FeedSink.beat`, for a source that spins without publishing). A source stuck in a synchronous loop (or a thread
 * that died) stops the timer, so the beat stops; a `run()` that resolved is reported as ENDED.
 * The control server's `LivenessMonitor` judges the silence. Feed worker thread only.
 */
export class FeedBeat {
  private readonly i32: Int32Array;
  private timer: NodeJS.Timeout | undefined;

  constructor(block: SharedArrayBuffer, private readonly lane: number) {
    this.i32 = new Int32Array(block);
  }

  /** The deadline the embedding registered (ms). */
  get deadlineMs(): number {
    return Atomics.load(this.i32, laneWord(this.lane, LANE_DEADLINE)); // registered deadline
  }

  /** Replaces the registered deadline (the source named one suited to its venue). */
  setDeadline(ms: number): void {
    Atomics.store(this.i32, laneWord(this.lane, LANE_DEADLINE), ms); // deadline
  }

  /** The source runs: beat now and every quarter deadline. The timer is unref'd. */
  running(): void {
    Atomics.store(this.i32, laneWord(this.lane, LANE_STATE), FeedBeatState.RUNNING); // state
    this.beat();
    this.timer = setInterval(() => this.beat(), Math.max(5, Math.floor(this.deadlineMs / 4)));
    this.timer.unref();
  }

  /** The source's `run()` resolved. */
  ended(): void {
    clearInterval(this.timer);
    Atomics.store(this.i32, laneWord(this.lane, LANE_STATE), FeedBeatState.ENDED); // state
  }

  /** @hot Whether the risk thread holds this lane down for a silence and awaits its end marker. */
  silenced(): boolean {
    return Atomics.load(this.i32, laneWord(this.lane, LANE_SILENCED)) === 1; // silence held? (acquire)
  }

  /** The end marker is claimed: the next publish carries it. */
  clearSilenced(): void {
    Atomics.store(this.i32, laneWord(this.lane, LANE_SILENCED), 0); // silence marker written
  }

  beat(): void {
    Atomics.add(this.i32, laneWord(this.lane, LANE_BEAT), 1); // proof of life
  }
}
