/**
 * OKX v5 private-stream frames (`wss://ws.okx.com:8443/ws/v5/private`), perpetual swaps in net
 * mode (`posSide` net): `orders` and `positions` channel pushes shaped like the documented
 * examples in test/venues/fixtures/okx
 * (https://www.okx.com/docs-v5/en/#order-book-trading-trade-ws-order-channel,
 * https://www.okx.com/docs-v5/en/#trading-account-websocket-positions-channel).
 *
 * - OKX has no execution channel here: an `orders` push is the order's state after one event, and
 *   when that event was a trade it carries the trade (`tradeId`, `fillSz`, `fillPx`). So each
 *   execution is one `orders` push (`fillsInOrderUpdates`), a new resting order one push with
 *   state `live`, a cancel or an IOC remainder one push with state `canceled`.
 * - No sequence number on the stream: the fills' `tradeId` is per instrument and monotonic, and
 *   the positions' `tradeId` names the last trade they include. The simulator's `tradeId` is the
 *   account's execution counter per symbol (the same as Bybit's `seq`, with the `seqGap` fault's
 *   jumps): a real `tradeId` is shared by every user of the instrument, so from one account it is
 *   only monotonic; the simulator's is a special case of that.
 * - Quantities (`sz`, `fillSz`, `accFillSz`, `pos`) in the instrument's quantity string (the real
 *   venue counts contracts for swaps: the config's lot size is in whatever unit the venue sends).
 * - `ordId` is the order's numeric venue id; `clOrdId` the client id the order was sent with.
 */
import type { OrderStatus } from '../scenario/scenario-types.js';
import type { Instrument } from './instrument.js';
import type { ExecReport, Frame, OrderState, Part, PositionReport } from './private-report.js';
import type { VenueFramer } from './venue-framer.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const STATE: Readonly<Record<OrderStatus, string>> = {
  new: 'live', partiallyFilled: 'partially_filled', filled: 'filled', canceled: 'canceled', rejected: 'canceled',
};

/** The uid OKX writes in every push's `arg` (one per account; a stable number chosen per account). */
export function okxUid(accountIndex: number): string {
  return String(614_488_474_791_936 + accountIndex);
}

export class OkxFramer implements VenueFramer {
  readonly venue = 'okx';
  readonly fillsInOrderUpdates = true;
  readonly positionsInOrder = false;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #uid: string;

  constructor(instruments: ReadonlyMap<string, Instrument>, uid: string) {
    this.#instruments = instruments;
    this.#uid = uid;
  }

  render(part: Part): Frame[] {
    switch (part.kind) {
      case 'execution':
        return part.execs.map((e) => ({ cls: 'execution', execIds: [e.execId], body: this.#push('orders', [this.#order(e.order, e.at, e)]) }));
      case 'order': {
        if (part.event === 'FILLS') return []; // carried by the execution pushes
        if (part.event === 'NEW' && part.traded) return []; // a taker's acceptance: its first push is its first fill
        const at = part.event === 'NEW' ? part.state.createdAt : part.state.updatedAt;
        const state = part.event === 'NEW' ? part.state : { ...part.state, status: 'canceled' as const };
        return [{ cls: 'order', execIds: [], body: this.#push('orders', [this.#order(state, at, undefined)]) }];
      }
      case 'position':
        return [{ cls: 'position', execIds: [], body: this.positions([part.report], 'event_update') }];
    }
  }

  /** A `positions` push of `reports` (`snapshot`: the initial image after the subscription). */
  positions(reports: readonly PositionReport[], eventType: 'snapshot' | 'event_update'): Record<string, unknown> {
    return { arg: { channel: 'positions', instType: 'ANY', uid: this.#uid }, eventType, data: reports.map((r) => this.#position(r)) };
  }

  #push(channel: 'orders', data: unknown[]): Record<string, unknown> {
    return { arg: { channel, instType: 'ANY', uid: this.#uid }, data };
  }

  #order(s: OrderState, at: number, e: ExecReport | undefined): Record<string, unknown> {
    const inst = this.#instruments.get(s.symbol)!;
    const avg = s.cum === 0 ? '' : String(Number(inst.priceText(1)) * (s.cumTicksLots / s.cum));
    const t = okxMs(at);
    return {
      instType: 'SWAP', instId: s.symbol, tgtCcy: '', ccy: '', ordId: String(s.numericId), clOrdId: s.clientId, tag: '',
      px: inst.priceText(s.priceTicks), sz: inst.qtyText(s.qty), notionalUsd: '', ordType: s.tif === 'IOC' ? 'ioc' : 'limit',
      side: s.side, posSide: 'net', tdMode: 'cross', fillPx: e === undefined ? '' : inst.priceText(e.priceTicks),
      tradeId: e === undefined ? '' : String(e.seq), fillSz: e === undefined ? '0' : inst.qtyText(e.qty), fillTime: e === undefined ? '' : t,
      fillFee: '0', fillFeeCcy: 'USDT', execType: e === undefined ? '' : e.isMaker ? 'M' : 'T', accFillSz: inst.qtyText(s.cum), avgPx: avg,
      state: STATE[s.status], lever: '10', fee: '0', feeCcy: 'USDT', rebate: '0', rebateCcy: 'USDT', pnl: '0', source: '',
      cancelSource: s.status === 'canceled' ? (s.tif === 'IOC' ? '14' : '1') : '', category: 'normal', reduceOnly: 'false',
      uTime: t, cTime: okxMs(s.createdAt), reqId: '', amendResult: '', code: '0', msg: '',
    };
  }

  #position(p: PositionReport): Record<string, unknown> {
    const inst = this.#instruments.get(p.symbol)!;
    const avg = p.position === 0 ? '' : String(Number(inst.priceText(1)) * p.entryTicks);
    const t = okxMs(p.at);
    return {
      instType: 'SWAP', instId: p.symbol, mgnMode: 'cross', posId: `${this.#uid}-${p.symbol}`, posSide: 'net', pos: inst.qtyText(p.position),
      ccy: 'USDT', posCcy: '', availPos: '', avgPx: avg, upl: '0', uplRatio: '0', lever: '10', liqPx: '', markPx: avg, imr: '0',
      margin: '', mgnRatio: '', mmr: '0', liab: '', liabCcy: '', interest: '0', tradeId: p.seq < 0 ? '' : String(p.seq),
      notionalUsd: '0', adl: '1', bizRefId: '', bizRefType: '', realizedPnl: '0', pTime: t, uTime: t, cTime: String(SIM_EPOCH_MS),
    };
  }
}

/**
 * OKX's millisecond timestamps are integer strings ("1597026383085"); real-time simulated time
 * carries fractions of a millisecond (the wall clock's), which OKX never sends and riskgate's
 * decoder rejects as malformed.
 */
function okxMs(at: number): string {
  return String(Math.floor(SIM_EPOCH_MS + at));
}
