/**
 * Bybit v5 private-stream frames (`wss://stream.bybit.com/v5/private`), linear perpetuals, one-way
 * mode: `execution`, `order` and `position` pushes shaped like the documented stream examples
 * (test/venues/fixtures/bybit). Quantities and prices are decimal strings on the instrument's
 * lot and tick grid; `seq` is a JSON number on executions and positions.
 *
 * The simulator's `seq` counts the account's executions per symbol contiguously from 1 (plus the
 * `seqGap` fault's jumps). The real cross sequence is shared by every user of the symbol, so from
 * one account it is only monotonic; the simulator's stricter counter lets riskgate run Bybit in
 * `contiguous` mode and see a lost execution as a gap. Topics are rendered all-in-one
 * (`execution`); a connection that subscribed a categorised name (`execution.linear`) gets that
 * name written back by its session.
 */
import type { OrderStatus } from '../scenario/scenario-types.js';
import type { Instrument } from './instrument.js';
import type { Prng } from './prng.js';
import type { ExecReport, Frame, OrderState, Part, PositionReport } from './private-report.js';
import type { VenueFramer } from './venue-framer.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const STATUS: Readonly<Record<OrderStatus, string>> = {
  new: 'New', partiallyFilled: 'PartiallyFilled', filled: 'Filled', canceled: 'Cancelled', rejected: 'Rejected',
};

export class BybitFramer implements VenueFramer {
  readonly venue = 'bybit';
  readonly fillsInOrderUpdates = false;
  readonly positionsInOrder = false;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #ids: Prng;

  constructor(instruments: ReadonlyMap<string, Instrument>, ids: Prng) {
    this.#instruments = instruments;
    this.#ids = ids;
  }

  render(part: Part): Frame[] {
    switch (part.kind) {
      case 'execution': {
        const at = part.execs[0]?.at ?? 0;
        return [{ cls: 'execution', execIds: part.execs.map((e) => e.execId), body: this.#push('execution', at, part.execs.map((e) => this.#execution(e))) }];
      }
      case 'order':
        // A taker's acceptance is not pushed on its own: Bybit reports its state after matching.
        if (part.event === 'NEW' && part.traded) return [];
        return [{ cls: 'order', execIds: [], body: this.#push('order', part.state.updatedAt, [this.#order(part.state)]) }];
      case 'position':
        return [{ cls: 'position', execIds: [], body: this.#push('position', part.report.at, [this.#position(part.report)]) }];
    }
  }

  #push(topic: 'execution' | 'order' | 'position', at: number, data: unknown[]): Record<string, unknown> {
    return { id: `${this.#ids.hex(14)}-${this.#ids.uuid().slice(0, 28)}`, topic, creationTime: SIM_EPOCH_MS + at, data };
  }

  #execution(e: ExecReport): Record<string, unknown> {
    const inst = this.#instruments.get(e.symbol)!;
    const o = e.order;
    const value = Number(inst.priceText(e.priceTicks)) * Number(inst.qtyText(e.qty));
    const feeRate = e.isMaker ? '0.0002' : '0.00055';
    return {
      category: 'linear', symbol: e.symbol, closedSize: '0',
      execFee: (value * Number(feeRate)).toFixed(8), execId: e.execId, execPrice: inst.priceText(e.priceTicks), execQty: inst.qtyText(e.qty),
      execType: 'Trade', execValue: value.toFixed(8), feeRate, tradeIv: '', markIv: '', blockTradeId: '',
      markPrice: inst.priceText(e.priceTicks), indexPrice: '', underlyingPrice: '',
      leavesQty: inst.qtyText(o.qty - o.cum), orderId: o.venueId, orderLinkId: o.clientId, orderPrice: inst.priceText(o.priceTicks),
      orderQty: inst.qtyText(o.qty), orderType: 'Limit', stopOrderType: 'UNKNOWN', side: o.side === 'buy' ? 'Buy' : 'Sell',
      execTime: String(SIM_EPOCH_MS + e.at), isLeverage: '0', isMaker: e.isMaker, seq: e.seq, marketUnit: '', execPnl: '0',
      createType: 'CreateByUser', extraFees: [], feeCurrency: 'USDT',
    };
  }

  #order(s: OrderState): Record<string, unknown> {
    const inst = this.#instruments.get(s.symbol)!;
    const live = s.status === 'new' || s.status === 'partiallyFilled';
    const leavesLots = live ? s.qty - s.cum : 0;
    const avg = s.cum === 0 ? '' : String(Number(inst.priceText(1)) * (s.cumTicksLots / s.cum));
    return {
      symbol: s.symbol, orderId: s.venueId, side: s.side === 'buy' ? 'Buy' : 'Sell', orderType: 'Limit',
      cancelType: s.status === 'canceled' ? (s.tif === 'IOC' ? 'UNKNOWN' : 'CancelByUser') : 'UNKNOWN',
      price: inst.priceText(s.priceTicks), qty: inst.qtyText(s.qty), orderIv: '', timeInForce: s.tif,
      orderStatus: STATUS[s.status], orderLinkId: s.clientId, lastPriceOnCreated: '', reduceOnly: false,
      leavesQty: inst.qtyText(leavesLots), leavesValue: (Number(inst.priceText(s.priceTicks)) * Number(inst.qtyText(leavesLots))).toFixed(8),
      cumExecQty: inst.qtyText(s.cum), cumExecValue: (Number(inst.priceText(1)) * Number(inst.qtyText(1)) * s.cumTicksLots).toFixed(8),
      avgPrice: avg, blockTradeId: '', positionIdx: 0, cumExecFee: '0', closedPnl: '0',
      createdTime: String(SIM_EPOCH_MS + s.createdAt), updatedTime: String(SIM_EPOCH_MS + s.updatedAt),
      rejectReason: 'EC_NoError', stopOrderType: '', tpslMode: '', triggerPrice: '', takeProfit: '', stopLoss: '',
      tpTriggerBy: '', slTriggerBy: '', tpLimitPrice: '', slLimitPrice: '', triggerDirection: 0, triggerBy: '',
      closeOnTrigger: false, category: 'linear', placeType: '', smpType: 'None', smpGroup: 0, smpOrderId: '',
      feeCurrency: '', createType: 'CreateByUser', cumFeeDetail: {},
    };
  }

  #position(p: PositionReport): Record<string, unknown> {
    const { side, size, entry, value } = positionFigures(this.#instruments.get(p.symbol)!, p);
    return {
      positionIdx: 0, tradeMode: 0, riskId: 1, riskLimitValue: '2000000', symbol: p.symbol,
      side, size,
      entryPrice: entry, leverage: '10', positionValue: value,
      positionBalance: '0', markPrice: entry, positionIM: '0', positionMM: '0', takeProfit: '0', stopLoss: '0',
      trailingStop: '0', unrealisedPnl: '0', curRealisedPnl: '0', cumRealisedPnl: '0', sessionAvgPrice: '0',
      createdTime: String(SIM_EPOCH_MS), updatedTime: String(SIM_EPOCH_MS + p.at), tpslMode: 'Full', liqPrice: '0',
      bustPrice: '', category: 'linear', positionStatus: 'Normal', adlRankIndicator: 0, autoAddMargin: 0,
      leverageSysUpdatedTime: '', mmrSysUpdatedTime: '', seq: p.seq, isReduceOnly: false,
    };
  }
}

/**
 * A Bybit position's figures, as the stream and REST render them (one-way mode): `side` Buy / Sell
 * / "" (flat), unsigned `size` in the quantity unit, average entry price, and position value.
 */
export function positionFigures(inst: Instrument, p: PositionReport): { side: string; size: string; entry: string; value: string } {
  const size = inst.qtyText(Math.abs(p.position));
  const entry = p.position === 0 ? '0' : String(Number(inst.priceText(1)) * p.entryTicks);
  return { side: p.position > 0 ? 'Buy' : p.position < 0 ? 'Sell' : '', size, entry, value: (Number(entry) * Number(size)).toFixed(8) };
}
