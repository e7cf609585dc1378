/**
 * Deribit position (in `user.changes.*` notifications) → `snapshot`.
 * Source: https://docs.deribit.com/subscriptions/user/userchangeskindcurrencyinterval (position
 * object).
 *
 * - `size` is signed (negative when short) and must agree with `direction`: buy > 0, sell < 0,
 *   zero = 0; a disagreement is malformed. Futures size is in USD (quote), options in base coin:
 *   the configured lot size must be in that unit.
 * - `seq` (watermark): a position carries no sequence number of its own. Deribit delivers an
 *   instrument's trades and its resulting position in the same `user.changes` notification, so
 *   the watermark is the highest `trade_seq` among that notification's trades of the instrument
 *   (`watermark`). With no trade in the notification (an order placed or cancelled) the
 *   snapshot has no `seq`: it includes every trade already delivered on the channel.
 */
import type { FrameSink } from '../decoder-stats.js';
import type { SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, str } from '../frame-reader.js';

const KIND = 'positions';

export function decodeDeribitPosition(element: unknown, symbols: SymbolMap, sink: FrameSink, watermark: ReadonlyMap<string, number>): void {
  const rec = asRecord(element, KIND, 'position');
  const instrument = str(rec, 'instrument_name', KIND);
  const entry = symbols.get(instrument);
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  const position = lots(rec, 'size', KIND, entry, { numeric: true, sign: 'signed' });
  const direction = str(rec, 'direction', KIND);
  const agrees = direction === 'buy' ? position > 0 : direction === 'sell' ? position < 0 : direction === 'zero' ? position === 0 : false;
  if (!agrees) throw new MalformedFrame(KIND, `direction ${JSON.stringify(direction.slice(0, 40))} does not agree with size`);
  const seq = watermark.get(instrument);
  sink.events.push(seq === undefined ? { type: 'snapshot', symbol: entry.symbol, position } : { type: 'snapshot', symbol: entry.symbol, position, seq });
}
