/**
 * Byte layout of the state block: the risk thread's published view of its state, read by any
 * thread (the embedding, a control server) without calling into the risk thread. A seqlock:
 * one writer (the risk thread), any number of readers, readers retry on a torn read.
 *
 * ```
 *  offset            type         field                                    written by
 *  ----------------  -----------  ---------------------------------------  -----------
 *     0              i32          seq: odd while a publish is in progress  risk thread
 *     4..127         zero
 *   128              f64 x 16     GLOBALS (G_* below)                      risk thread
 *   256              f64 x 64     counters: RiskEngine.counters (Counter)  risk thread
 *   768              f64 x 16 x n per instrument i at 768 + 128 i (I_*)    risk thread
 *   768 + 128 n      f64 x 4 x s x n  per strategy k and instrument i at      risk thread
 *                                 768 + 128 n + 32 (k n + i) (S_*)
 *   768 + 128 n + 32 s n  end
 * ```
 *
 * Protocol: the writer stores `seq + 1` (odd), writes the payload with plain stores, stores
 * `seq + 2`. A reader loads `seq` (retry while odd), copies the payload, loads `seq` again and
 * retries when it changed: a copy taken between two equal even loads is one publish. The
 * payload's f64 reads may tear under a concurrent write; the second load detects it.
 */
export const STATE_SEQ_OFFSET = 0;
export const STATE_GLOBALS_OFFSET = 128;
export const STATE_GLOBALS = 16;
export const STATE_COUNTERS_OFFSET = STATE_GLOBALS_OFFSET + STATE_GLOBALS * 8;
export const STATE_COUNTERS = 64;
export const STATE_INSTRUMENTS_OFFSET = STATE_COUNTERS_OFFSET + STATE_COUNTERS * 8;
/** f64 fields per instrument. */
export const STATE_INSTRUMENT_STRIDE = 16;

/** Global fields, f64 index from STATE_GLOBALS_OFFSET. */
export const G_TIME = 0;
/** Event slots applied (fills, updates, snapshots, feed, heartbeat, mark). */
export const G_EVENTS = 1;
/** Requests answered (orders, cancels, kills). */
export const G_REQUESTS = 2;
/** Events lost to full feed and event-lane rings (sum of the producers' drop counters seen). */
export const G_LOST_EVENTS = 3;
/** Cancel-all requests emitted. */
export const G_CANCEL_ALLS = 4;
/** Cancel-all requests lost because the cancel-all ring and its overflow queue were full. */
export const G_CANCEL_ALLS_LOST = 5;
/** Global kill mode (KillMode). */
export const G_GLOBAL_KILL = 6;
/** Feed and event lanes currently held down (a loss, or a feed's dead worker). */
export const G_LANES_DOWN = 7;
/** Records handed to the journal ring (events applied, requests with their decision, cancel-alls). */
export const G_JOURNAL_RECORDS = 8;
/** Records lost because the journal ring was full (the journal has a hole after this is > 0). */
export const G_JOURNAL_LOST = 9;
// 10..15 spare.

/** Per-instrument fields, f64 index from the instrument's base. */
export const I_EST_POS_MIN = 0;
export const I_EST_POS_MAX = 1;
export const I_OPEN_BUY = 2;
export const I_OPEN_SELL = 3;
export const I_FEED_UP = 4;
export const I_AWAITING_SNAPSHOT = 5;
export const I_KILL_MODE = 6;
export const I_FLIP_HALTED = 7;
export const I_ACTIVE_ORDERS = 8;
/** `RiskEngine.healthCode`: 0 healthy, else the deny code for risk-increasing orders. */
export const I_HEALTH = 9;
/** 1 once a position snapshot was accepted (the two next fields are meaningful only then). */
export const I_HAS_SNAP = 10;
/** Position in the last accepted snapshot (`snapPos`). */
export const I_SNAP_POS = 11;
/** That snapshot's watermark (`snapSeq`; NaN on instruments without sequence numbers). */
export const I_SNAP_SEQ = 12;
/** Fills not yet confirmed by a snapshot: count and absolute lots. */
export const I_UNCONFIRMED_COUNT = 13;
export const I_UNCONFIRMED_QTY = 14;
/** Engine ms of the last message seen for the instrument. */
export const I_LAST_MESSAGE_AT = 15;

/** f64 fields per (strategy, instrument): the config's `strategies` by index, each over every instrument. */
export const STATE_STRATEGY_STRIDE = 4;
/** The strategy's position: signed executed lots of the orders it sent. */
export const S_POSITION = 0;
export const S_OPEN_BUY = 1;
export const S_OPEN_SELL = 2;
/** Price x leaves x lotSize of its live and in-flight orders (quote). */
export const S_OPEN_NOTIONAL = 3;

/** Bytes of a state block for `instruments` instruments and `strategies` strategies. */
export function stateBlockBytes(instruments: number, strategies = 0): number {
  return STATE_INSTRUMENTS_OFFSET + (instruments * STATE_INSTRUMENT_STRIDE + strategies * instruments * STATE_STRATEGY_STRIDE) * 8;
}

/** f64 values in the payload (globals + counters + instruments + strategies). */
export function statePayloadLength(instruments: number, strategies = 0): number {
  return STATE_GLOBALS + STATE_COUNTERS + instruments * STATE_INSTRUMENT_STRIDE + strategies * instruments * STATE_STRATEGY_STRIDE;
}
