/**
 * The check in front of a strategy's orders. The demo runs one strategy behind riskgate and an
 * identical one behind the naive check; this is all that differs between them.
 */
import type { OrderUpdateEvent } from '../scenario/scenario-types.js';

export interface OrderGuard {
  readonly kind: 'riskgate' | 'naive';
  /** `'APPROVED'`, or the stable name of the reason the order may not go out. */
  checkOrder(clientId: string, symbol: string, side: 'buy' | 'sell', qty: number, price: number): string;
  /** The venue's word on an order from order entry (ack, reject, canceled), as an order update. */
  onOrderReport(report: OrderUpdateEvent): void;
}
