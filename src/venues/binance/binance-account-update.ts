/**
 * `ACCOUNT_UPDATE` ("Event: Balance and Position Update") → position snapshots.
 *
 * Only the positions in `a.P` are reported, and Binance pushes only symbols whose position
 * changed, so a snapshot is emitted for exactly the symbols present. `pa` is the signed position
 * amount (long positive, short negative) as a decimal string, converted to whole lots. No `seq`:
 * Binance has no execution watermark for positions (walk-back reconciliation).
 *
 * Venue time: an update pushed for a trade (`a.m` = `ORDER`) reports the position as changed at
 * the frame's transaction time `T` (ms; required then: a frame without it is malformed), which
 * becomes the snapshot's `venueTime`. Binance orders a connection's `ACCOUNT_UPDATE`s by `T`, and
 * REST `positionRisk` stamps the same position with `updateTime`, the time of its last change:
 * so the engine can tell a late, older report (a replay after a reconnect, a slow REST answer)
 * and ignore it instead of walking it (walk-back-reconciler.ts). Other reasons (`FUNDING_FEE` on an
 * isolated position, margin transfers, ...) push a position that did not change at `T`: those
 * snapshots carry no venue time, since a `T` newer than the change would make the engine reject
 * a current REST answer (whose `updateTime` is the change) as older.
 *
 * Hedge mode: Binance pushes the `BOTH` row (always 0) plus only the LONG or SHORT leg that
 * changed. An instrument configured hedge (`VenueSymbolConfig.hedge`) takes each LONG row as its
 * long leg's snapshot (`pa` >= 0) and each SHORT row as `SYMBOL:short`'s (`pa` <= 0; a sign
 * against the leg is a malformed row); its `BOTH` row is skipped (`oneWayPosition`). A one-way
 * instrument cannot hold legs: the net position cannot be computed from one update (summing the
 * legs present would be wrong), so any LONG/SHORT row of a one-way symbol suppresses every
 * snapshot of that symbol in the frame, counted as `hedgeModePosition`; fills still flow, and
 * the engine sees the instrument go unconfirmed/stale instead of a wrong position. Balances
 * (`a.B`) are ignored.
 */
import type { SnapshotEvent, VenueEvent } from '../../events/market-events.js';
import { parseDecimal } from '../../units/decimal-lots.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { BinanceFrameError } from './binance-frame-error.js';
import { epochMs, lots, record, string } from './binance-fields.js';
import type { Fields } from './binance-fields.js';
import type { BinanceOutcome } from './binance-outcome.js';

const KIND = 'accountUpdate';
const POSITION_SIDES = new Set(['BOTH', 'LONG', 'SHORT']);

export function decodeAccountUpdate(frame: Fields, symbols: SymbolMap): BinanceOutcome {
  const a = record(frame['a'], KIND, 'a');
  const positions = a['P'];
  if (!Array.isArray(positions)) throw new BinanceFrameError(KIND, 'a.P is not an array');
  const venueTime = a['m'] === 'ORDER' && positions.length > 0 ? epochMs(frame, 'T', KIND) : undefined;

  // A malformed row is dropped alone (and says nothing about hedge mode); the others still decode.
  const rowErrors: BinanceFrameError[] = [];
  const rows: { s: string; ps: string; row: Fields }[] = [];
  const hedged = new Set<string>();
  for (const value of positions as readonly unknown[]) {
    try {
      const row = record(value, KIND, 'a.P[]');
      const s = string(row, 's', KIND);
      const ps = string(row, 'ps', KIND);
      if (!POSITION_SIDES.has(ps)) throw new BinanceFrameError(KIND, `unknown position side ps ${JSON.stringify(ps).slice(0, 20)}`);
      const pa = string(row, 'pa', KIND);
      if (parseDecimal(pa) === undefined) throw new BinanceFrameError(KIND, `pa is not a decimal: ${JSON.stringify(pa).slice(0, 40)}`);
      if (ps !== 'BOTH' && symbols.get(s)?.hedge !== true) hedged.add(s);
      rows.push({ s, ps, row });
    } catch (e) {
      if (!(e instanceof BinanceFrameError)) throw e;
      rowErrors.push(e);
    }
  }

  const events: VenueEvent[] = [];
  const skipped: string[] = [];
  for (const { s, ps, row } of rows) {
    const entry = symbols.get(s);
    if (entry === undefined) {
      skipped.push('unknownSymbol');
    } else if (hedged.has(s)) {
      if (ps !== 'BOTH') skipped.push('hedgeModePosition');
    } else if (entry.hedge && ps === 'BOTH') {
      skipped.push('oneWayPosition');
    } else {
      try {
        const position = lots(row, 'pa', entry, KIND, true);
        if ((ps === 'LONG' && position < 0) || (ps === 'SHORT' && position > 0)) throw new BinanceFrameError(KIND, 'pa has the sign of the other leg');
        const symbol = legSymbol(entry, ps === 'SHORT' ? 2 : 1);
        const snapshot: SnapshotEvent = venueTime === undefined
          ? { type: 'snapshot', symbol, position }
          : { type: 'snapshot', symbol, position, venueTime };
        events.push(snapshot);
      } catch (e) {
        if (!(e instanceof BinanceFrameError)) throw e;
        rowErrors.push(e);
      }
    }
  }
  return { type: 'events', events, skipped, rowErrors };
}
