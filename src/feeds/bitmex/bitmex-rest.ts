/**
 * BitMEX REST position snapshots: `GET /api/v1/position` (https://www.bitmex.com/api/explorer),
 * signed per https://www.bitmex.com/app/apiKeysUsage: headers `api-key`, `api-expires` (Unix
 * seconds) and `api-signature = hex(HMAC_SHA256(secret, verb + path + expires + body))`, path
 * including the query string. Rows have the WebSocket `position` table shape and are decoded as
 * a `partial` by the same table decoder (`currentQty`, signed contracts). No watermark
 * (walk-back): instruments must be `sequence: "none"`. A symbol absent from the answer is flat.
 *
 * "Come back later" as BitMEX documents it (https://www.bitmex.com/app/restAPI, "Limits" and
 * "Overload"), read by `bitmexComeBackLater` inside the RestClient:
 * - rate limit: HTTP 429 "and an additional header, Retry-After, that indicates the number of
 *   seconds you should sleep before retrying" (the client honours `Retry-After` on every "come
 *   back later"); without it, `x-ratelimit-reset` (Unix seconds, the venue's clock) measured from
 *   the answer's own `Date` header. `rateLimited`.
 * - load shedding: HTTP 503 "The system is currently overloaded. Please try again later.": "the
 *   request will not have reached the engine, and you should retry after at least 500
 *   milliseconds". `overloaded`. Any other 5xx takes the generic rule (`serverErrors`).
 */
import type { SnapshotEvent } from '../../events/market-events.js';
import { decodePositionTable } from '../../venues/bitmex/bitmex-position.js';
import { BitmexFrameError } from '../../venues/bitmex/bitmex-frame-error.js';
import { header, type ComeBackLater } from '../come-back-later.js';
import type { HttpResponse } from '../http-request.js';
import { VenueRestHook } from '../venue-rest-hook.js';
import { field, jsonBody, restError, tryJson } from '../rest-body.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';
import { bitmexSignature } from './bitmex-protocol.js';

const OVERLOADED = 'The system is currently overloaded.';
/** "retry after at least 500 milliseconds" after the overload 503. */
const OVERLOAD_RETRY_MS = 500;

/** BitMEX's documented "come back later" answers (see the header); `undefined` for any other answer. */
export function bitmexComeBackLater(res: HttpResponse): ComeBackLater | undefined {
  if (res.status === 429) {
    const resetAt = Number(header(res, 'x-ratelimit-reset')) * 1000;
    const now = Date.parse(header(res, 'date') ?? '');
    if (Number.isFinite(resetAt) && Number.isFinite(now) && resetAt > now) return { kind: 'rate-limited', afterMs: resetAt - now, reason: 'HTTP 429 (rate limited, until x-ratelimit-reset)' };
    return { kind: 'rate-limited', afterMs: 0, reason: 'HTTP 429 (rate limited)' };
  }
  if (res.status !== 503) return undefined;
  const message = field(field(tryJson(res), 'error'), 'message');
  return typeof message === 'string' && message.startsWith(OVERLOADED) ? { kind: 'overloaded', afterMs: OVERLOAD_RETRY_MS, reason: 'HTTP 503 (the system is currently overloaded)' } : undefined;
}

export class BitmexRest extends VenueRestHook {
  readonly venue = 'bitmex';
  readonly counts: SelectionCounts = { noWatermark: 0 };


  async fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    const path = '/api/v1/position';
    const expires = Math.floor(this.clock.nowMs() / 1000) + 10;
    const headers = {
      'api-key': this.credentials.apiKey,
      'api-expires': String(expires),
      'api-signature': bitmexSignature(this.credentials.secret, 'GET', path, expires, ''),
    };
    const what = `GET ${path}`;
    const body = jsonBody(await this.client.call('GET', path, headers, { comeBackLater: bitmexComeBackLater }), what);
    if (!Array.isArray(body)) throw restError(what, `answer is not an array (${String(field(field(body, 'error'), 'message'))})`);
    let decoded: SnapshotEvent[];
    try {
      const outcome = decodePositionTable('partial', body as unknown[], this.symbols);
      decoded = outcome.type === 'events' ? outcome.events.filter((e): e is SnapshotEvent => e.type === 'snapshot') : [];
    } catch (e) {
      if (e instanceof BitmexFrameError) throw restError(what, `malformed position: ${e.message}`);
      throw e;
    }
    return selectSnapshots(decoded, symbols, this.sequenced, true, this.counts);
  }
}
