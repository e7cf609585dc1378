/**
 * The argument block of `RiskEngine`'s hot calls, and why it exists.
 *
 * V8 passes call arguments and return values tagged: a double that is not a small integer
 * (epoch times, hashed execution ids, fractional prices, large venue sequence numbers, NaN) is
 * boxed into a fresh HeapNumber at every call the optimizer does not inline, and a class field
 * that ever held a non-double is stored boxed too. Typed-array slots hold raw doubles: writing
 * and reading them never allocates. So the hot entry points (`...Args()`) take no parameters:
 * the caller writes them into `engine.args` at the indices below, and every internal call passes
 * only small integers (instrument, slot, side, lots), reading times, keys, prices and sequence
 * numbers from this block or from the engine's time cell.
 *
 * One block per engine, owned by the risk thread: write, call, and the call has consumed it.
 */
export const Arg = {
  /** Instrument index, or `ALL_INSTRUMENTS` (-1) where allowed. */
  INST: 0,
  /** Order handle (any safe integer), -1 for a fill of an order the engine did not send. */
  ORDER_KEY: 1,
  /** Execution id handle (any safe integer; `stringKey` of the venue's id). */
  EXEC_KEY: 2,
  /** `Side`: +1 buy, -1 sell. */
  SIDE: 3,
  /** Lots. */
  QTY: 4,
  /** Quote units. */
  PRICE: 5,
  /**
   * Venue sequence; NaN when none. A fill on an unsequenced (walk-back) instrument has no
   * sequence: there this is when the venue executed it, on the same venue clock as a snapshot's
   * `VENUE_TIME` (Binance `T`, BitMEX `timestamp`), NaN when the venue gives none. It tells
   * whether a late fill of a trade the engine did not send can be inside a snapshot
   * (position-ledger.ts `lateFill`).
   */
  SEQ: 6,
  /** `OrderStatusCode`. */
  STATUS: 7,
  CUM_QTY: 8,
  LEAVES_QTY: 9,
  /** Snapshot position, signed lots. */
  POSITION: 10,
  /** `KillMode`. */
  MODE: 11,
  /** Feed status: 1 up, 0 down. */
  UP: 12,
  /**
   * Venue time of a snapshot (position-ledger.ts): when the venue last changed the position it
   * reports, in the venue's own clock (ms since the epoch for every decoder here); NaN when the
   * report has none. Read only for unsequenced instruments. Starts NaN, so a caller that never
   * writes it keeps the untimed behaviour; a caller that writes it writes it for every snapshot.
   */
  VENUE_TIME: 13,
  /**
   * Order requests: 1 when the order goes out with the venue's own reduce-only flag (the venue
   * caps it at the true position, so it can never add exposure), 0 otherwise; any other value is
   * an invalid order. Every caller of `checkOrderArgs` writes it for every order (the block keeps
   * the last value written).
   */
  REDUCE_ONLY: 14,
  /** A lease (`applyLeaseArgs`): the long lots this host may hold of the firm limit. */
  LEASE_LONG: 15,
  /** A lease: the short lots this host may hold of the firm limit. */
  LEASE_SHORT: 16,
  /** A lease: ms it stays valid from when the risk thread applies it, on the engine's clock. */
  LEASE_FOR_MS: 17,
  /**
   * Order updates: the order's side as the venue reports it, +1 buy, -1 sell, 0 not given. An
   * update of an order the engine did not send is tracked (its leaves open exposure on that side)
   * only when its side is given. Starts 0; every caller of `applyOrderUpdateArgs` that knows the
   * side writes it for every update (the block keeps the last value written).
   */
  ORDER_SIDE: 18,
  /** Order updates: 1 when the venue reports the order reduce-only, 0 otherwise (or not given). */
  ORDER_REDUCE_ONLY: 19,
  /**
   * Snapshots: 1 when the snapshot is known to show the venue's state at a moment after the
   * instrument's feed last came up (`SnapshotEvent.current`), 0 when that is not known; any other
   * value is an invalid snapshot. Read only for unsequenced instruments, where it lets a snapshot
   * at the venue time of the last accepted one end a known loss. Every caller of
   * `applySnapshotArgs` writes it for every snapshot (the block keeps the last value written).
   */
  SNAP_CURRENT: 20,
} as const;

export const ARG_SLOTS = 24;
