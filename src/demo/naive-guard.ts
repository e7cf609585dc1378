/**
 * The check every OMS starts with (docs/model.md "Why the naive check fails"):
 * `abs(position + qty) < limit && no live orders`, the position taken from the account's own
 * private stream's position updates, an order live from the moment it is sent until an order
 * update (private stream or order entry) says it is filled, cancelled or rejected.
 * Deny reasons reuse riskgate's names: `POSITION_LIMIT`, `MAX_OPEN_ORDERS` (a live order exists).
 */
import type { FeedEvent, OrderUpdateEvent, VenueEvent } from '../scenario/scenario-types.js';
import type { OrderGuard } from './order-guard.js';

export class NaiveGuard implements OrderGuard {
  readonly kind = 'naive';
  readonly #limit: number;
  readonly #position = new Map<string, number>();
  readonly #live = new Set<string>();

  /** `limit` in lots, both sides. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Its own private stream: positions from position updates, live orders from order updates. */
  onFeedEvent(ev: VenueEvent | FeedEvent): void {
    if (ev.type === 'snapshot') this.#position.set(ev.symbol, ev.position);
    else if (ev.type === 'orderUpdate') this.onOrderReport(ev);
  }

  onOrderReport(report: OrderUpdateEvent): void {
    if (report.status === 'filled' || report.status === 'canceled' || report.status === 'rejected') this.#live.delete(report.orderId);
  }

  checkOrder(clientId: string, symbol: string, side: 'buy' | 'sell', qty: number): string {
    const after = (this.#position.get(symbol) ?? 0) + (side === 'buy' ? qty : -qty);
    if (!(Math.abs(after) < this.#limit)) return 'POSITION_LIMIT';
    if (this.#live.size > 0) return 'MAX_OPEN_ORDERS';
    this.#live.add(clientId);
    return 'APPROVED';
  }

  /** The position this check believes (lots). */
  position(symbol: string): number {
    return this.#position.get(symbol) ?? 0;
  }
}
