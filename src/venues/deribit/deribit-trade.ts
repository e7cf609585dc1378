/**
 * Deribit user trade (in `user.changes.*` and `user.trades.*` notifications) → `fill`.
 * Source: https://docs.deribit.com/subscriptions/user/userchangeskindcurrencyinterval (trade
 * object) and https://docs.deribit.com/subscriptions/user/usertradesinstrument_nameinterval.
 *
 * - `qty` from `amount` (a JSON number: USD for perpetual and inverse futures, base coin for
 *   options and linear futures): the configured lot size must be in that unit (e.g. "10" for
 *   BTC-PERPETUAL's 10 USD contracts).
 * - `seq` = `trade_seq`, the trade's sequence number within the instrument.
 * - `execId` = `<instrument_name>:<trade_id>`: trade ids are unique per currency only, the engine's
 *   de-duplication window spans instruments of every currency.
 * - `orderId`: `label` (the client label the strategy set) when non-empty, else `order_id`.
 *   No `orderId` when the trade liquidated this account: `order_type` "liquidation", or the
 *   documented `liquidation` flag (M, T or MT: which side was under liquidation) naming our side
 *   (`liquidity` M/T). When only the counterparty was liquidated, the trade filled our own order.
 * Returns the trade's `trade_seq` (for the snapshot watermark) or undefined when skipped.
 */
import type { FrameSink } from '../decoder-stats.js';
import type { SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, nonEmpty, oneOf, optStr, price, seqValue, str } from '../frame-reader.js';
import { DERIBIT_SIDES } from './deribit-sides.js';

const KIND = 'trades';

const LIQUIDATION_FLAGS: ReadonlySet<string> = new Set(['', 'M', 'T', 'MT']);
const LIQUIDITY: ReadonlySet<string> = new Set(['', 'M', 'T']);

export interface DecodedTrade {
  readonly instrument: string;
  readonly seq: number;
}

export function decodeDeribitTrade(element: unknown, symbols: SymbolMap, sink: FrameSink): DecodedTrade | undefined {
  const rec = asRecord(element, KIND, 'trade');
  const instrument = str(rec, 'instrument_name', KIND);
  const entry = symbols.get(instrument);
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return undefined;
  }
  const side = oneOf(rec, 'direction', KIND, DERIBIT_SIDES);
  const qty = lots(rec, 'amount', KIND, entry, { numeric: true, sign: 'positive' });
  const px = price(rec, 'price', KIND, true);
  const execId = `${instrument}:${nonEmpty(rec, 'trade_id', KIND)}`;
  const seq = seqValue(rec['trade_seq'], KIND, 'trade_seq');
  const liquidation = optStr(rec, 'liquidation', KIND);
  const liquidity = optStr(rec, 'liquidity', KIND);
  if (!LIQUIDATION_FLAGS.has(liquidation)) throw new MalformedFrame(KIND, 'liquidation must be M, T or MT');
  if (!LIQUIDITY.has(liquidity)) throw new MalformedFrame(KIND, 'liquidity must be M or T');
  const liquidated = optStr(rec, 'order_type', KIND) === 'liquidation' || (liquidity !== '' && liquidation.includes(liquidity));
  const label = optStr(rec, 'label', KIND);
  const orderId = liquidated ? '' : label !== '' ? label : optStr(rec, 'order_id', KIND);
  sink.events.push(
    orderId === ''
      ? { type: 'fill', symbol: entry.symbol, execId, side, qty, price: px, seq }
      : { type: 'fill', symbol: entry.symbol, orderId, execId, side, qty, price: px, seq },
  );
  return { instrument, seq };
}
