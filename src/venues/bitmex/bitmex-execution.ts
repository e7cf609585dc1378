/**
 * `execution` table → fills.
 *
 * - Only `insert` rows are new executions. The `partial` image on subscription lists past
 *   executions that the position snapshot already contains: replaying them as fresh fills would
 *   count them twice, so the image is ignored (`execution:partial`), as are `update`/`delete`.
 * - A row is a fill when `execType` is `Trade` (or `Liquidation`): `lastQty` contracts (→ lots)
 *   at `lastPx`, side `side`, `execId` = `execID` (a UUID, unique across symbols).
 *   Other documented execTypes (`New`, `Canceled`, `Replaced`, `Rejected`, `Funding`,
 *   `Settlement`, `Bankruptcy`, ...) are order/account events, skipped as `execType:<name>`;
 *   order state comes from the `order` table, and a position change outside fills shows up as
 *   a snapshot mismatch in the engine.
 * - `orderId` = `clOrdID` (what the strategy sent), else `orderID` for orders sent without one
 *   (the `order` table uses the same rule, so they link). Liquidation / deleveraging executions
 *   (`bitmex-liquidation.ts`) are fills WITHOUT `orderId`.
 * - No `seq`: BitMEX has no execution sequence usable as a position watermark. The fill's
 *   `venueTime` is the row's `timestamp` (ISO 8601 UTC → ms), on the clock of the `position`
 *   rows' `timestamp` that the snapshots carry. A `timestamp` that is absent or not that form
 *   (see `isoMs`) leaves the fill without one: the execution is still known, only its place
 *   against a snapshot is not.
 */
import type { FillEvent, Side, VenueEvent } from '../../events/market-events.js';
import type { SymbolMap } from '../symbol-map.js';
import { BitmexFrameError } from './bitmex-frame-error.js';
import { contracts, nonEmptyString, optionalIsoMs, optionalString, price, record, string } from './bitmex-fields.js';
import type { Row } from './bitmex-fields.js';
import { isLiquidation } from './bitmex-liquidation.js';
import type { BitmexOutcome } from './bitmex-outcome.js';

const KIND = 'execution';
const FILL_TYPES = new Set(['Trade', 'Liquidation']);
const NON_FILL_TYPES = new Set([
  'New', 'Canceled', 'CancelReject', 'Replaced', 'Rejected', 'AmendReject', 'Restated', 'Funding', 'Settlement', 'Suspended',
  'Released', 'Insurance', 'Rebalance', 'Bankruptcy', 'TrialFill', 'TriggeredOrActivatedBySystem',
]);

function side(row: Row): Side {
  const s = string(row, 'side', KIND);
  if (s === 'Buy') return 'buy';
  if (s === 'Sell') return 'sell';
  throw new BitmexFrameError(KIND, `side is not Buy or Sell: ${JSON.stringify(s).slice(0, 20)}`);
}

export function decodeExecutionTable(action: string, data: readonly unknown[], symbols: SymbolMap): BitmexOutcome {
  if (action !== 'insert') return { type: 'ignored', kind: `execution:${action}` };
  const events: VenueEvent[] = [];
  const skipped: string[] = [];
  const rowErrors: BitmexFrameError[] = [];
  for (const value of data) {
    try {
      executionRow(value, symbols, events, skipped);
    } catch (e) {
      if (!(e instanceof BitmexFrameError)) throw e;
      rowErrors.push(e); // this row alone is dropped
    }
  }
  return { type: 'events', events, skipped, rowErrors };
}

function executionRow(value: unknown, symbols: SymbolMap, events: VenueEvent[], skipped: string[]): void {
  {
    const row = record(value, KIND, 'execution row');
    const execType = string(row, 'execType', KIND);
    if (!FILL_TYPES.has(execType)) {
      skipped.push(NON_FILL_TYPES.has(execType) ? `execType:${execType}` : 'execType:other');
      return;
    }
    const entry = symbols.get(string(row, 'symbol', KIND));
    if (entry === undefined) {
      skipped.push('unknownSymbol');
      return;
    }
    const execId = nonEmptyString(row, 'execID', KIND);
    const clOrdID = optionalString(row, 'clOrdID', KIND);
    const orderID = optionalString(row, 'orderID', KIND);
    const liquidation = isLiquidation(clOrdID, optionalString(row, 'text', KIND), execType);
    const orderId = clOrdID !== '' ? clOrdID : orderID;
    if (!liquidation && orderId === '') throw new BitmexFrameError(KIND, 'trade execution without clOrdID or orderID');
    const qty = contracts(row, 'lastQty', entry, KIND);
    if (qty === 0) throw new BitmexFrameError(KIND, 'trade execution with lastQty 0');
    const venueTime = optionalIsoMs(row, 'timestamp');
    const fill: FillEvent = {
      type: 'fill',
      symbol: entry.symbol,
      ...(liquidation ? {} : { orderId }),
      execId,
      side: side(row),
      qty,
      price: price(row, 'lastPx', KIND),
      ...(venueTime === undefined ? {} : { venueTime }),
    };
    events.push(fill);
  }
}
