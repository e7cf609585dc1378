/**
 * Stable denial codes: the single source of truth.
 *
 * The numeric value of a code is part of the public contract (it crosses threads in ring slots,
 * is written to journals and is read by clients in other languages). **Never renumber, never
 * reuse a retired number; add new codes at the end.**
 *
 * `APPROVED` (0) is not a denial: every check returns a code and 0 means "passed".
 */
export const DenyReason = {
  APPROVED: 0,
  UNKNOWN_INSTRUMENT: 1,
  UNKNOWN_ORDER: 2,
  INVALID_ORDER: 3,
  MAX_ORDER_QTY: 4,
  MAX_ORDER_NOTIONAL: 5,
  PRICE_BAND: 6,
  DUPLICATE_ORDER: 7,
  KILL_SWITCH: 8,
  FLIP_FLOP: 9,
  REDUCE_ONLY: 10,
  UNCONFIRMED_FILLS: 11,
  SEQUENCE_GAP: 12,
  FEED_STALE: 13,
  POSITION_MISMATCH: 14,
  POSITION_LIMIT: 15,
  MAX_OPEN_ORDERS: 16,
  RATE_LIMIT: 17,
  DUPLICATE_ORDER_ID: 18,
  /**
   * Beyond this host's leased slice of a firm-wide limit (`applyLease`), or the lease lapsed
   * (none yet, or not renewed in time: only risk-reducing orders pass).
   */
  LEASE_LIMIT: 19,
  /**
   * The journal cannot write (a full disk, an I/O error) and its `onFailure` policy is `halt`:
   * an order the audit trail cannot record is not approved. Cancels still pass.
   */
  JOURNAL_DOWN: 20,
  /**
   * A hedge-mode instrument (long and short legs held at once): the order fits its leg's limit,
   * but the net of both legs at their worst, with this order and every open order on its side
   * filled, would pass the instrument's maxLong / maxShort.
   */
  NET_POSITION_LIMIT: 21,
  /**
   * The order's strategy (the ORDER slot's strategy index, a `strategies` entry of the config)
   * would pass its own maxLong / maxShort on the instrument: its position (the fills of the
   * orders it sent) with every open order of it on the order's side filled, and this order.
   */
  STRATEGY_POSITION_LIMIT: 22,
  /**
   * The open notional of the strategy's live and in-flight orders on the instrument (price x
   * leaves x lotSize, as MAX_ORDER_NOTIONAL counts), with this order, would pass its
   * maxOpenNotional.
   */
  STRATEGY_NOTIONAL_LIMIT: 23,
  /**
   * The instrument's order-to-trade guard: at least `minOrders` messages (approved orders and
   * cancels) in the window and more than `maxRatio` per fill of the engine's orders in it. Only
   * risk-increasing orders are denied; it lifts as the window slides.
   */
  ORDER_TO_TRADE: 24,
  /**
   * The account's gross notional at the mark, Σ |worst-case position| × lotSize × price over its
   * instruments, would pass `accounts[].maxGrossNotional` with this order (docs/model.md "Accounts").
   */
  ACCOUNT_GROSS_NOTIONAL: 25,
  /** The account's net notional, |Σ signed worst-case position × lotSize × price|, would pass `maxNetNotional`. */
  ACCOUNT_NET_NOTIONAL: 26,
  /**
   * The instrument's or its account's PnL fell below its `lossLimit.maxLoss`: only risk-reducing
   * orders pass (`onBreach` reduce) or none (halt) until a kill-switch resume.
   */
  LOSS_LIMIT: 27,
  /** The PnL fell from its peak within `lossLimit.drawdownWindowMs` by more than `maxDrawdown` (as LOSS_LIMIT; ends as the window slides). */
  DRAWDOWN_LIMIT: 28,
} as const;

export type DenyReasonName = keyof typeof DenyReason;
export type DenyReasonCode = (typeof DenyReason)[DenyReasonName];

/** Code → name, built once at module load (index = code). Off the hot path. */
const NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(DenyReason)) names[code] = name;
  return Object.freeze(names);
})();

/** The stable name of a code, e.g. `POSITION_LIMIT`; `UNKNOWN_CODE_<n>` for a number never assigned. */
export function denyReasonName(code: number): string {
  return NAMES[code] ?? `UNKNOWN_CODE_${code}`;
}

/** The code for a stable name, or -1. */
export function denyReasonCode(name: string): number {
  const code = (DenyReason as Record<string, number>)[name];
  return code === undefined ? -1 : code;
}
