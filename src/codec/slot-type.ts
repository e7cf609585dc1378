/**
 * The tag in word 0 of every event slot (event-slot-layout.ts). Stable: slots are read by
 * other threads and, later, journals. Never renumber; add at the end.
 */
export const SlotType = {
  /** A zeroed slot: never published. */
  NONE: 0,
  FILL: 1,
  ORDER_UPDATE: 2,
  SNAPSHOT: 3,
  FEED: 4,
  HEARTBEAT: 5,
  MARK: 6,
  ORDER: 7,
  CANCEL: 8,
  KILL: 9,
  /** Risk thread → strategy: the answer to an ORDER, CANCEL or KILL. */
  DECISION: 10,
  /** Risk thread → embedding: cancel every order of an instrument (or all, inst -1). */
  CANCEL_ALL: 11,
  /** Supervisor → risk thread: feed lane `inst` is dead; hold its instruments down. */
  LANE_DOWN: 12,
  /** Supervisor → risk thread: feed lane `inst` is back (READY); release the hold. */
  LANE_UP: 13,
  /** Embedding → risk thread (an event lane): this host's lease of a firm-wide limit. */
  LEASE: 14,
} as const;

export type SlotTypeValue = (typeof SlotType)[keyof typeof SlotType];

/** Highest tag in use. */
export const MAX_SLOT_TYPE = SlotType.LEASE;

/** True for the slots a strategy sends that expect a DECISION back. */
export function isRequestTag(tag: number): boolean {
  return tag === SlotType.ORDER || tag === SlotType.CANCEL || tag === SlotType.KILL;
}
