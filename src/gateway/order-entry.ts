/**
 * Order entry to a venue, as riskgate's gateway sends it: one approved order (or a cancel) per
 * call, signed with the account's credentials, carrying the client order id the engine knows
 * (so the venue's private stream reports it under that id) and the venue's own reduce-only flag
 * when the request is `reduceOnly`.
 *
 * Every call ends in one `EntryOutcome`, never a throw: the venue took it (`accepted`), refused it
 * for good (`rejected`), or told us to come back later (`rate-limited`, `overloaded`: the order
 * never reached the book; `unknown`: no answer, the order may or may not be live). The gateway
 * turns the outcome into the event lane's order update (`outcomeUpdate`), so the gate frees the
 * headroom of an order the venue refused and keeps it for one that may be live.
 *
 * Every venue's entry shares the `RestClient` of its REST position hook when given the same
 * one: one token budget and one back-off for everything the account sends the venue's REST API.
 */
import type { OrderUpdateEvent } from '../scenario/scenario-types.js';
import type { VenueName } from '../feeds/venue-name.js';

export interface OrderEntryRequest {
  /** The client order id the engine decided on (the venue's client id field). */
  readonly clientId: string;
  /** Engine symbol (the venue symbol comes from the venue config's instruments). */
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Decimal strings in the venue's units. */
  readonly qty: string;
  readonly price: string;
  readonly tif: 'GTC' | 'IOC';
  /** Send with the venue's reduce-only flag (the venue caps the order at the position). */
  readonly reduceOnly?: boolean;
}

export type EntryOutcomeKind = 'accepted' | 'rejected' | 'rate-limited' | 'overloaded' | 'unknown';

export interface EntryOutcome {
  readonly kind: EntryOutcomeKind;
  readonly clientId: string;
  /** The venue's order id when it accepted. */
  readonly venueOrderId?: string;
  /** The venue's code or status and message, for logs (never credentials). */
  readonly reason: string;
}

export interface OrderEntry {
  readonly venue: VenueName;
  place(request: OrderEntryRequest): Promise<EntryOutcome>;
  cancel(clientId: string, symbol: string): Promise<EntryOutcome>;
  /**
   * Arms (or refreshes) the venue's dead-man switch: unless called again within `timeoutMs`, the
   * venue cancels the account's orders in `symbols` (engine names); 0 disarms. `clientId` of the
   * outcome is "". Kept refreshed by `DeadManSwitch`.
   */
  cancelAllAfter(timeoutMs: number, symbols: readonly string[]): Promise<EntryOutcome>;
  /** Closes the sockets the entry holds (its WebSocket order API, a dead-man switch's socket): pending calls end `unknown`. */
  close(): void;
}

/**
 * The event-lane order update of a placement's outcome: a refused order (rejected, rate limited,
 * overloaded: it never reached the book) is `rejected` with nothing filled, which frees its
 * headroom; an accepted one is `new` with its whole quantity left (fills arrive on the private
 * stream); `unknown` gives no update, so the gate keeps the headroom until the stream or a
 * snapshot says what happened.
 */
export function outcomeUpdate(outcome: EntryOutcome, symbol: string, qtyLots: number): OrderUpdateEvent | undefined {
  switch (outcome.kind) {
    case 'accepted': return { type: 'orderUpdate', symbol, orderId: outcome.clientId, status: 'new', cumQty: 0, leavesQty: qtyLots };
    case 'rejected':
    case 'rate-limited':
    case 'overloaded': return { type: 'orderUpdate', symbol, orderId: outcome.clientId, status: 'rejected', cumQty: 0, leavesQty: 0 };
    case 'unknown': return undefined;
  }
}
