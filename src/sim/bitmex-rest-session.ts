/**
 * BitMEX `GET /api/v1/position` (https://www.bitmex.com/api/explorer/#!/Position/Position_get), as
 * the venue serves it to a REST client such as riskgate's hook (src/feeds/bitmex/bitmex-rest.ts):
 *
 * - Auth (https://www.bitmex.com/app/apiKeysUsage): headers `api-key`, `api-expires` (Unix s),
 *   `api-signature` = hex(HMAC-SHA256(secret, verb + path + expires + body)), the path with its
 *   query. Missing or unknown key → HTTP 401 "Invalid API Key."; wrong signature (checked when
 *   the account has an `apiSecret`) → HTTP 401 "Signature not valid.". `api-expires` is not
 *   compared with the clock.
 * - Rate limit (https://www.bitmex.com/app/restAPI "Limits"): a token bucket per account of 120
 *   requests refilled over a minute; every answer past auth carries `x-ratelimit-limit`,
 *   `x-ratelimit-remaining` and `x-ratelimit-reset` (Unix s, venue time, when the bucket is full
 *   again) and a `Date` header on the same clock. Empty → HTTP 429 "Rate limit exceeded" with
 *   `Retry-After` (s).
 * - Answer: an array of `position` rows (the WebSocket table's shape), one per instrument the
 *   account ever traded, `currentQty` signed contracts (flat ones 0), `timestamp` the moment the
 *   answer shows (a real row's timestamp moves with the mark price, not only with fills).
 * - Faults (`rest-faults.ts`): the `restError` fault answers BitMEX's documented load shedding,
 *   HTTP 503 "The system is currently overloaded. Please try again later." ("the request will not
 *   have reached the engine"); positions as of some time ago; late answers.
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import type { BitmexFramer } from './bitmex-framer.js';
import { addBitmexOrderRoutes } from './bitmex-order-route.js';
import { signatureMatches } from './hmac-signature.js';
import { jsonAnswer, sendAnswer } from './rest-reply.js';
import type { ServerContext } from './server-context.js';
import { TokenBucketLimit } from './token-bucket-limit.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const PATH = '/api/v1/position';
export const BITMEX_REST_LIMIT = Object.freeze({ requests: 120, perMinute: 120 });

/** Registers `GET /api/v1/position` on `app`. */
export function addBitmexRestRoutes(app: HttpApp, ctx: ServerContext): void {
  const bucket = new TokenBucketLimit(BITMEX_REST_LIMIT.requests, BITMEX_REST_LIMIT.perMinute / 60);
  addBitmexOrderRoutes(app, ctx, bucket, BITMEX_REST_LIMIT.requests);
  app.get(PATH, (res: HttpResponse, req: HttpRequest) => {
    ctx.sync();
    const ex = ctx.exchange;
    const now = ex.clock.nowMs();
    const date = new Date(SIM_EPOCH_MS + now).toUTCString();
    const fail = (status: string, message: string, name: string, headers: Record<string, string> = {}, delayMs = 0): void => sendAnswer(res, jsonAnswer(status, { error: { message, name } }, { Date: date, ...headers }), ex.queue, delayMs);
    const query = req.getQuery() ?? '';
    const account = ex.accountByKey(req.getHeader('api-key'));
    if (account === undefined) return fail('401 Unauthorized', 'Invalid API Key.', 'HTTPError');
    const path = query === '' ? PATH : `${PATH}?${query}`;
    if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, `GET${path}${req.getHeader('api-expires')}`, req.getHeader('api-signature'))) return fail('401 Unauthorized', 'Signature not valid.', 'HTTPError');
    const v = bucket.take(account.name, 1, now);
    const limits = { 'x-ratelimit-limit': String(BITMEX_REST_LIMIT.requests), 'x-ratelimit-remaining': String(v.remaining), 'x-ratelimit-reset': String(Math.ceil((SIM_EPOCH_MS + v.fullAt) / 1000)) };
    if (!v.ok) return fail('429 Too Many Requests', `Rate limit exceeded, retry in ${Math.ceil(v.retryAfterMs / 1000)} seconds.`, 'RateLimitError', { ...limits, 'Retry-After': String(Math.ceil(v.retryAfterMs / 1000)) });
    const fate = ex.restFaults(account.name).draw(`GET ${PATH}`);
    if (fate.error) return fail('503 Service Unavailable', 'The system is currently overloaded. Please try again later.', 'HTTPError', limits, fate.delayMs);
    const framer = ex.stream(account.name).framer as BitmexFramer;
    const asOf = now - fate.staleMs;
    const rows = [...ex.instruments.keys()].map((s) => ex.positionAt(account.name, s, asOf)).filter((p) => p.seq >= 0).map((p) => framer.positionRow(p, asOf));
    sendAnswer(res, jsonAnswer('200 OK', rows, { Date: date, ...limits }), ex.queue, fate.delayMs);
  });
}
