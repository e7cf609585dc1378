/**
 * Bybit v5 REST position snapshots: `GET /v5/position/list?category=…&symbol=…`
 * (https://bybit-exchange.github.io/docs/v5/position), signed per
 * https://bybit-exchange.github.io/docs/v5/guide#authentication: headers `X-BAPI-API-KEY`,
 * `X-BAPI-TIMESTAMP` (ms), `X-BAPI-RECV-WINDOW`, `X-BAPI-SIGN = hex(HMAC_SHA256(secret,
 * timestamp + apiKey + recvWindow + queryString))`. Envelope `{retCode: 0, result: {list}}`.
 *
 * Each list element has the WebSocket `position` shape, so it is decoded by the same element
 * decoder (sign by `side`, one-way mode only) and keeps its `seq`: the cross sequence of the last
 * execution included, a true watermark for `monotonic` instruments.
 */
import type { SnapshotEvent } from '../../scenario/scenario-types.js';
import { FrameSink } from '../../venues/decoder-stats.js';
import { MalformedFrame } from '../../venues/frame-reader.js';
import { SymbolMap } from '../../venues/symbol-map.js';
import type { VenueSymbolConfig } from '../../venues/venue-decoder.js';
import { decodeBybitPosition } from '../../venues/bybit/bybit-position.js';
import type { Credentials } from '../credentials.js';
import type { PositionHook } from '../position-hook.js';
import type { RestClient } from '../rest-client.js';
import { field, jsonBody, restError } from '../rest-body.js';
import { hmacSha256Hex } from '../signing.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';
import type { FeedClock } from '../feed-timers.js';

const RECV_WINDOW = '5000';

export function bybitRestSignature(secret: string, timestamp: string, apiKey: string, recvWindow: string, payload: string): string {
  return hmacSha256Hex(secret, timestamp + apiKey + recvWindow + payload);
}

export class BybitRest implements PositionHook {
  readonly venue = 'bybit';
  readonly counts: SelectionCounts = { noWatermark: 0 };
  readonly #symbols: SymbolMap;
  readonly #venueSymbol: Map<string, string>;

  constructor(
    private readonly client: RestClient,
    private readonly credentials: Credentials,
    instruments: readonly VenueSymbolConfig[],
    private readonly category: string,
    private readonly sequenced: ReadonlySet<string>,
    private readonly clock: FeedClock,
  ) {
    this.#symbols = new SymbolMap(instruments);
    this.#venueSymbol = new Map(instruments.map((i) => [i.symbol, i.venueSymbol ?? i.symbol]));
  }

  get stats(): RestClient['stats'] {
    return this.client.stats;
  }

  async fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    const decoded: SnapshotEvent[] = [];
    for (const symbol of symbols) {
      const venueSymbol = this.#venueSymbol.get(symbol);
      if (venueSymbol === undefined) continue;
      const query = `category=${encodeURIComponent(this.category)}&symbol=${encodeURIComponent(venueSymbol)}`;
      const ts = String(this.clock.nowMs());
      const headers = {
        'X-BAPI-API-KEY': this.credentials.apiKey,
        'X-BAPI-TIMESTAMP': ts,
        'X-BAPI-RECV-WINDOW': RECV_WINDOW,
        'X-BAPI-SIGN': bybitRestSignature(this.credentials.secret, ts, this.credentials.apiKey, RECV_WINDOW, query),
      };
      const what = 'GET /v5/position/list';
      const body = jsonBody(await this.client.call('GET', `/v5/position/list?${query}`, headers), what);
      if (field(body, 'retCode') !== 0) throw restError(what, `retCode ${String(field(body, 'retCode'))} ${String(field(body, 'retMsg'))}`);
      const list = field(field(body, 'result'), 'list');
      if (!Array.isArray(list)) throw restError(what, 'result.list is not an array');
      const sink = new FrameSink();
      try {
        for (const element of list as unknown[]) decodeBybitPosition(element, this.#symbols, sink);
      } catch (e) {
        if (e instanceof MalformedFrame) throw restError(what, `malformed position: ${e.message}`);
        throw e;
      }
      for (const e of sink.events) if (e.type === 'snapshot') decoded.push(e);
    }
    return selectSnapshots(decoded, symbols, this.sequenced, false, this.counts);
  }
}
