/**
 * Binance USD-M REST position snapshots: `GET /fapi/v2/positionRisk` (SIGNED:
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info): query
 * `timestamp=<ms>&recvWindow=5000`, then `&signature=hex(HMAC_SHA256(secret, query))`, header
 * `X-MBX-APIKEY`. The answer is an array of `{symbol, positionAmt, positionSide, ...}`:
 * `positionAmt` is signed (long positive) as in `ACCOUNT_UPDATE`'s `pa`; one-way mode only
 * (`positionSide` BOTH; a hedge-mode symbol yields no snapshot, as in the decoder).
 * No watermark (walk-back): instruments must be `sequence: "none"`. A symbol absent is flat.
 *
 * `updateTime` (ms; 0 when the symbol never traded) is the time of the position's last change: it
 * becomes the snapshot's `venueTime`, on the same clock as `ACCOUNT_UPDATE`'s `T`
 * (binance-account-update.ts). An answer can reach the engine after newer stream updates (a slow
 * or stale answer, or a stream update that lagged behind a fresh answer); the engine ignores a
 * snapshot whose venue time is older than the last one it accepted. A current answer is never
 * older: its last change is at or after every change already reported. Absent: no venue time;
 * present but not a non-negative number: the answer is rejected.
 */
import type { SnapshotEvent } from '../../events/market-events.js';
import { lotsOf } from '../../venues/symbol-map.js';
import { VenueRestHook } from '../venue-rest-hook.js';
import { field, jsonBody, restError } from '../rest-body.js';
import { hmacSha256Hex } from '../signing.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';

export function binanceSignature(secret: string, query: string): string {
  return hmacSha256Hex(secret, query);
}

export class BinanceRest extends VenueRestHook {
  readonly venue = 'binance-usdm';
  readonly counts: SelectionCounts & { hedgeMode: number } = { noWatermark: 0, hedgeMode: 0 };


  async fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    const what = 'GET /fapi/v2/positionRisk';
    const query = `timestamp=${this.clock.nowMs()}&recvWindow=5000`;
    const signed = `${query}&signature=${binanceSignature(this.credentials.secret, query)}`;
    const body = jsonBody(await this.client.call('GET', `/fapi/v2/positionRisk?${signed}`, { 'X-MBX-APIKEY': this.credentials.apiKey }), what);
    if (!Array.isArray(body)) throw restError(what, `answer is not an array (code ${String(field(body, 'code'))})`);
    const decoded: SnapshotEvent[] = [];
    const hedged = new Set<string>();
    for (const row of body as unknown[]) {
      const venueSymbol = field(row, 'symbol');
      const entry = typeof venueSymbol === 'string' ? this.symbols.get(venueSymbol) : undefined;
      if (entry === undefined) continue;
      if (field(row, 'positionSide') !== 'BOTH') {
        hedged.add(entry.symbol);
        continue;
      }
      const lots = lotsOf(field(row, 'positionAmt'), entry);
      if (!lots.ok) throw restError(what, `positionAmt of ${entry.venueSymbol}: ${lots.error}`);
      const position = lots.lots === 0 ? 0 : lots.lots;
      const updateTime = field(row, 'updateTime');
      if (updateTime === undefined) {
        decoded.push({ type: 'snapshot', symbol: entry.symbol, position });
        continue;
      }
      if (typeof updateTime !== 'number' || !Number.isFinite(updateTime) || updateTime < 0) {
        throw restError(what, `updateTime of ${entry.venueSymbol} is not a time in ms: ${String(updateTime)}`);
      }
      decoded.push({ type: 'snapshot', symbol: entry.symbol, position, venueTime: updateTime });
    }
    this.counts.hedgeMode += hedged.size;
    return selectSnapshots(decoded, symbols.filter((s) => !hedged.has(s)), this.sequenced, true, this.counts);
  }
}
