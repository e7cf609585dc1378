/**
 * Bybit v5 REST position snapshots: `GET /v5/position/list?category=…&symbol=…`
 * (https://bybit-exchange.github.io/docs/v5/position), signed per
 * https://bybit-exchange.github.io/docs/v5/guide#authentication: headers `X-BAPI-API-KEY`,
 * `X-BAPI-TIMESTAMP` (ms), `X-BAPI-RECV-WINDOW`, `X-BAPI-SIGN = hex(HMAC_SHA256(secret,
 * timestamp + apiKey + recvWindow + queryString))`. Envelope `{retCode: 0, result: {list}}`.
 *
 * Each list element has the WebSocket `position` shape, so it is decoded by the same element
 * decoder (sign by `side`, one-way mode only) and keeps its `seq`: the cross sequence of the last
 * execution included, a true watermark for `monotonic` instruments; `seq` -1 ("never traded") is
 * watermark 0, by the decoder's rule (`bybitPositionSeq`), the same on the private stream.
 *
 * "Come back later" as Bybit documents it (https://bybit-exchange.github.io/docs/v5/rate-limit),
 * read by `bybitComeBackLater` inside the RestClient (so neither is counted `ok` nor resets the
 * back-off streak); Bybit's HTTP 429 (system-level protection) is the client's generic rule:
 * - per-UID limit: HTTP 200 with `retCode` 10006 "Too many visits!": no call until
 *   `X-Bapi-Limit-Reset-Timestamp`, measured from the answer's own `time` (the venue's clock, not
 *   ours); without a readable reset time, Bybit's window ("per second per UID"). `rateLimited`.
 * - per-IP limit: HTTP 403 "access too frequent", "wait for at least 10 minutes". `banned`.
 */
import type { SnapshotEvent } from '../../events/market-events.js';
import { FrameSink } from '../../venues/decoder-stats.js';
import { MalformedFrame } from '../../venues/frame-reader.js';
import type { VenueSymbolConfig } from '../../venues/venue-decoder.js';
import { decodeBybitPosition } from '../../venues/bybit/bybit-position.js';
import type { Credentials } from '../credentials.js';
import { header, type ComeBackLater } from '../come-back-later.js';
import type { FeedClock } from '../feed-timers.js';
import type { HttpResponse } from '../http-request.js';
import type { RestClient } from '../rest-client.js';
import { VenueRestHook } from '../venue-rest-hook.js';
import { field, jsonBody, restError, tryJson } from '../rest-body.js';
import { hmacSha256Hex } from '../signing.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';

const RECV_WINDOW = '5000';
const TOO_MANY_VISITS = 10006;
/** "per second per UID": the wait when a 10006 answer carries no readable reset time. */
const UID_WINDOW_MS = 1_000;
/** "wait for at least 10 minutes" after HTTP 403 "access too frequent". */
const IP_BAN_MS = 10 * 60_000;

export function bybitRestSignature(secret: string, timestamp: string, apiKey: string, recvWindow: string, payload: string): string {
  return hmacSha256Hex(secret, timestamp + apiKey + recvWindow + payload);
}

/** Bybit's documented "come back later" answers (see the header); `undefined` for any other answer. */
export function bybitComeBackLater(res: HttpResponse): ComeBackLater | undefined {
  if (res.status === 403) return { kind: 'banned', afterMs: IP_BAN_MS, reason: 'HTTP 403 (IP refused: access too frequent)' };
  if (res.status !== 200) return undefined;
  const body = tryJson(res);
  if (field(body, 'retCode') !== TOO_MANY_VISITS) return undefined;
  const resetIn = Number(header(res, 'x-bapi-limit-reset-timestamp')) - Number(field(body, 'time'));
  if (Number.isFinite(resetIn) && resetIn > 0) return { kind: 'rate-limited', afterMs: resetIn, reason: `retCode ${TOO_MANY_VISITS} (rate limit) until X-Bapi-Limit-Reset-Timestamp` };
  return { kind: 'rate-limited', afterMs: UID_WINDOW_MS, reason: `retCode ${TOO_MANY_VISITS} (rate limit) without a reset time: Bybit's ${UID_WINDOW_MS} ms window` };
}

export class BybitRest extends VenueRestHook {
  readonly venue = 'bybit';
  readonly counts: SelectionCounts = { noWatermark: 0 };
  readonly #venueSymbol: Map<string, string>;

  constructor(
    client: RestClient,
    credentials: Credentials,
    instruments: readonly VenueSymbolConfig[],
    private readonly category: string,
    sequenced: ReadonlySet<string>,
    clock: FeedClock,
  ) {
    super(client, credentials, instruments, sequenced, clock);
    this.#venueSymbol = new Map(instruments.map((i) => [i.symbol, i.venueSymbol ?? i.symbol]));
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
      const body = jsonBody(await this.client.call('GET', `/v5/position/list?${query}`, headers, { comeBackLater: bybitComeBackLater }), what);
      if (field(body, 'retCode') !== 0) throw restError(what, `retCode ${String(field(body, 'retCode'))} ${String(field(body, 'retMsg'))}`);
      const list = field(field(body, 'result'), 'list');
      if (!Array.isArray(list)) throw restError(what, 'result.list is not an array');
      const sink = new FrameSink();
      try {
        for (const element of list as unknown[]) decodeBybitPosition(element, this.symbols, sink);
      } catch (e) {
        if (e instanceof MalformedFrame) throw restError(what, `malformed position: ${e.message}`);
        throw e;
      }
      for (const e of sink.events) if (e.type === 'snapshot') decoded.push(e);
    }
    return selectSnapshots(decoded, symbols, this.sequenced, false, this.counts);
  }
}
