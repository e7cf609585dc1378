/**
 * BitMEX `ordStatus` (FIX OrdStatus names) → engine `OrderStatus`.
 *
 * | BitMEX            | engine            | why |
 * | ---               | ---               | --- |
 * | `New`             | `new`             | accepted, nothing filled |
 * | `PartiallyFilled` | `partiallyFilled` | live with `cumQty > 0` |
 * | `Filled`          | `filled`          | terminal |
 * | `Canceled`        | `canceled`        | terminal (user, IOC remainder, cancel-all, liquidation of the account) |
 * | `Rejected`        | `rejected`        | terminal, `ordRejReason` says why |
 * | `Expired`         | `canceled`        | terminal; FIX status BitMEX may use for time-limited orders |
 * | `PendingNew`      | `new`, or `partiallyFilled` when `cumQty > 0` | received, not yet acknowledged: it may still rest and fill, so it counts as open with its leaves (conservative) |
 * | `PendingReplace`  | `new`, or `partiallyFilled` when `cumQty > 0` | an amend is in flight: until it is confirmed the order is live on its current terms and can fill |
 * | `PendingCancel`   | `new`, or `partiallyFilled` when `cumQty > 0` | a cancel is in flight, not confirmed: the order can still fill (a cancel may be rejected), so it keeps counting as open until `Canceled` arrives |
 *
 * The three pending states come from BitMEX's matching-engine upgrade, which "can process more
 * than one order at a time" and so may send them on the REST and WebSocket order updates
 * (https://blog.bitmex.com/upgrade-margining-system-and-api/, "API Changes": "PendingNew,
 * PendingReplace, PendingCancel ... not normally exposed ... might be sent out in some
 * scenarios", e.g. a second cancel while the first is unconfirmed: `PendingCancel` with
 * execType `CancelReject`). None of them is terminal.
 *
 * Anything else is a malformed row (the engine must never guess whether an order is open).
 * Terminal statuses report `leavesQty` 0.
 */
import type { OrderStatus } from '../../events/market-events.js';

const STATUS: ReadonlyMap<string, OrderStatus> = new Map<string, OrderStatus>([
  ['New', 'new'],
  ['PartiallyFilled', 'partiallyFilled'],
  ['Filled', 'filled'],
  ['Canceled', 'canceled'],
  ['Rejected', 'rejected'],
  ['Expired', 'canceled'],
  ['PendingNew', 'new'],
  ['PendingReplace', 'new'],
  ['PendingCancel', 'new'],
]);

const PENDING: ReadonlySet<string> = new Set(['PendingNew', 'PendingReplace', 'PendingCancel']);

export function bitmexStatus(ordStatus: string): OrderStatus | undefined {
  return STATUS.get(ordStatus);
}

/** A pending state (see the table): reported `partiallyFilled` once `cumQty > 0`. */
export function isPendingStatus(ordStatus: string): boolean {
  return PENDING.has(ordStatus);
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'canceled' || status === 'rejected';
}
