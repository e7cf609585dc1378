/**
 * OKX v5 REST position snapshots: `GET /api/v5/account/positions`
 * (https://www.okx.com/docs-v5/en/#trading-account-rest-api-get-positions), signed per
 * https://www.okx.com/docs-v5/en/#overview-rest-authentication: headers `OK-ACCESS-KEY`,
 * `OK-ACCESS-PASSPHRASE`, `OK-ACCESS-TIMESTAMP` (ISO 8601 with ms) and `OK-ACCESS-SIGN =
 * base64(HMAC_SHA256(secret, timestamp + "GET" + requestPath + body))`; on the testnet (demo
 * trading) also `x-simulated-trading: 1`. Envelope `{code: "0", data: [...]}`.
 *
 * Elements have the WebSocket `positions` shape and are decoded by the same element decoder;
 * `tradeId` (the last trade included) is the watermark. OKX lists open positions only: an
 * instrument missing from the answer is flat, but has no watermark: a snapshot only for `none`
 * instruments (dropped and counted for sequenced ones).
 *
 * "Come back later" as OKX documents it (https://www.okx.com/docs-v5/en/#error-code-rest-api-general
 * and #overview-rate-limits), read by `okxComeBackLater` inside the RestClient; private endpoints
 * are limited per User ID and endpoint, this one to 10 requests per 2 seconds, with no reset header:
 * - code "50011" "Rate limit reached. Please refer to API documentation and throttle requests
 *   accordingly", listed at HTTP 429 (and at HTTP 200): no call for the endpoint's 2 s window.
 *   `rateLimited`.
 * - code "50013" "System is busy, please try again later" at HTTP 200: the streak's wait.
 *   `overloaded`.
 * Other 429/5xx answers (50001 "Service temporarily unavailable" is a 503) take the generic rule.
 */
import type { SnapshotEvent } from '../../events/market-events.js';
import { FrameSink } from '../../venues/decoder-stats.js';
import { MalformedFrame } from '../../venues/frame-reader.js';
import type { VenueSymbolConfig } from '../../venues/venue-decoder.js';
import { decodeOkxPosition } from '../../venues/okx/okx-position.js';
import type { ComeBackLater } from '../come-back-later.js';
import type { Credentials } from '../credentials.js';
import type { FeedClock } from '../feed-timers.js';
import type { HttpResponse } from '../http-request.js';
import type { RestClient } from '../rest-client.js';
import { VenueRestHook } from '../venue-rest-hook.js';
import { field, jsonBody, restError, tryJson } from '../rest-body.js';
import { hmacSha256Base64 } from '../signing.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';

const RATE_LIMIT_REACHED = '50011';
const SYSTEM_BUSY = '50013';
/** GET /api/v5/account/positions: "10 requests per 2 seconds" per User ID. */
const POSITIONS_WINDOW_MS = 2_000;

/** OKX's documented "come back later" answers (see the header); `undefined` for any other answer. */
export function okxComeBackLater(res: HttpResponse): ComeBackLater | undefined {
  const code = field(tryJson(res), 'code');
  if (code === RATE_LIMIT_REACHED) return { kind: 'rate-limited', afterMs: POSITIONS_WINDOW_MS, reason: `HTTP ${res.status} code ${RATE_LIMIT_REACHED} (rate limit reached; the endpoint's ${POSITIONS_WINDOW_MS} ms window)` };
  if (code === SYSTEM_BUSY) return { kind: 'overloaded', afterMs: 0, reason: `HTTP ${res.status} code ${SYSTEM_BUSY} (system is busy)` };
  return undefined;
}

export function okxRestSignature(secret: string, timestamp: string, method: string, requestPath: string, body: string): string {
  return hmacSha256Base64(secret, timestamp + method + requestPath + body);
}

export class OkxRest extends VenueRestHook {
  readonly venue = 'okx';
  readonly counts: SelectionCounts = { noWatermark: 0 };

  constructor(
    client: RestClient,
    credentials: Credentials,
    instruments: readonly VenueSymbolConfig[],
    sequenced: ReadonlySet<string>,
    clock: FeedClock,
    private readonly simulated: boolean,
  ) {
    super(client, credentials, instruments, sequenced, clock);
  }

  async fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    const path = '/api/v5/account/positions';
    const ts = new Date(this.clock.nowMs()).toISOString();
    const c = this.credentials;
    const headers: Record<string, string> = {
      'OK-ACCESS-KEY': c.apiKey,
      'OK-ACCESS-PASSPHRASE': c.passphrase,
      'OK-ACCESS-TIMESTAMP': ts,
      'OK-ACCESS-SIGN': okxRestSignature(c.secret, ts, 'GET', path, ''),
    };
    if (this.simulated) headers['x-simulated-trading'] = '1';
    const what = `GET ${path}`;
    const body = jsonBody(await this.client.call('GET', path, headers, { comeBackLater: okxComeBackLater }), what);
    if (field(body, 'code') !== '0') throw restError(what, `code ${String(field(body, 'code'))} ${String(field(body, 'msg'))}`);
    const data = field(body, 'data');
    if (!Array.isArray(data)) throw restError(what, 'data is not an array');
    const sink = new FrameSink();
    try {
      for (const element of data as unknown[]) decodeOkxPosition(element, this.symbols, sink);
    } catch (e) {
      if (e instanceof MalformedFrame) throw restError(what, `malformed position: ${e.message}`);
      throw e;
    }
    const decoded = sink.events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
    // Missing = flat; for a sequenced instrument a flat answer has no watermark: dropped, counted.
    return selectSnapshots(decoded, symbols, this.sequenced, true, this.counts);
  }
}
