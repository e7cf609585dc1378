import { LANE_LOSS_END, LANE_SILENCE_END, encodeLaneStatus } from '../codec/index.js';
import { RING_FULL, RingProducer } from '../ring/index.js';
import { Doorbell } from './doorbell.js';
import type { FeedBeat } from './feed-beat.js';

/**
 * A feed handler's end of its ring: the producer plus the doorbell. One per feed worker, used
 * only on that worker's thread (and one inside each `EventLanePublisher`, on its thread: event
 * lanes follow the same full-ring rule). Sources write slots with the codecs (src/codec/) through
 * `i32` / `f64` at the offset `tryClaim()` returns, then `publish()`.
 *
 * A full ring is a code, never a wait imposed by the sink: a live venue handler cannot stop
 * reading its socket, so on `RING_FULL` it calls `recordDrop()` and goes on; the risk thread
 * sees the drop counter rise and holds the feed's instruments down (FEED_STALE for
 * risk-increasing orders) until the loss-end marker this sink writes ahead of the next event,
 * and then a fresh snapshot (one published after the loss). A source that can
 * wait (a replay) may retry instead.
 */
export class FeedSink {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  private readonly producer: RingProducer;
  private readonly bell: Doorbell;
  /** A drop was recorded and the loss-end marker is not written yet. */
  private lossOpen = false;

  constructor(
    ring: SharedArrayBuffer,
    control: SharedArrayBuffer,
    /** The worker's proof of life for `/health` (feed-beat.ts); absent outside a supervised worker. */
    private readonly liveness?: FeedBeat,
  ) {
    this.producer = new RingProducer(ring);
    this.bell = new Doorbell(control);
    this.i32 = this.producer.i32;
    this.f64 = this.producer.f64;
  }

  /**
   * @hot Offset of a free slot, or `RING_FULL`. After a drop, the first slot that frees up
   * carries the loss-end marker (LANE_UP, `LANE_LOSS_END`) ahead of the caller's event: the risk
   * thread ends the loss hold there, so only a snapshot published after the loss counts as fresh.
   * Likewise after a silence the risk thread held (the lane's `silenced` word): the silence-end
   * marker (LANE_UP, `LANE_SILENCE_END`) rides ahead of the first event after it.
   */
  tryClaim(): number {
    if (this.lossOpen) {
      const marker = this.producer.tryClaim();
      if (marker === RING_FULL) return RING_FULL;
      encodeLaneStatus(this.i32, this.f64, marker, -1, true, LANE_LOSS_END);
      this.lossOpen = false;
    }
    if (this.liveness !== undefined && this.liveness.silenced()) {
      const marker = this.producer.tryClaim();
      if (marker === RING_FULL) return RING_FULL;
      encodeLaneStatus(this.i32, this.f64, marker, -1, true, LANE_SILENCE_END);
      this.liveness.clearSilenced();
    }
    return this.producer.tryClaim();
  }

  /** @hot Publishes every claimed slot and rings the risk thread's doorbell. */
  publish(): void {
    if (this.producer.pending === 0) return;
    this.liveness?.beat(); // first: a reader that sees these slots sees the beat too
    this.producer.publish();
    this.bell.ring();
  }

  /**
   * Proof of life for `/health` without an event: the worker's timer calls it while `run()` is in
   * progress; a source that keeps its thread busy (spinning on a socket) calls it itself, at
   * least once per heartbeat deadline, when it has nothing to publish. @hot one `Atomics.add`.
   */
  beat(): void {
    this.liveness?.beat();
  }

  /** @hot Counts one event lost to a full ring (the risk thread reacts to the count). */
  recordDrop(): void {
    this.producer.recordDrop();
    this.lossOpen = true;
    this.bell.ring();
  }

  /** Events lost so far. */
  get drops(): number {
    return this.producer.drops;
  }
}

export { RING_FULL };
