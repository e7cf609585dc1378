/**
 * Integer encodings used on the hot path (and in ring slots). Stable: never renumber.
 */
export const Side = { BUY: 1, SELL: -1 } as const;
/** A side as the hot path takes it: `Side.BUY` (1) or `Side.SELL` (-1), a plain number at run time. */
export type SideValue = (typeof Side)[keyof typeof Side];

export const OrderStatusCode = { NEW: 0, PARTIALLY_FILLED: 1, FILLED: 2, CANCELED: 3, REJECTED: 4 } as const;

export const KillMode = { RESUME: 0, REDUCE: 1, HALT: 2 } as const;
/** A kill-switch mode: `KillMode.RESUME`, `REDUCE` or `HALT`. */
export type KillModeValue = (typeof KillMode)[keyof typeof KillMode];

/** `inst` argument meaning "every instrument" (feed status, heartbeat, kill switch). */
export const ALL_INSTRUMENTS = -1;

/**
 * `inst` argument for a symbol the engine does not know: every call rejects it as an unknown
 * instrument. The edge passes it where a symbol was given and not found, because an index of -1
 * would read as `ALL_INSTRUMENTS`. Also the event slot's `inst` for it (codec/event-slot-layout.ts).
 */
export const UNKNOWN_SYMBOL = -2;

/** `takeCancelAll()`'s answer when no cancel-all is queued (a queued one is an index or `ALL_INSTRUMENTS`). */
export const NO_CANCEL_ALL = -2;

/** What applying an event did. Non-negative: applied (possibly with a remark); negative: ignored. */
export const ApplyResult = {
  OK: 0,
  /** A snapshot the fills did not explain (accepted, counted). */
  MISMATCH: 1,
  /** A fill already inside the snapshot's watermark (dropped, counted). */
  INSIDE_SNAPSHOT: 2,
  /** A fill that opened a contiguous-sequence gap (applied; instrument dirty). */
  GAP: 3,
  /**
   * The first update of an order the engine did not send (its side given): tracked from now
   * on as an outside order, its leaves open exposure on its side until it ends (order-table.ts).
   */
  OUTSIDE_ORDER: 4,
  DUPLICATE: -1,
  /** A snapshot below the watermark, or older by venue time than the last accepted one (ignored, counted). */
  STALE_SNAPSHOT: -2,
  UNKNOWN_INSTRUMENT: -3,
  /**
   * An order update for an order the engine does not track and cannot start tracking (no side
   * given, already finished, or the order table full: counted).
   */
  UNKNOWN_ORDER: -4,
  /** A malformed event (bad quantity, missing sequence on a sequenced instrument, negative or infinite venue time): counted, ignored. */
  INVALID: -5,
} as const;

/** Indices into `RiskEngine.counters`. Stable: never renumber. */
export const Counter = {
  FILLS: 0,
  ORDER_UPDATES: 1,
  SNAPSHOTS: 2,
  FEED_EVENTS: 3,
  HEARTBEATS: 4,
  MARKS: 5,
  DUPLICATE_FILLS: 6,
  STALE_SNAPSHOTS: 7,
  MISMATCHES: 8,
  FILLS_INSIDE_SNAPSHOT: 9,
  GAPS: 10,
  UNKNOWN_ORDER_UPDATES: 11,
  INVALID_EVENTS: 12,
  INFERRED_FILLS: 13,
  FLIP_FLOP_TRIPS: 14,
  CANCEL_ALL_DROPPED: 15,
  /** Flip-flop trips that ended by themselves after their cool-down (manual resumes are not counted here). */
  FLIP_FLOP_RESUMES: 16,
  /** Orders the engine did not send, tracked from their first update (`ApplyResult.OUTSIDE_ORDER`). */
  OUTSIDE_ORDERS: 17,
  /** Outside orders with leaves that could not be tracked: the order table was full (their leaves are not counted). */
  OUTSIDE_ORDERS_UNTRACKED: 18,
  /** Loss limits tripped (an instrument's or an account's PnL below its floor: LOSS_LIMIT). */
  LOSS_LIMIT_TRIPS: 19,
  /** Drawdown limits tripped (DRAWDOWN_LIMIT). */
  DRAWDOWN_TRIPS: 20,
  /** Decisions: APPROVED and each deny reason at DECISIONS + code. */
  DECISIONS: 32,
} as const;

export const COUNTER_SLOTS = 64;
