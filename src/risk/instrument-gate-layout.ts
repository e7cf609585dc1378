/**
 * Layout of the per-instrument gate record (instrument-gate.ts): what `checkOrder` needs to know
 * about an instrument's trading state, health and position interval, kept current by the events
 * that change it, so that a check reads one 64-byte line instead of some twenty typed arrays
 * (and calls none of the ledger's methods).
 *
 * Not shared memory: one `Float64Array` owned by the risk thread, `GATE_STRIDE` doubles per
 * instrument at `inst * GATE_STRIDE`, so every record sits on a cache line of its own (typed
 * arrays' data is at least 8-byte aligned; the stride keeps the records from straddling more
 * than two lines when it is not 64-byte aligned).
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
 *     7    (zero)                  padding to a full line
 * ```
 *
 * The clock-dependent parts stay live in the check (they change with time, not with events):
 * the heartbeat deadline (`lastMessageAt`), the unconfirmed fills' deadline (against
 * `OLDEST_UNCONFIRMED_AT`), the lease's expiry. The global kill mode and the journal's state are
 * engine fields, read directly.
 */

/** Doubles per record: 64 bytes, one cache line. */
export const GATE_STRIDE = 8;

/** Each field's index within a record (add `inst * GATE_STRIDE`). */
export const GateField = {
  EST_LO: 0,
  EST_HI: 1,
  HALT: 2,
  REDUCE: 3,
  KNOWN_LOSS: 4,
  HEALTH: 5,
  OLDEST_UNCONFIRMED_AT: 6,
} as const;

/** Doubles in use; the rest of the stride stays zero. */
export const GATE_FIELDS = GateField.OLDEST_UNCONFIRMED_AT + 1;
