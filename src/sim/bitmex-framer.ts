/**
 * BitMEX realtime private tables (`wss://ws.bitmex.com/realtime`, https://www.bitmex.com/app/wsAPI
 * "Response Format"): `execution`, `order` and `position` table messages
 * `{"table","action","data":[...]}` shaped like test/venues/fixtures/bitmex.
 *
 * - Table semantics as documented: a subscription is answered with a `partial` (the table's
 *   current image: `bitmex-session.ts` sends it from `orderRow` / `positionRow`), then `insert`
 *   rows for new records and `update` rows that carry the key plus what changed. Here: each
 *   execution is an `execution` insert (`execType` Trade); a new order an `order` insert (full
 *   row, also for a taker that trades at once: BitMEX inserts every accepted order); its fills
 *   and its end `order` updates (`orderID`, `ordStatus`, `cumQty`, `leavesQty`, `avgPx`); a
 *   position change a `position` update with `currentQty` and `timestamp`.
 * - No sequence numbers: a row's `timestamp` (ISO 8601 UTC) is its only order; riskgate reads a
 *   position row's timestamp as its venue time and ignores an older report (the `staleSnapshot`
 *   fault re-sends an older row, old timestamp included).
 * - Quantities are integer contract counts (JSON numbers). The simulator sends one contract per
 *   lot (BitMEX's own multipliers are instrument config: riskgate's lot size for a BitMEX
 *   instrument is in contracts, so a config for this simulator says lot size "1"). Prices are
 *   JSON numbers.
 * - `account` is a stable number per simulator account (`bitmexAccount`).
 */
import type { OrderStatus } from '../scenario/scenario-types.js';
import type { Instrument } from './instrument.js';
import type { ExecReport, Frame, OrderState, Part, PositionReport } from './private-report.js';
import type { VenueFramer } from './venue-framer.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const STATUS: Readonly<Record<OrderStatus, string>> = {
  new: 'New', partiallyFilled: 'PartiallyFilled', filled: 'Filled', canceled: 'Canceled', rejected: 'Rejected',
};

/** The account number BitMEX writes in rows (one per simulator account, by its position in the options). */
export function bitmexAccount(accountIndex: number): number {
  return 123_456 + accountIndex;
}

/** Venue time of simulated ms, as BitMEX writes it. */
export function bitmexTime(at: number): string {
  return new Date(SIM_EPOCH_MS + at).toISOString();
}

export class BitmexFramer implements VenueFramer {
  readonly venue = 'bitmex';
  readonly fillsInOrderUpdates = false;
  readonly positionsInOrder = false;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  /** The account number written in every row. */
  readonly account: number;

  constructor(instruments: ReadonlyMap<string, Instrument>, account: number) {
    this.#instruments = instruments;
    this.account = account;
  }

  render(part: Part): Frame[] {
    switch (part.kind) {
      case 'execution':
        return [{ cls: 'execution', execIds: part.execs.map((e) => e.execId), body: table('execution', 'insert', part.execs.map((e) => this.#execution(e))) }];
      case 'order':
        if (part.event === 'NEW') return [{ cls: 'order', execIds: [], body: table('order', 'insert', [this.orderRow(part.state)]) }];
        return [{ cls: 'order', execIds: [], body: table('order', 'update', [this.#orderUpdate(part.state, part.event !== 'FILLS')]) }];
      case 'position':
        return [{ cls: 'position', execIds: [], body: table('position', 'update', [this.#positionUpdate(part.report)]) }];
    }
  }

  /** A full `order` row (insert, and the partial image of live orders). */
  orderRow(s: OrderState): Record<string, unknown> {
    const inst = this.#instruments.get(s.symbol)!;
    return {
      orderID: s.venueId, clOrdID: s.clientId, clOrdLinkID: '', account: this.account, symbol: s.symbol, side: s.side === 'buy' ? 'Buy' : 'Sell',
      orderQty: s.qty, price: inst.priceNumber(s.priceTicks), currency: 'USDT', settlCurrency: 'USDt', ordType: 'Limit',
      timeInForce: s.tif === 'IOC' ? 'ImmediateOrCancel' : 'GoodTillCancel', execInst: '', exDestination: 'XBME', ordStatus: STATUS[s.status],
      workingIndicator: s.status === 'new' || s.status === 'partiallyFilled', leavesQty: live(s) ? s.qty - s.cum : 0, cumQty: s.cum,
      ...(s.cum === 0 ? {} : { avgPx: avgPx(inst, s) }), text: 'Submitted via API.', transactTime: bitmexTime(s.createdAt), timestamp: bitmexTime(s.updatedAt),
    };
  }

  /**
   * A full `position` row (the partial image, and the REST answer of `GET /api/v1/position`).
   * `asOf`: the row's `timestamp`, when BitMEX last updated the row. A real row moves with every
   * mark-price update, not only with fills, so an image or a REST answer is stamped with the
   * moment it shows (default: the position's own change, as on a stream update).
   */
  positionRow(p: PositionReport, asOf = p.at): Record<string, unknown> {
    const inst = this.#instruments.get(p.symbol)!;
    const avg = p.position === 0 ? undefined : Number(inst.priceText(1)) * p.entryTicks;
    return {
      account: this.account, symbol: p.symbol, currency: 'USDt', underlying: p.symbol.replace(/USDT$/, ''), quoteCurrency: 'USDT',
      leverage: 10, crossMargin: true, currentQty: p.position, isOpen: p.position !== 0, ...(avg === undefined ? {} : { avgEntryPrice: avg, markPrice: avg }),
      timestamp: bitmexTime(asOf),
    };
  }

  #execution(e: ExecReport): Record<string, unknown> {
    const inst = this.#instruments.get(e.symbol)!;
    const o = e.order;
    return {
      execID: e.execId, orderID: o.venueId, clOrdID: o.clientId, clOrdLinkID: '', account: this.account, symbol: e.symbol,
      side: e.side === 'buy' ? 'Buy' : 'Sell', lastQty: e.qty, lastPx: inst.priceNumber(e.priceTicks), lastMkt: 'XBME',
      lastLiquidityInd: e.isMaker ? 'AddedLiquidity' : 'RemovedLiquidity', orderQty: o.qty, price: inst.priceNumber(o.priceTicks),
      currency: 'USDT', settlCurrency: 'USDt', execType: 'Trade', ordType: 'Limit', timeInForce: o.tif === 'IOC' ? 'ImmediateOrCancel' : 'GoodTillCancel',
      execInst: '', exDestination: 'XBME', ordStatus: STATUS[o.status], workingIndicator: live(o), leavesQty: live(o) ? o.qty - o.cum : 0,
      cumQty: o.cum, avgPx: avgPx(inst, o), commission: 0.0005, execComm: 0, text: 'Submitted via API.',
      trdMatchID: `00000000-0000-0000-0000-${String(e.tradeId).padStart(12, '0')}`, transactTime: bitmexTime(e.at), timestamp: bitmexTime(e.at),
    };
  }

  /** The changed fields of an order after fills (`ended`: a cancel or an IOC remainder, `Canceled`). */
  #orderUpdate(s: OrderState, ended: boolean): Record<string, unknown> {
    const inst = this.#instruments.get(s.symbol)!;
    return {
      orderID: s.venueId, account: this.account, symbol: s.symbol, ordStatus: ended ? 'Canceled' : STATUS[s.status],
      workingIndicator: !ended && live(s), leavesQty: ended || !live(s) ? 0 : s.qty - s.cum, cumQty: s.cum,
      ...(s.cum === 0 ? {} : { avgPx: avgPx(inst, s) }), ...(ended ? { text: s.tif === 'IOC' ? 'Canceled: IOC' : 'Canceled: Cancel from www.bitmex.com' } : {}),
      clOrdID: s.clientId, timestamp: bitmexTime(s.updatedAt),
    };
  }

  #positionUpdate(p: PositionReport): Record<string, unknown> {
    const row = this.positionRow(p);
    return { account: row['account'], symbol: row['symbol'], currency: row['currency'], currentQty: row['currentQty'], isOpen: row['isOpen'], ...(row['avgEntryPrice'] === undefined ? {} : { avgEntryPrice: row['avgEntryPrice'] }), timestamp: row['timestamp'] };
  }
}

/** A table message. */
export function table(name: string, action: 'partial' | 'insert' | 'update' | 'delete', data: unknown[], filter?: Record<string, unknown>): Record<string, unknown> {
  return { table: name, action, data, ...(filter === undefined ? {} : { filter }) };
}

function live(s: OrderState): boolean {
  return s.status === 'new' || s.status === 'partiallyFilled';
}

function avgPx(inst: Instrument, s: OrderState): number {
  return Number(inst.priceText(1)) * (s.cumTicksLots / s.cum);
}
