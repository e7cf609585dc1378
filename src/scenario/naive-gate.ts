import type { ResolvedConfig } from '../config/engine-config.js';
import type { Gate } from './gate.js';
import type { MarketEvent, RequestStep } from './scenario-types.js';

/**
 * The check every OMS starts with, kept only to be compared against:
 * `abs(snapshot position + qty) <= limit && no live orders` — position taken only from
 * snapshots, an order live until an update says it is filled, cancelled or rejected.
 * Deny reasons reuse riskgate's codes: `POSITION_LIMIT`, `MAX_OPEN_ORDERS` (a live order exists).
 */
export class NaiveGate implements Gate {
  readonly name = 'naive';
  private readonly position = new Map<string, number>();
  private readonly limits: Map<string, { maxLong: number; maxShort: number }>;
  /** orderId → symbol of orders the naive check believes live. */
  private readonly live = new Map<string, string>();

  constructor(config: ResolvedConfig) {
    this.limits = new Map(config.instruments.map((i) => [i.symbol, { maxLong: i.maxLong, maxShort: i.maxShort }]));
  }

  setTime(): void {}

  apply(ev: MarketEvent): void {
    if (ev.type === 'snapshot') this.position.set(ev.symbol, ev.position);
    else if (ev.type === 'orderUpdate' && (ev.status === 'filled' || ev.status === 'canceled' || ev.status === 'rejected')) {
      this.live.delete(ev.orderId);
    }
  }

  request(req: RequestStep): { decision: 'approve' | 'deny'; reason?: string } {
    if (req.type === 'kill') return { decision: 'approve' };
    if (req.type === 'cancel') return this.live.has(req.orderId) ? { decision: 'approve' } : { decision: 'deny', reason: 'UNKNOWN_ORDER' };
    const limit = this.limits.get(req.symbol);
    if (limit === undefined) return { decision: 'deny', reason: 'UNKNOWN_INSTRUMENT' };
    const after = (this.position.get(req.symbol) ?? 0) + (req.side === 'buy' ? req.qty : -req.qty);
    if (Math.abs(after) > (after >= 0 ? limit.maxLong : limit.maxShort)) return { decision: 'deny', reason: 'POSITION_LIMIT' };
    for (const sym of this.live.values()) if (sym === req.symbol) return { decision: 'deny', reason: 'MAX_OPEN_ORDERS' };
    this.live.set(req.orderId, req.symbol);
    return { decision: 'approve' };
  }

  takeCancelAll(): string[] {
    return [];
  }
}
