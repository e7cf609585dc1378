import { CAPACITY_OFFSET, DROPS_OFFSET, HEAD_OFFSET, HEADER_BYTES, TAIL_OFFSET } from '../ring/spsc-ring-layout.js';

/** Occupancy and full-ring losses of one ring between threads (for `/metrics`). */
export interface RingStatus {
  readonly name: string;
  readonly used: number;
  readonly capacity: number;
  /** Slots lost because the ring was full, since start. */
  readonly drops: number;
}

/**
 * Reads a ring's header words with `Atomics.load` (spsc-ring-layout.ts); never touches a slot,
 * never waits. Any thread. Cold: allocates its answer.
 */
export function readRingOccupancy(name: string, ring: SharedArrayBuffer): RingStatus {
  const w = new Int32Array(ring, 0, HEADER_BYTES >> 2);
  const head = Atomics.load(w, HEAD_OFFSET >> 2); // producer's published index
  const tail = Atomics.load(w, TAIL_OFFSET >> 2); // consumer's released index
  return { name, used: (head - tail) | 0, capacity: w[CAPACITY_OFFSET >> 2]!, drops: Atomics.load(w, DROPS_OFFSET >> 2) >>> 0 };
}
