/**
 * An aggressive IOC taker on one sub-account: on every quote it takes the shared `Signal` and
 * crosses the spread with an IOC order, if its guard lets the order out. Two instances, one per
 * guard, trade the same market from the same signals; what they record is what the summary and
 * the report show (orders, denials over time, entry rejects). Positions are never read from
 * here: the summary takes them from the simulator's truth.
 */
import type { Quote } from '../sim/index.js';
import type { OrderStatus, OrderUpdateEvent } from '../scenario/scenario-types.js';
import { formatDecimal, parseDecimal, toLots, type Decimal } from '../units/decimal-lots.js';
import type { EntryClient, EntryReplyMessage } from './entry-client.js';
import type { OrderGuard } from './order-guard.js';
import { clientIdOf } from '../venue-bridge/order-handle.js';
import type { Signal } from './taker-signal.js';

export interface TakerStats {
  decisions: number;
  /** Orders approved by the guard and written to order entry. */
  sent: number;
  denied: Record<string, number>;
  /** Order-entry rejects by code (RATE_LIMITED, OVERLOADED, ...). */
  entryRejects: Record<string, number>;
  acks: number;
}

/** One denial, at simulated ms. */
export interface DenialPoint {
  readonly at: number;
  readonly reason: string;
}

const STATUSES: ReadonlySet<string> = new Set(['new', 'partiallyFilled', 'filled', 'canceled', 'rejected']);

/**
 * What the strategy wants on each signal, and what it learns of its own executions. The default
 * follows the signal; `runaway-intent.ts` is a strategy with a broken view of its position.
 */
export interface TakerIntent {
  /** The order for this signal (lots), or undefined for none. */
  order(signal: Signal): { readonly side: 'buy' | 'sell'; readonly qty: number } | undefined;
  /** Order entry reported `lots` more executed on one of its orders (from an ack's or a cancel's cumulative quantity). */
  onExecuted(side: 'buy' | 'sell', lots: number): void;
}

/** The aggressive taker: every signal, as it is. */
export const FOLLOW_SIGNAL: TakerIntent = Object.freeze({
  order: (s: Signal) => ({ side: s.side, qty: s.qty }),
  onExecuted: () => {},
});

export class TakerStrategy {
  readonly stats: TakerStats = { decisions: 0, sent: 0, denied: {}, entryRejects: {}, acks: 0 };
  readonly denials: DenialPoint[] = [];
  readonly guard: OrderGuard;
  readonly #lot: Decimal;
  readonly #tick: number;
  readonly #crossTicks: number;
  readonly #tickDecimals: number;
  readonly #symbolOf = new Map<string, string>();
  /** Per live order: its side and the lots order entry has reported executed so far. */
  readonly #sideOf = new Map<string, { readonly side: 'buy' | 'sell'; cum: number }>();
  readonly #intent: TakerIntent;
  #entry: EntryClient | undefined;
  #n = 0;
  #stopped = false;

  constructor(guard: OrderGuard, lotSize: string, tickSize: string, crossTicks: number, intent: TakerIntent = FOLLOW_SIGNAL) {
    this.guard = guard;
    this.#intent = intent;
    this.#lot = parseDecimal(lotSize)!;
    this.#tick = Number(tickSize);
    this.#crossTicks = crossTicks;
    this.#tickDecimals = decimals(tickSize);
  }

  connect(entry: EntryClient): void {
    this.#entry = entry;
  }

  stop(): void {
    this.#stopped = true;
  }

  /** One quote, one signal: maybe one order. `now` is simulated ms (for the denial timeline). */
  onSignal(signal: Signal, quote: Quote, now: number): void {
    if (this.#stopped || this.#entry === undefined) return;
    const want = this.#intent.order(signal);
    if (want === undefined || want.qty <= 0) return;
    const touch = Number(want.side === 'buy' ? quote.ask : quote.bid);
    if (!(touch > 0)) return; // an empty side of the book: nothing to take
    const price = want.side === 'buy' ? touch + this.#crossTicks * this.#tick : touch - this.#crossTicks * this.#tick;
    const priceText = price.toFixed(this.#tickDecimals);
    const clientId = clientIdOf(++this.#n);
    this.stats.decisions++;
    const verdict = this.guard.checkOrder(clientId, quote.symbol, want.side, want.qty, Number(priceText));
    if (verdict !== 'APPROVED') {
      this.stats.denied[verdict] = (this.stats.denied[verdict] ?? 0) + 1;
      this.denials.push({ at: now, reason: verdict });
      return;
    }
    this.#symbolOf.set(clientId, quote.symbol);
    this.#sideOf.set(clientId, { side: want.side, cum: 0 });
    const qtyText = lotsText(want.qty, this.#lot);
    if (this.#entry.order(clientId, quote.symbol, want.side, qtyText, priceText)) this.stats.sent++;
    else this.#report(clientId, 'rejected', 0, 0); // never left: free what the guard reserved
  }

  /** A reply from order entry: the venue's word on one of our orders. */
  onReply(m: EntryReplyMessage): void {
    const id = m.clientId;
    if (id === undefined || id === '') return;
    if (m.op === 'ack' && typeof m.status === 'string' && STATUSES.has(m.status)) {
      this.stats.acks++;
      this.#report(id, m.status as OrderStatus, this.#lots(m.cumQty), this.#lots(m.leavesQty));
    } else if (m.op === 'reject' && m.request === 'order') {
      const code = m.code ?? 'UNKNOWN';
      this.stats.entryRejects[code] = (this.stats.entryRejects[code] ?? 0) + 1;
      this.#report(id, 'rejected', 0, 0);
    } else if (m.op === 'canceled') {
      this.#report(id, 'canceled', this.#lots(m.cumQty), 0);
    }
  }

  #report(orderId: string, status: OrderStatus, cumQty: number, leavesQty: number): void {
    const symbol = this.#symbolOf.get(orderId);
    if (symbol === undefined) return;
    const o = this.#sideOf.get(orderId);
    if (o !== undefined && cumQty > o.cum) {
      this.#intent.onExecuted(o.side, cumQty - o.cum);
      o.cum = cumQty;
    }
    if (status === 'filled' || status === 'canceled' || status === 'rejected') {
      this.#symbolOf.delete(orderId);
      this.#sideOf.delete(orderId);
    }
    const report: OrderUpdateEvent = { type: 'orderUpdate', symbol, orderId, status, cumQty, leavesQty };
    this.guard.onOrderReport(report);
  }

  #lots(text: string | undefined): number {
    if (text === undefined || text === '') return 0;
    const r = toLots(text, this.#lot);
    return r.ok ? r.lots : 0;
  }
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function lotsText(lots: number, lot: Decimal): string {
  return formatDecimal({ units: BigInt(lots) * lot.units, scale: lot.scale });
}
