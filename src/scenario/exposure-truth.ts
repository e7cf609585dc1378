import type { ResolvedConfig } from '../config/engine-config.js';
import type { MarketEvent, OrderRequest, OrderUpdateEvent } from './scenario-types.js';

interface TrueOrder {
  readonly symbol: string;
  readonly side: 1 | -1;
  readonly qty: number;
  /** Lots seen in fills. */
  filled: number;
  /** Highest cumQty the venue reported: also the venue's word on what executed. */
  cum: number;
  done: boolean;
}

export interface BreachSummary {
  /** Approvals after which the true worst case (true position + true open orders, all filled) exceeded a limit. */
  readonly exposureBreaches: number;
  /** Fills after which the true position itself exceeded a limit. */
  readonly positionBreaches: number;
  /** Largest amount (lots) by which either went beyond its limit; 0 when never. */
  readonly worstExcess: number;
}

/**
 * The exchange's truth as a scenario states it, to judge a gate's decisions: the true position
 * is the first snapshot plus every distinct fill in the file, where an approved order counts
 * `max(lots in its fills, cumQty its updates reported)` (both are the venue's own statements,
 * whichever arrives first); the true open exposure is every
 * order the gate approved that is not yet filled, cancelled or rejected, and the leaves of every
 * order the gate did not approve that the venue reported on the book with its side. A scenario cannot
 * know of fills it does not contain, so a "breach" is measured at approval time: the order
 * would take the true worst case beyond the limit if it (and every other open order) filled.
 */
export class ExposureTruth {
  private readonly pos = new Map<string, number>();
  private readonly seenSnapshot = new Set<string>();
  private readonly execIds = new Set<string>();
  private readonly orders = new Map<string, TrueOrder>();
  /** Orders the gate did not approve that rest on the book (their latest leaves). */
  private readonly outside = new Map<string, { readonly symbol: string; readonly side: 1 | -1; readonly leaves: number }>();
  private readonly limits: Map<string, { maxLong: number; maxShort: number }>;
  private exposureBreaches = 0;
  private positionBreaches = 0;
  private worstExcess = 0;

  constructor(config: ResolvedConfig) {
    this.limits = new Map(config.instruments.map((i) => [i.symbol, { maxLong: i.maxLong, maxShort: i.maxShort }]));
  }

  onEvent(ev: MarketEvent): void {
    if (ev.type === 'snapshot') {
      if (!this.seenSnapshot.has(ev.symbol) && !this.pos.has(ev.symbol)) this.pos.set(ev.symbol, ev.position);
      this.seenSnapshot.add(ev.symbol);
    } else if (ev.type === 'fill') {
      if (this.execIds.has(ev.execId)) return;
      this.execIds.add(ev.execId);
      const o = ev.orderId === undefined ? undefined : this.orders.get(ev.orderId);
      if (o === undefined) this.move(ev.symbol, ev.side === 'buy' ? ev.qty : -ev.qty);
      else {
        const before = Math.max(o.filled, o.cum);
        o.filled += ev.qty;
        this.move(ev.symbol, o.side * (Math.max(o.filled, o.cum) - before));
      }
    } else if (ev.type === 'orderUpdate') {
      const o = this.orders.get(ev.orderId);
      if (o === undefined) {
        this.outsideUpdate(ev);
        return;
      }
      const before = Math.max(o.filled, o.cum);
      o.cum = Math.max(o.cum, ev.cumQty);
      this.move(ev.symbol, o.side * (Math.max(o.filled, o.cum) - before));
      if (ev.status === 'filled' || ev.status === 'canceled' || ev.status === 'rejected') o.done = true;
    }
  }

  /** An order the gate did not approve, with its side: its leaves rest on the book until it ends (its fills count as they arrive). */
  private outsideUpdate(ev: OrderUpdateEvent): void {
    if (ev.side === undefined) return;
    const ended = ev.status === 'filled' || ev.status === 'canceled' || ev.status === 'rejected';
    if (ended) this.outside.delete(ev.orderId);
    else this.outside.set(ev.orderId, { symbol: ev.symbol, side: ev.side === 'buy' ? 1 : -1, leaves: ev.leavesQty });
  }

  private move(symbol: string, delta: number): void {
    if (delta === 0) return;
    const p = (this.pos.get(symbol) ?? 0) + delta;
    this.pos.set(symbol, p);
    const excess = this.excess(symbol, p);
    if (excess > 0) {
      this.positionBreaches++;
      this.worstExcess = Math.max(this.worstExcess, excess);
    }
  }

  onApproved(req: OrderRequest): void {
    const side = req.side === 'buy' ? 1 : -1;
    let open = 0;
    for (const o of this.orders.values()) {
      if (!o.done && o.symbol === req.symbol && o.side === side) open += Math.max(0, o.qty - Math.max(o.filled, o.cum));
    }
    for (const o of this.outside.values()) if (o.symbol === req.symbol && o.side === side) open += o.leaves;
    const worst = (this.pos.get(req.symbol) ?? 0) + side * (open + req.qty);
    const excess = this.excess(req.symbol, worst);
    if (excess > 0) {
      this.exposureBreaches++;
      this.worstExcess = Math.max(this.worstExcess, excess);
    }
    this.orders.set(req.orderId, { symbol: req.symbol, side, qty: req.qty, filled: 0, cum: 0, done: false });
  }

  private excess(symbol: string, p: number): number {
    const l = this.limits.get(symbol);
    if (l === undefined) return 0;
    return p > l.maxLong ? p - l.maxLong : p < -l.maxShort ? -l.maxShort - p : 0;
  }

  summary(): BreachSummary {
    return { exposureBreaches: this.exposureBreaches, positionBreaches: this.positionBreaches, worstExcess: this.worstExcess };
  }
}
