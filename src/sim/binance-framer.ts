/**
 * Binance USD-M user-data-stream frames (`wss://fstream.binance.com/ws/<listenKey>`), one-way
 * mode (`ps` BOTH): `ORDER_TRADE_UPDATE` for every order event (NEW, each TRADE with the order's
 * state after it, CANCELED, EXPIRED for an IOC remainder) and `ACCOUNT_UPDATE` (reason `ORDER`)
 * with the changed symbol's position. Shaped like the documented examples in
 * test/venues/fixtures/binance: quantities and prices padded to the lot / tick decimals ("0.010",
 * "60000.10"). No sequence numbers: trade ids `t` are per symbol.
 */
import type { OrderStatus } from '../scenario/scenario-types.js';
import type { Instrument } from './instrument.js';
import type { ExecReport, Frame, OrderState, Part, PositionReport } from './private-report.js';
import type { VenueFramer } from './venue-framer.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const STATUS: Readonly<Record<OrderStatus, string>> = {
  new: 'NEW', partiallyFilled: 'PARTIALLY_FILLED', filled: 'FILLED', canceled: 'CANCELED', rejected: 'REJECTED',
};

export class BinanceFramer implements VenueFramer {
  readonly venue = 'binance-usdm';
  readonly fillsInOrderUpdates = true;
  readonly positionsInOrder = false;
  readonly #instruments: ReadonlyMap<string, Instrument>;

  constructor(instruments: ReadonlyMap<string, Instrument>) {
    this.#instruments = instruments;
  }

  render(part: Part): Frame[] {
    switch (part.kind) {
      case 'execution':
        return part.execs.map((e) => ({ cls: 'execution', execIds: [e.execId], body: this.#orderUpdate(e.order, e.at, 'TRADE', e) }));
      case 'order': {
        if (part.event === 'FILLS') return []; // already carried by the TRADE frames
        const x = part.event === 'NEW' ? 'NEW' : part.event === 'CANCELED' ? 'CANCELED' : 'EXPIRED';
        const at = part.event === 'NEW' ? part.state.createdAt : part.state.updatedAt;
        return [{ cls: 'order', execIds: [], body: this.#orderUpdate(part.state, at, x, undefined) }];
      }
      case 'position':
        return [{ cls: 'position', execIds: [], body: this.#accountUpdate(part.report) }];
    }
  }

  #orderUpdate(s: OrderState, at: number, x: string, e: ExecReport | undefined): Record<string, unknown> {
    const inst = this.#instruments.get(s.symbol)!;
    const X = x === 'EXPIRED' ? 'EXPIRED' : STATUS[s.status];
    const avg = s.cum === 0 ? '0' : String(Number(inst.priceText(1)) * (s.cumTicksLots / s.cum));
    const T = SIM_EPOCH_MS + at;
    return {
      e: 'ORDER_TRADE_UPDATE', E: T + 1, T,
      o: {
        s: s.symbol, c: s.clientId, S: s.side === 'buy' ? 'BUY' : 'SELL', o: 'LIMIT', f: s.tif,
        q: inst.qtyFixed(s.qty), p: inst.priceFixed(s.priceTicks), ap: avg, sp: '0', x, X, i: s.numericId,
        l: e === undefined ? '0' : inst.qtyFixed(e.qty), z: inst.qtyFixed(s.cum), L: e === undefined ? '0' : inst.priceFixed(e.priceTicks),
        N: 'USDT', n: '0', T, t: e === undefined ? 0 : e.tradeId, b: '0', a: '0', m: e?.isMaker ?? false, R: false,
        wt: 'CONTRACT_PRICE', ot: 'LIMIT', ps: 'BOTH', cp: false, rp: '0', pP: false, si: 0, ss: 0,
        V: 'EXPIRE_TAKER', pm: 'NONE', gtd: 0, er: x === 'EXPIRED' ? '2' : '0',
      },
    };
  }

  #accountUpdate(p: PositionReport): Record<string, unknown> {
    const inst = this.#instruments.get(p.symbol)!;
    const T = SIM_EPOCH_MS + p.at;
    const entry = p.position === 0 ? '0' : String(Number(inst.priceText(1)) * p.entryTicks);
    return {
      e: 'ACCOUNT_UPDATE', E: T + 1, T,
      a: {
        m: 'ORDER',
        B: [{ a: 'USDT', wb: '100000.00000000', cw: '100000.00000000', bc: '0' }],
        P: [{ s: p.symbol, pa: inst.qtyFixed(p.position), ep: entry, bep: entry, cr: '0', up: '0', mt: 'cross', iw: '0', ps: 'BOTH' }],
      },
    };
  }
}
