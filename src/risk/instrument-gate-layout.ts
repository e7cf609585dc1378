/**
 * Layout of the per-instrument gate record (instrument-gate.ts): what `checkOrder` needs to know
 * about an instrument, in one place: its trading state, health and position interval, kept
 * current by the events that change them, and the instrument's configured limits, written once.
 * A check reads one record from one typed array (one bounds check per field, no other array
 * header to load) instead of some twenty typed arrays, and calls none of the ledger's methods.
 *
 * Not shared memory: one `Float64Array` owned by the risk thread, `GATE_STRIDE` doubles per
 * instrument at `inst * GATE_STRIDE`: two 64-byte lines, the event-driven state first, then
 * the limits (typed arrays' data is at least 8-byte aligned, so a record may
 * straddle one more line when the array is not 64-byte aligned).
 *
 * ```
 *  double  name                    meaning                                          read by the check
 *  ------  ----------------------  -----------------------------------------------  ------------------
 *     0    EST_LO                  lower end of the position interval               sell worst case
 *     1    EST_HI                  upper end (±Infinity before any snapshot)        buy worst case
 *     2    HALT                    0, KILL_SWITCH (the instrument's kill switch     trading state
 *                                  halts it) or FLIP_FLOP (the guard tripped)
 *     3    REDUCE                  1 while the instrument's kill switch is REDUCE   trading state
 *     4    KNOWN_LOSS              1 while events may be missing (`knownLoss`)       reducing test
 *     5    HEALTH                  the health gate's code without its clock-         health gate
 *                                  dependent parts: FEED_STALE (feed down, awaiting
 *                                  a snapshot, none yet), SEQUENCE_GAP,
 *                                  POSITION_MISMATCH, UNCONFIRMED_FILLS, or 0
 *     6    OLDEST_UNCONFIRMED_AT   engine ms the oldest unconfirmed fill arrived,   health gate (stale)
 *                                  +Infinity when none
 *  -- limits (configuration; written at construction, never changed) --
 *     7    MAX_OPEN                open orders allowed (Infinity: off)              throttle
 *     8    MAX_ORDER_QTY           lots (Infinity: off)                             per-order
 *     9    LOT_SIZE                quote units per lot and price unit               notional
 *    10    NOTIONAL_CAP            maxOrderNotional * (1 + 1e-12), the tolerance    notional
 *                                  applied (Infinity: off)
 *    11    BAND_BPS                price band around the mark (0: off)              price band
 *    12    HEARTBEAT_MS            heartbeat deadline (0: off)                      health gate (clock)
 *    13    STALE_MS                unconfirmed fills' deadline (0: off)             health gate (clock)
 *    14    MAX_LONG                position limit, long side                        position limit
 *    15    MAX_SHORT               position limit, short side                       position limit
 * ```
 *
 * The clock-dependent parts stay live in the check (they change with time, not with events):
 * the heartbeat deadline (`lastMessageAt`), the unconfirmed fills' deadline (against
 * `OLDEST_UNCONFIRMED_AT`), the lease's expiry. The global kill mode and the journal's state are
 * engine fields, read directly; the open exposure, the lease and the throttles' state stay in the
 * engine's own arrays (they change with every order).
 */

/** Doubles per record: 128 bytes, two cache lines. */
export const GATE_STRIDE = 16;

/** Each field's index within a record (add `inst * GATE_STRIDE`). */
export const GateField = {
  EST_LO: 0,
  EST_HI: 1,
  HALT: 2,
  REDUCE: 3,
  KNOWN_LOSS: 4,
  HEALTH: 5,
  OLDEST_UNCONFIRMED_AT: 6,
  MAX_OPEN: 7,
  MAX_ORDER_QTY: 8,
  LOT_SIZE: 9,
  NOTIONAL_CAP: 10,
  BAND_BPS: 11,
  HEARTBEAT_MS: 12,
  STALE_MS: 13,
  MAX_LONG: 14,
  MAX_SHORT: 15,
} as const;

/** Doubles of the event-driven part (`refresh` writes them); the limits follow. */
export const GATE_FIELDS = GateField.OLDEST_UNCONFIRMED_AT + 1;
