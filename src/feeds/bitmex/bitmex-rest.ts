/**
 * BitMEX REST position snapshots: `GET /api/v1/position` (https://www.bitmex.com/api/explorer),
 * signed per https://www.bitmex.com/app/apiKeysUsage: headers `api-key`, `api-expires` (Unix
 * seconds) and `api-signature = hex(HMAC_SHA256(secret, verb + path + expires + body))`, path
 * including the query string. Rows have the WebSocket `position` table shape and are decoded as
 * a `partial` by the same table decoder (`currentQty`, signed contracts). No watermark
 * (walk-back): instruments must be `sequence: "none"`. A symbol absent from the answer is flat.
 */
import type { SnapshotEvent } from '../../scenario/scenario-types.js';
import { SymbolMap } from '../../venues/symbol-map.js';
import type { VenueSymbolConfig } from '../../venues/venue-decoder.js';
import { decodePositionTable } from '../../venues/bitmex/bitmex-position.js';
import { BitmexFrameError } from '../../venues/bitmex/bitmex-frame-error.js';
import type { Credentials } from '../credentials.js';
import type { FeedClock } from '../feed-timers.js';
import type { PositionHook } from '../position-hook.js';
import type { RestClient } from '../rest-client.js';
import { field, jsonBody, restError } from '../rest-body.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';
import { bitmexSignature } from './bitmex-protocol.js';

export class BitmexRest implements PositionHook {
  readonly venue = 'bitmex';
  readonly counts: SelectionCounts = { noWatermark: 0 };
  readonly #symbols: SymbolMap;

  constructor(
    private readonly client: RestClient,
    private readonly credentials: Credentials,
    instruments: readonly VenueSymbolConfig[],
    private readonly sequenced: ReadonlySet<string>,
    private readonly clock: FeedClock,
  ) {
    this.#symbols = new SymbolMap(instruments);
  }

  get stats(): RestClient['stats'] {
    return this.client.stats;
  }

  async fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    const path = '/api/v1/position';
    const expires = Math.floor(this.clock.nowMs() / 1000) + 10;
    const headers = {
      'api-key': this.credentials.apiKey,
      'api-expires': String(expires),
      'api-signature': bitmexSignature(this.credentials.secret, 'GET', path, expires, ''),
    };
    const what = `GET ${path}`;
    const body = jsonBody(await this.client.call('GET', path, headers), what);
    if (!Array.isArray(body)) throw restError(what, `answer is not an array (${String(field(field(body, 'error'), 'message'))})`);
    let decoded: SnapshotEvent[];
    try {
      const outcome = decodePositionTable('partial', body as unknown[], this.#symbols);
      decoded = outcome.type === 'events' ? outcome.events.filter((e): e is SnapshotEvent => e.type === 'snapshot') : [];
    } catch (e) {
      if (e instanceof BitmexFrameError) throw restError(what, `malformed position: ${e.message}`);
      throw e;
    }
    return selectSnapshots(decoded, symbols, this.sequenced, true, this.counts);
  }
}
