/**
 * Deribit private notifications (`wss://www.deribit.com/ws/api/v2`) on the
 * `user.changes.<instrument>.raw` channel
 * (https://docs.deribit.com/subscriptions/user/userchangeskindcurrencyinterval), shaped like the
 * documented example in test/venues/fixtures/deribit/changes-doc.json:
 * `{"jsonrpc":"2.0","method":"subscription","params":{"channel","data":{instrument_name, trades,
 * orders, positions}}}`.
 *
 * - Deribit bundles one change's trades, order states and position in one notification (the
 *   documented `user.changes` example carries `trades`, `orders` and `positions` together:
 *   https://docs.deribit.com/subscriptions/user/userchangesinstrument_nameinterval and
 *   https://docs.deribit.com/subscriptions/user/userchangeskindcurrencyinterval). So does the
 *   simulator for a matching event that traded (`renderChange`): the executions, the order's state
 *   after them and the resulting position in one notification, whose trades' `trade_seq` is the
 *   position's watermark in riskgate. Order updates without trades (accepted, cancelled) and
 *   re-sent duplicate trades go in notifications of their own. The faults act on the notification
 *   as a whole (see AccountStream.publish): a delayed position delays its trades and order too.
 *   A notification whose trades were all lost (`lostExecution`) still carries the position, then
 *   without a watermark: riskgate refuses it, as it would a real one.
 * - Sequence: `trade_seq` on each trade, per instrument. The simulator's is the account's
 *   execution counter per symbol (with the `seqGap` fault's jumps); a real `trade_seq` counts
 *   every user's trades of the instrument, so from one account it is only monotonic. Deribit has
 *   no sequence on order or position objects (`change_id`s belong to the order-book channels).
 * - Amounts and prices are JSON numbers in the instrument's quantity unit (the real perpetual
 *   counts USD: the config's lot size is in whatever unit the venue sends). `label` is the client
 *   order id; `order_id` the numeric venue id as a string; `trade_id` the per-symbol trade id.
 * - Order states: open (partially filled orders stay `open`), filled, cancelled (a cancel, or an
 *   IOC remainder). A taker that trades at once is first reported with its state after the trades.
 */
import type { OrderStatus } from '../scenario/scenario-types.js';
import type { Instrument } from './instrument.js';
import type { ExecReport, Frame, OrderState, Part, PositionReport } from './private-report.js';
import type { OrderPart, VenueFramer } from './venue-framer.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const STATE: Readonly<Record<OrderStatus, string>> = {
  new: 'open', partiallyFilled: 'open', filled: 'filled', canceled: 'cancelled', rejected: 'rejected',
};

/** The channel the simulator publishes an instrument's changes on (the one riskgate subscribes). */
export function deribitChannel(instrument: string): string {
  return `user.changes.${instrument}.raw`;
}

/** The order state an order update reports (a cancelled or expired remainder reads `cancelled`). */
function orderState(part: OrderPart): OrderState {
  return part.event === 'CANCELED' || part.event === 'EXPIRED' ? { ...part.state, status: 'canceled' } : part.state;
}

export class DeribitFramer implements VenueFramer {
  readonly venue = 'deribit';
  readonly fillsInOrderUpdates = false;
  readonly positionsInOrder = true;
  readonly #instruments: ReadonlyMap<string, Instrument>;

  constructor(instruments: ReadonlyMap<string, Instrument>) {
    this.#instruments = instruments;
  }

  render(part: Part): Frame[] {
    switch (part.kind) {
      case 'execution': {
        const symbol = part.execs[0]?.symbol ?? '';
        return [{ cls: 'execution', execIds: part.execs.map((e) => e.execId), body: this.#changes(symbol, { trades: part.execs.map((e) => this.#trade(e)) }) }];
      }
      case 'order': {
        if (part.event === 'NEW' && part.traded) return [];
        return [{ cls: 'order', execIds: [], body: this.#changes(part.state.symbol, { orders: [this.#order(orderState(part))] }) }];
      }
      case 'position':
        return [{ cls: 'position', execIds: [], body: this.#changes(part.report.symbol, { positions: [this.position(part.report)] }) }];
    }
  }

  /**
   * One matching event's notification: its trades, the order's state after them (unless sent
   * before by `orderBeforeFill`) and the position. A connection whose position subscription died
   * gets the same notification without the position (`withoutPosition`).
   */
  renderChange(execs: readonly ExecReport[], order: OrderPart | undefined, position: PositionReport): Frame {
    const symbol = position.symbol;
    const parts: Record<string, unknown[]> = { trades: execs.map((e) => this.#trade(e)), orders: order === undefined ? [] : [this.#order(orderState(order))] };
    const execIds = execs.map((e) => e.execId);
    const withoutPosition: Frame = { cls: 'execution', execIds, body: this.#changes(symbol, parts) };
    return { cls: 'execution', execIds, body: this.#changes(symbol, { ...parts, positions: [this.position(position)] }), withoutPosition };
  }

  /** A position object (`user.changes` and `private/get_positions`): signed `size`, `direction` buy / sell / zero. */
  position(p: PositionReport): Record<string, unknown> {
    const inst = this.#instruments.get(p.symbol)!;
    const avg = p.position === 0 ? 0 : Number(inst.priceText(1)) * p.entryTicks;
    return {
      instrument_name: p.symbol, kind: 'future', size: Number(inst.qtyText(p.position)), direction: p.position > 0 ? 'buy' : p.position < 0 ? 'sell' : 'zero',
      average_price: avg, mark_price: avg, index_price: avg, settlement_price: avg, floating_profit_loss: 0, realized_profit_loss: 0,
      total_profit_loss: 0, initial_margin: 0, maintenance_margin: 0, leverage: 10, delta: 0, interest_value: 0, realized_funding: 0,
    };
  }

  #changes(instrument: string, parts: Record<string, unknown[]>): Record<string, unknown> {
    return { jsonrpc: '2.0', method: 'subscription', params: { channel: deribitChannel(instrument), data: { instrument_name: instrument, trades: [], orders: [], positions: [], ...parts } } };
  }

  #trade(e: ExecReport): Record<string, unknown> {
    const inst = this.#instruments.get(e.symbol)!;
    const px = Number(inst.priceText(e.priceTicks));
    return {
      trade_seq: e.seq, trade_id: String(e.tradeId), timestamp: SIM_EPOCH_MS + e.at, tick_direction: 0, state: STATE[e.order.status],
      reduce_only: false, profit_loss: 0, price: px, post_only: false, order_type: 'limit', order_id: String(e.order.numericId),
      matching_id: null, mark_price: px, liquidity: e.isMaker ? 'M' : 'T', label: e.order.clientId, instrument_name: e.symbol,
      index_price: px, fee_currency: 'USDT', fee: 0, direction: e.side, amount: Number(inst.qtyText(e.qty)), api: true,
    };
  }

  #order(s: OrderState): Record<string, unknown> {
    const inst = this.#instruments.get(s.symbol)!;
    return {
      web: false, api: true, time_in_force: s.tif === 'IOC' ? 'immediate_or_cancel' : 'good_til_cancelled', replaced: false, reduce_only: false,
      price: Number(inst.priceText(s.priceTicks)), post_only: false, order_type: 'limit', order_state: STATE[s.status], order_id: String(s.numericId),
      max_show: Number(inst.qtyText(s.qty)), last_update_timestamp: SIM_EPOCH_MS + s.updatedAt, label: s.clientId, is_rebalance: false,
      is_liquidation: false, instrument_name: s.symbol, filled_amount: Number(inst.qtyText(s.cum)), direction: s.side,
      creation_timestamp: SIM_EPOCH_MS + s.createdAt, average_price: s.cum === 0 ? 0 : Number(inst.priceText(1)) * (s.cumTicksLots / s.cum),
      amount: Number(inst.qtyText(s.qty)),
    };
  }
}
