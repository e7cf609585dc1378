/**
 * Hot-path return codes of the ring. Negative, so they never collide with a slot offset
 * (always >= 0). A full ring is one of these, never an exception or an allocation.
 */

/** `tryClaim()`: every slot is published or claimed and the consumer has not released any. */
export const RING_FULL = -1;
