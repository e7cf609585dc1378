/**
 * Byte layout of an event lane's owner block: the one word that makes "one producer per ring"
 * a rule the code keeps rather than a convention. Each event lane (`RiskGate.createEventLane`)
 * has its own block next to its ring; the block travels in the `EventLaneChannel`.
 *
 * ```
 *  offset  line (128 B)  word                                                     written by
 *  ------  ------------  -------------------------------------------------------  ----------------------
 *     0    OWNER         +0 owner  i32  1 + threadId of the publishing thread;    the first publisher,
 *                                       0 = no publisher yet                       once (compareExchange)
 *                        +4..127 zero
 *   128    end
 * ```
 *
 * - Claimed once, never released: a ring's producer keeps its head in a field, so a second
 *   producer object (on another thread or the same one) would publish over the first one's
 *   slots. A thread that needs to publish opens its own lane.
 * - The word is touched only when a publisher is built (off the hot path); it has a line to
 *   itself so the block can later hold more words written by other threads.
 */
export const EVENT_LANE_LINE_BYTES = 128;

export const OWNER_OFFSET = 0;
export const EVENT_LANE_BLOCK_BYTES = OWNER_OFFSET + EVENT_LANE_LINE_BYTES;

export const OWNER_WORD = OWNER_OFFSET >> 2;

/** `owner` before any publisher claimed the lane. */
export const NO_OWNER = 0;

/** A zeroed owner block (no publisher yet). */
export function createEventLaneBlock(): SharedArrayBuffer {
  return new SharedArrayBuffer(EVENT_LANE_BLOCK_BYTES);
}
