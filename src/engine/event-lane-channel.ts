/**
 * What a thread needs to publish into one event lane, as one structured-cloneable value: post
 * it to a worker (or use it on the embedding thread) and build ONE `EventLanePublisher` on it
 * there. The publisher is the ring's only producer (the owner block enforces it); the risk
 * thread is its only consumer.
 */
export interface EventLaneChannel {
  readonly name: string;
  /** Lane index of this event lane in the risk thread. */
  readonly lane: number;
  /** The event ring (spsc-ring-layout.ts, `EVENT_SLOT_BYTES` slots). */
  readonly ring: SharedArrayBuffer;
  /** The engine's control block (doorbell, stop word). */
  readonly control: SharedArrayBuffer;
  /** The lane's owner block (event-lane-layout.ts). */
  readonly owner: SharedArrayBuffer;
}

/** Options of `RiskGate.createEventLane` / `openEventLane`. */
export interface EventLaneOptions {
  /**
   * Symbols whose events this lane carries: what a loss on a full ring marks down until a fresh
   * snapshot, exactly as for a feed. Default: every instrument.
   */
  readonly instruments?: readonly string[];
  /** Slots in the lane's ring (power of two). Default `options.feedRingCapacity`. */
  readonly ringCapacity?: number;
}
