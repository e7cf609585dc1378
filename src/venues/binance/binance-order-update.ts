/**
 * `ORDER_TRADE_UPDATE` (USD-M user data stream, "Event: Order Update") → fill and/or orderUpdate.
 *
 * - Every update of an order the strategy could have sent becomes an `orderUpdate`: status from
 *   `X` (see `binance-status.ts`), `cumQty` = `z`, `leavesQty` = `q - z` (0 once terminal).
 * - `x` = `TRADE` or `CALCULATED` (liquidation execution) also carries one execution: a `fill` of
 *   `l` lots at `L`, side `S`, emitted before the orderUpdate so `cumQty` never runs ahead of it.
 * - The orderUpdate carries the order's side `S` and reduce-only flag `R` (true only when `R` is
 *   the JSON true): the engine counts an order it did not send by them.
 * - `orderId` is the client order id `c` (what the strategy sent); an empty `c` falls back to the
 *   exchange id `i` so fills and updates of the same order still link.
 * - Liquidation / ADL / settlement: `c` starting with `autoclose-`, `adl_autoclose`,
 *   `settlement_autoclose-` or `delivery_autoclose-`, `x` = `CALCULATED`, or order type
 *   `LIQUIDATION`. Their executions are fills WITHOUT `orderId`; their order updates are not
 *   emitted (skipped as `liquidationOrderUpdate`): the engine never sent these orders, and an
 *   update it could not link to the fills would be counted twice as an inferred fill.
 * - `execId` = `${s}:${t}:${side}`. Binance trade ids `t` are per symbol, and a self-trade gives the
 *   buy and the sell execution the same `t`; both qualifiers keep the id unique for the engine's
 *   de-duplication while staying stable across re-deliveries.
 * - No `seq`: trade ids are not a position watermark (walk-back reconciliation). The fill's
 *   `venueTime` is the order object's `T`, "Order Trade Time" (ms; Binance, "Event: Order Update",
 *   https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams/Event-Order-Update),
 *   on the clock of `ACCOUNT_UPDATE`'s `T` and the REST `updateTime` of the snapshots. A `T` that is
 *   absent or not a time in ms (see `epochMs`) leaves the fill without one: the execution itself
 *   is still known, only its place against a snapshot is not.
 * - Hedge mode (`VenueSymbolConfig.hedge`): `ps` (positionSide) names the leg of the order and of
 *   its execution: LONG the symbol's own instrument, SHORT `SYMBOL:short`; a `BOTH` (one-way)
 *   update is ignored as `oneWayOrder` (the account is not in the configured mode), any other
 *   value is malformed. A one-way instrument does not read `ps`: a fill's signed effect on its
 *   position is its side. Unknown `x` values are ignored as `executionType:other`.
 */
import type { FillEvent, OrderUpdateEvent, Side, VenueEvent } from '../../events/market-events.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { BinanceFrameError } from './binance-frame-error.js';
import { integerId, lots, optionalEpochMs, price, record, string } from './binance-fields.js';
import type { Fields } from './binance-fields.js';
import type { BinanceOutcome } from './binance-outcome.js';
import { binanceStatus, isTerminal } from './binance-status.js';

const KIND = 'orderTradeUpdate';
const EXECUTION_TYPES = new Set(['NEW', 'CANCELED', 'CALCULATED', 'EXPIRED', 'TRADE', 'AMENDMENT']);
const LIQUIDATION_PREFIXES = ['autoclose-', 'adl_autoclose', 'settlement_autoclose-', 'delivery_autoclose-'];

function side(o: Fields): Side {
  const s = string(o, 'S', KIND);
  if (s === 'BUY') return 'buy';
  if (s === 'SELL') return 'sell';
  throw new BinanceFrameError(KIND, `S is not BUY or SELL: ${JSON.stringify(s).slice(0, 20)}`);
}

function isLiquidation(o: Fields, c: string, x: string): boolean {
  return x === 'CALCULATED' || o['o'] === 'LIQUIDATION' || o['ot'] === 'LIQUIDATION' || LIQUIDATION_PREFIXES.some((p) => c.startsWith(p));
}

export function decodeOrderTradeUpdate(frame: Fields, symbols: SymbolMap): BinanceOutcome {
  const o = record(frame['o'], KIND, 'o');
  const entry = symbols.get(string(o, 's', KIND));
  if (entry === undefined) return { type: 'ignored', kind: 'unknownSymbol' };

  const c = string(o, 'c', KIND);
  const x = string(o, 'x', KIND);
  const X = string(o, 'X', KIND);
  const status = binanceStatus(X);
  if (status === undefined) throw new BinanceFrameError(KIND, `unknown order status X ${JSON.stringify(X).slice(0, 30)}`);
  const orderSide = side(o);
  const q = lots(o, 'q', entry, KIND);
  const z = lots(o, 'z', entry, KIND);
  if (z > q) throw new BinanceFrameError(KIND, `filled z (${z} lots) exceeds quantity q (${q} lots)`);
  const orderId = c !== '' ? c : String(integerId(o, 'i', KIND));
  if (!EXECUTION_TYPES.has(x)) return { type: 'ignored', kind: 'executionType:other' };
  let leg = 1;
  if (entry.hedge) {
    const ps = string(o, 'ps', KIND);
    if (ps === 'BOTH') return { type: 'ignored', kind: 'oneWayOrder' };
    if (ps !== 'LONG' && ps !== 'SHORT') throw new BinanceFrameError(KIND, 'ps is not BOTH, LONG or SHORT');
    leg = ps === 'LONG' ? 1 : 2;
  }
  const symbol = legSymbol(entry, leg);
  const liquidation = isLiquidation(o, c, x);

  const events: VenueEvent[] = [];
  const skipped: string[] = [];
  if (x === 'TRADE' || x === 'CALCULATED') {
    const qty = lots(o, 'l', entry, KIND);
    if (qty === 0) throw new BinanceFrameError(KIND, 'execution with last filled quantity l = 0');
    const t = integerId(o, 't', KIND, 1); // t = 0 means "no trade" (NEW, CANCELED...)
    const venueTime = optionalEpochMs(o, 'T');
    const fill: FillEvent = {
      type: 'fill',
      symbol,
      ...(liquidation ? {} : { orderId }),
      execId: `${entry.venueSymbol}:${t}:${orderSide}`,
      side: orderSide,
      qty,
      price: price(o, 'L', KIND),
      ...(venueTime === undefined ? {} : { venueTime }),
    };
    events.push(fill);
  }
  if (liquidation) {
    skipped.push('liquidationOrderUpdate');
  } else {
    const update: OrderUpdateEvent = {
      type: 'orderUpdate',
      symbol,
      orderId,
      status,
      cumQty: z,
      leavesQty: isTerminal(status) ? 0 : q - z,
      side: orderSide,
      ...(o['R'] === true ? { reduceOnly: true } : {}),
    };
    events.push(update);
  }
  return { type: 'events', events, skipped };
}
