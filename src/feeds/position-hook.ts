/**
 * A venue's REST reconciliation hook: on demand, the positions of some instruments as `snapshot`
 * events (engine symbols, signed integer lots, the decoders' conventions).
 *
 * Watermarks: a REST snapshot carries `seq` only when the venue's answer has an execution
 * watermark of its own (Bybit `seq`, OKX `tradeId`, Deribit: the last `trade_seq`, read before
 * and after the positions and used only when unchanged). Binance and BitMEX have none: their
 * instruments use `sequence: "none"` and the snapshot enters the walk-back (fills received
 * after the venue took the snapshot simply stay unconfirmed; a fill the snapshot includes but the
 * stream has not delivered yet makes it unexplained for a moment: counted, settled by the next
 * snapshot). They carry `venueTime` instead (Binance `updateTime`, BitMEX `timestamp`): an answer
 * older than a snapshot the engine already accepted (slow, stale, or overtaken by the stream) is
 * ignored and counted there, never walked. A snapshot without `seq` for a sequenced instrument
 * would be rejected by the engine, so hooks drop it and count it (`noWatermark`).
 *
 * Rejects with `FeedError` (ERR_RISKGATE_FEED_REST) on budget, back-off, HTTP or body errors.
 */
import type { SnapshotEvent } from '../events/market-events.js';
import type { RestStats } from './rest-client.js';
import type { VenueName } from './venue-name.js';

export interface PositionHook {
  readonly venue: VenueName;
  /** Snapshots for `symbols` (engine names); instruments the answer lacks are flat when the venue omits flat positions. */
  fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]>;
  readonly stats: RestStats;
}
