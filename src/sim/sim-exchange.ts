/**
 * The simulated exchange, without sockets: instruments with their matching engines and synthetic
 * markets, accounts with their truth and private streams, order entry, and the simulated clock.
 *
 * Single-threaded and deterministic: nothing here reads wall time or `Math.random`. Inputs are
 * order-entry requests (processed at the current simulated time) and `advanceTo(ms)`; the output
 * (replies, private frames, truth) is a pure function of the options and that input sequence.
 * The server (`sim-server.ts`) supplies real sockets and, in real-time mode, moves the clock.
 */
import { AccountLedger } from './account-ledger.js';
import type { OrderEvent } from './account-stream.js';
import { AccountStream } from './account-stream.js';
import { BinanceFramer } from './binance-framer.js';
import { BitmexFramer, bitmexAccount } from './bitmex-framer.js';
import { BybitFramer } from './bybit-framer.js';
import { DeribitFramer } from './deribit-framer.js';
import type { CancelRequest, NewOrderRequest, RejectCode } from './entry-protocol.js';
import { EventQueue } from './event-queue.js';
import type { AccountOptions, ExchangeOptions, ResolvedOptions } from './exchange-options.js';
import { resolveOptions } from './exchange-options.js';
import { Instrument } from './instrument.js';
import { MatchingEngine } from './matching-engine.js';
import { OkxFramer, okxUid } from './okx-framer.js';
import { OrderBook } from './order-book.js';
import type { ExecReport, OrderState, PositionReport } from './private-report.js';
import { Prng } from './prng.js';
import { RestFaults } from './rest-faults.js';
import { SimClock } from './sim-clock.js';
import { SimError } from './sim-error.js';
import type { SimOrder, Trade } from './sim-order.js';
import { SYNTHETIC_ACCOUNT, leaves } from './sim-order.js';
import { SyntheticMarket } from './synthetic-market.js';
import type { AccountTruth } from './truth.js';
import type { VenueFramer } from './venue-framer.js';

/** Writes one order-entry reply to the requesting connection (dropped if it has gone). */
export type EntryReply = (message: Readonly<Record<string, unknown>>) => void;

export interface Quote {
  readonly op: 'quote';
  readonly symbol: string;
  readonly bid: string;
  readonly bidQty: string;
  readonly ask: string;
  readonly askQty: string;
  readonly mid: string;
  readonly t: number;
}

export class SimExchange {
  readonly options: ResolvedOptions;
  readonly clock = new SimClock();
  readonly queue = new EventQueue(this.clock);
  readonly instruments = new Map<string, Instrument>();
  readonly #engines = new Map<string, MatchingEngine>();
  readonly #markets = new Map<string, SyntheticMarket>();
  readonly #ledgers = new Map<string, AccountLedger>();
  readonly #streams = new Map<string, AccountStream>();
  readonly #restFaults = new Map<string, RestFaults>();
  readonly #byKey = new Map<string, AccountOptions>();
  readonly #ids: Prng;
  readonly #quoteListeners = new Set<(q: Quote) => void>();
  readonly #arrivalListeners = new Set<(account: string, clientId: string) => void>();
  #numericId = 8_000_000_000;

  /** Throws `ERR_SIM_CONFIG` listing every problem with `options`. */
  constructor(options: ExchangeOptions) {
    this.options = resolveOptions(options);
    const root = new Prng(this.options.seed);
    this.#ids = root.fork('ids');
    for (const o of this.options.instruments) {
      const inst = new Instrument(o);
      this.instruments.set(inst.symbol, inst);
      const engine = new MatchingEngine(inst.symbol, new OrderBook(), this.clock);
      this.#engines.set(inst.symbol, engine);
      this.#markets.set(inst.symbol, new SyntheticMarket(inst, root.fork(`market:${inst.symbol}`), {
        place: (order) => this.#match(order),
        cancel: (order) => engine.cancel(order),
        now: () => this.clock.nowMs(),
      }));
    }
    const instruments = [...this.instruments.values()];
    this.options.accounts.forEach((a, index) => {
      const ledger = new AccountLedger(a.name, instruments);
      this.#ledgers.set(a.name, ledger);
      const framer = this.#framer(a.name, index, root);
      this.#streams.set(a.name, new AccountStream(a.name, framer, this.options.profile, root.fork('faults'), this.queue, this.clock, ledger));
      this.#restFaults.set(a.name, new RestFaults(this.options.profile, root.fork('faults'), ledger, this.clock));
      this.#byKey.set(a.apiKey, a);
    });
    this.#stepMarkets();
  }

  /** The private-stream framer of the account at `index` in the options. */
  #framer(account: string, index: number, root: Prng): VenueFramer {
    switch (this.options.venue) {
      case 'bybit': return new BybitFramer(this.instruments, root.fork(`frames:${account}`));
      case 'binance-usdm': return new BinanceFramer(this.instruments);
      case 'okx': return new OkxFramer(this.instruments, okxUid(index));
      case 'deribit': return new DeribitFramer(this.instruments);
      case 'bitmex': return new BitmexFramer(this.instruments, bitmexAccount(index));
    }
  }

  /** The account's live orders (their state now), in acceptance order: a venue's order image on subscription. */
  liveOrders(account: string): OrderState[] {
    return this.#ledger(account).liveOrders().map(state);
  }

  /** The account an API key belongs to. */
  accountByKey(apiKey: string): AccountOptions | undefined {
    return this.#byKey.get(apiKey);
  }

  stream(account: string): AccountStream {
    const s = this.#streams.get(account);
    if (s === undefined) throw new SimError('ERR_SIM_UNKNOWN_ACCOUNT', `no account named ${JSON.stringify(account)}`);
    return s;
  }

  /** The REST faults of an account (drawn by the REST sessions). */
  restFaults(account: string): RestFaults {
    const r = this.#restFaults.get(account);
    if (r === undefined) throw new SimError('ERR_SIM_UNKNOWN_ACCOUNT', `no account named ${JSON.stringify(account)}`);
    return r;
  }

  /** An account's position in `symbol` as of simulated time `atMs` (`AccountLedger.positionAt`). */
  positionAt(account: string, symbol: string, atMs: number): PositionReport {
    const ledger = this.#ledgers.get(account);
    if (ledger === undefined) throw new SimError('ERR_SIM_UNKNOWN_ACCOUNT', `no account named ${JSON.stringify(account)}`);
    return ledger.positionAt(symbol, atMs);
  }

  /** Runs everything due up to simulated time `ms` (market ticks, delayed frames, faults). */
  advanceTo(ms: number): void {
    this.queue.runUntil(ms);
  }

  /** The simulator's truth for one account (a copy). Throws `ERR_SIM_UNKNOWN_ACCOUNT`. */
  truth(account: string): AccountTruth {
    const ledger = this.#ledgers.get(account);
    if (ledger === undefined) throw new SimError('ERR_SIM_UNKNOWN_ACCOUNT', `no account named ${JSON.stringify(account)}`);
    return ledger.snapshot(this.clock.nowMs(), this.instruments, (s) => this.#markets.get(s)!.midTicks);
  }

  /** Called with a top-of-book quote per symbol after every market tick; returns the unsubscribe. */
  onQuote(listener: (q: Quote) => void): () => void {
    this.#quoteListeners.add(listener);
    return () => this.#quoteListeners.delete(listener);
  }

  /**
   * Called with every new-order request as it reaches the venue (before any check or fault: from
   * here on the truth accounts for it, live, filled or rejected); returns the unsubscribe. What
   * an oracle needs to know which approved orders are still on the way (`oracle-gate.ts`).
   */
  onArrival(listener: (account: string, clientId: string) => void): () => void {
    this.#arrivalListeners.add(listener);
    return () => this.#arrivalListeners.delete(listener);
  }

  /** An account's true position in `symbol` now (lots, signed). */
  positionOf(account: string, symbol: string): number {
    return this.#ledger(account).position(symbol);
  }

  /** Leaves of an account's live orders in `symbol` on one side (lots). */
  openLots(account: string, symbol: string, side: 'buy' | 'sell'): number {
    return this.#ledger(account).openLots(symbol, side);
  }

  #ledger(account: string): AccountLedger {
    const ledger = this.#ledgers.get(account);
    if (ledger === undefined) throw new SimError('ERR_SIM_UNKNOWN_ACCOUNT', `no account named ${JSON.stringify(account)}`);
    return ledger;
  }

  /** A new order from `account`; replies (ack / reject) go to `reply` after the profile's latency. */
  submit(account: string, req: NewOrderRequest, reply: EntryReply): void {
    const stream = this.stream(account);
    for (const l of this.#arrivalListeners) l(account, req.clientId);
    const ledger = this.#ledgers.get(account)!;
    const L = this.options.profile.latencyMs;
    const now = this.clock.nowMs();
    const reject = (code: RejectCode, message: string, retryAfterMs?: number): void => {
      ledger.rejected(code);
      const body = { op: 'reject', clientId: req.clientId, request: 'order', code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), t: now };
      this.queue.after(L, () => reply(body));
    };
    const fault = stream.entryFault();
    if (fault !== undefined) {
      ledger.fault(now, fault.code === 'RATE_LIMITED' ? 'rateLimit' : 'overload', req.clientId, now + L);
      return reject(fault.code, fault.code === 'RATE_LIMITED' ? 'too many requests, come back later' : 'system overloaded, come back later', fault.retryAfterMs);
    }
    const inst = this.instruments.get(req.symbol);
    if (inst === undefined) return reject('UNKNOWN_SYMBOL', `symbol ${req.symbol} is not listed`);
    const qty = inst.parseQty(req.qty);
    if (qty === undefined) return reject('BAD_QUANTITY', `qty ${req.qty} is not a positive multiple of ${inst.qtyText(1)}`);
    const priceTicks = inst.parsePrice(req.price);
    if (priceTicks === undefined) return reject('BAD_PRICE', `price ${req.price} is not a positive multiple of ${inst.priceText(1)}`);
    if (ledger.liveOrder(req.clientId) !== undefined) return reject('DUPLICATE_CLIENT_ID', `clientId ${req.clientId} is live`);
    ledger.accepted();
    const order: SimOrder = {
      venueId: this.#ids.uuid(), numericId: ++this.#numericId, account, clientId: req.clientId, symbol: req.symbol,
      side: req.side, priceTicks, qty, tif: req.tif, cum: 0, cumTicksLots: 0, status: 'new', createdAt: now, updatedAt: now,
    };
    this.#match(order);
    const ack = {
      op: 'ack', clientId: order.clientId, orderId: order.venueId, symbol: order.symbol, status: order.status,
      cumQty: inst.qtyText(order.cum), leavesQty: inst.qtyText(leaves(order)),
      avgPrice: order.cum === 0 ? '' : String(Number(inst.priceText(1)) * (order.cumTicksLots / order.cum)), t: now,
    };
    this.queue.after(L + stream.ackDelay(order.clientId), () => reply(ack));
  }

  /** Cancels a live order of `account` by client id. */
  cancel(account: string, req: CancelRequest, reply: EntryReply): void {
    const stream = this.stream(account);
    const ledger = this.#ledgers.get(account)!;
    const L = this.options.profile.latencyMs;
    const now = this.clock.nowMs();
    const order = ledger.liveOrder(req.clientId);
    if (order === undefined || !this.#engines.get(order.symbol)!.cancel(order)) {
      ledger.rejected('UNKNOWN_ORDER');
      const body = { op: 'reject', clientId: req.clientId, request: 'cancel', code: 'UNKNOWN_ORDER', message: `no live order ${req.clientId}`, t: now };
      this.queue.after(L, () => reply(body));
      return;
    }
    ledger.track(order);
    stream.publish({ symbol: order.symbol, execs: [], final: state(order), end: 'CANCELED' });
    const inst = this.instruments.get(order.symbol)!;
    const body = { op: 'canceled', clientId: order.clientId, orderId: order.venueId, cumQty: inst.qtyText(order.cum), t: now };
    this.queue.after(L, () => reply(body));
  }

  /** Matches an order (user or synthetic) and reports what happened to every user account involved. */
  #match(order: SimOrder): void {
    const accepted = state(order);
    const result = this.#engines.get(order.symbol)!.submit(order);
    const events: { account: string; ev: OrderEvent }[] = [];
    if (order.account !== SYNTHETIC_ACCOUNT) {
      const execs = this.#takerExecs(order, result.trades);
      events.push({ account: order.account, ev: { symbol: order.symbol, accepted, execs, final: state(order), ...(result.expiredLots > 0 ? { end: 'EXPIRED' as const } : {}) } });
      this.#ledgers.get(order.account)!.track(order);
    }
    for (const t of result.trades) {
      if (t.maker.account === SYNTHETIC_ACCOUNT) continue;
      const exec = this.#exec(t.maker.account, t, t.maker, true, state(t.maker));
      events.push({ account: t.maker.account, ev: { symbol: order.symbol, execs: [exec], final: state(t.maker) } });
      this.#ledgers.get(t.maker.account)!.track(t.maker);
    }
    for (const { account, ev } of events) {
      const stream = this.#streams.get(account)!;
      const ledger = this.#ledgers.get(account)!;
      const position = ev.execs.length === 0 ? undefined : {
        symbol: ev.symbol, position: ledger.position(ev.symbol), seq: stream.lastSeq(ev.symbol), entryTicks: ledger.entryTicks(ev.symbol), at: this.clock.nowMs(),
      };
      stream.publish(position === undefined ? ev : { ...ev, position });
    }
  }

  /** The taker's executions, each carrying the order's state right after it. */
  #takerExecs(order: SimOrder, trades: readonly Trade[]): ExecReport[] {
    let cum = 0;
    let cumTicksLots = 0;
    return trades.map((t) => {
      cum += t.qty;
      cumTicksLots += t.qty * t.priceTicks;
      const after: OrderState = { ...state(order), cum, cumTicksLots, status: cum === order.qty ? 'filled' : 'partiallyFilled' };
      return this.#exec(order.account, t, order, false, after);
    });
  }

  #exec(account: string, t: Trade, order: SimOrder, isMaker: boolean, after: OrderState): ExecReport {
    const stream = this.#streams.get(account)!;
    const inst = this.instruments.get(t.symbol)!;
    const e: ExecReport = {
      execId: this.#ids.uuid(), seq: stream.nextSeq(t.symbol), tradeId: t.tradeId, symbol: t.symbol, side: order.side,
      qty: t.qty, priceTicks: t.priceTicks, isMaker, at: t.at, order: after,
    };
    this.#ledgers.get(account)!.execute({
      at: t.at, execId: e.execId, symbol: t.symbol, side: order.side, qty: t.qty, price: inst.priceText(t.priceTicks),
      clientId: order.clientId, venueOrderId: order.venueId, tradeId: t.tradeId, seq: e.seq, isMaker, lost: false, duplicated: false, delivered: 0,
    }, t.priceTicks);
    return e;
  }

  #stepMarkets(): void {
    const now = this.clock.nowMs();
    for (const m of this.#markets.values()) m.step();
    if (this.#quoteListeners.size > 0) {
      for (const [symbol, engine] of this.#engines) {
        const inst = this.instruments.get(symbol)!;
        const bid = engine.book.best('buy');
        const ask = engine.book.best('sell');
        const q: Quote = {
          op: 'quote', symbol, bid: bid === undefined ? '' : inst.priceText(bid), bidQty: inst.qtyText(engine.book.bestQty('buy')),
          ask: ask === undefined ? '' : inst.priceText(ask), askQty: inst.qtyText(engine.book.bestQty('sell')), mid: inst.priceText(this.#markets.get(symbol)!.midTicks), t: now,
        };
        for (const l of this.#quoteListeners) l(q);
      }
    }
    this.queue.after(this.options.marketStepMs, () => this.#stepMarkets());
  }
}

/** A copy of the order's current state. */
function state(o: SimOrder): OrderState {
  return {
    venueId: o.venueId, numericId: o.numericId, clientId: o.clientId, symbol: o.symbol, side: o.side, tif: o.tif,
    priceTicks: o.priceTicks, qty: o.qty, cum: o.cum, cumTicksLots: o.cumTicksLots, status: o.status, createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
}
