/**
 * Deribit REST (JSON-RPC over HTTP GET) `GET /api/v2/private/get_positions` and
 * `GET /api/v2/private/get_user_trades_by_instrument`, as the venue serves them to a REST client
 * such as riskgate's hook (src/feeds/deribit/deribit-rest.ts):
 *
 * - Auth (https://docs.deribit.com/articles/authentication): `Authorization: deri-hmac-sha256
 *   id=<client_id>,ts=<ms>,sig=<hex>,nonce=<nonce>` with `sig` = hex(HMAC-SHA256(secret, ts + "\n" +
 *   nonce + "\n" + "GET" + "\n" + uri + "\n" + body + "\n")), the URI with its query. Missing →
 *   error 13009 "unauthorized"; unknown id or wrong signature (checked when the account has an
 *   `apiSecret`) → error 13004 "invalid_credentials"; both at HTTP 400 (Deribit answers a
 *   JSON-RPC error object; the status is the simulator's choice). `ts` is not compared with the
 *   clock.
 * - Rate limit (https://docs.deribit.com/articles/rate-limits): credits per account, each
 *   non-matching-engine request costs 500, refilled at 10,000 per second, at most 50,000 (a burst
 *   of 100 requests, the documented default tier). Out of credits → HTTP 429 with error 10028
 *   "too_many_requests" (not charged).
 * - `get_positions`: `result` the positions of the instruments the account ever traded (flat
 *   ones with `size` 0 and `direction` zero), in the `user.changes` position shape.
 *   `get_user_trades_by_instrument?instrument_name&count=1&sorting=desc`: `result.trades` the
 *   newest trade (its `trade_seq`), none when never traded.
 * - Faults (`rest-faults.ts`, drawn per request): HTTP 503 with error 13028
 *   "temporarily_unavailable" (the simulator's choice of Deribit's codes) and late answers
 *   (taken on arrival, written later). No `restStale` answer as of some time ago: Deribit
 *   documents get_positions as the account's positions and its position object carries no time
 *   and no watermark, so such an answer could not be told from a current one on a walk-back
 *   instrument (the other venues stamp theirs: seq, updateTime, uTime, timestamp). As on the
 *   stream (`positionsInOrder`), the simulator does not make Deribit do what riskgate has no
 *   field to see.
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import type { DeribitFramer } from './deribit-framer.js';
import { signatureMatches } from './hmac-signature.js';
import { jsonAnswer, sendAnswer } from './rest-reply.js';
import type { ServerContext } from './server-context.js';
import { TokenBucketLimit } from './token-bucket-limit.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const POSITIONS = '/api/v2/private/get_positions';
const TRADES = '/api/v2/private/get_user_trades_by_instrument';
export const DERIBIT_CREDITS = Object.freeze({ cost: 500, perSecond: 10_000, max: 50_000 });

/** Registers the two private REST methods on `app`. */
export function addDeribitRestRoutes(app: HttpApp, ctx: ServerContext): void {
  const credits = new TokenBucketLimit(DERIBIT_CREDITS.max, DERIBIT_CREDITS.perSecond);
  const route = (path: string, result: (account: string, params: URLSearchParams, at: number) => unknown | undefined): void => {
    app.get(path, (res: HttpResponse, req: HttpRequest) => {
      ctx.sync();
      const ex = ctx.exchange;
      const now = ex.clock.nowMs();
      const reply = (status: string, body: Record<string, unknown>, delayMs = 0): void => sendAnswer(res, jsonAnswer(status, { jsonrpc: '2.0', ...body, usIn: (SIM_EPOCH_MS + now) * 1000, usOut: (SIM_EPOCH_MS + now) * 1000, usDiff: 0, testnet: true }), ex.queue, delayMs);
      const error = (status: string, code: number, message: string, delayMs = 0): void => reply(status, { error: { code, message } }, delayMs);
      const query = req.getQuery() ?? '';
      const uri = query === '' ? path : `${path}?${query}`;
      const authz = parseAuthorization(req.getHeader('authorization'));
      if (authz === undefined) return error('400 Bad Request', 13009, 'unauthorized');
      const account = ex.accountByKey(authz.id);
      if (account === undefined) return error('400 Bad Request', 13004, 'invalid_credentials');
      if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, `${authz.ts}\n${authz.nonce}\nGET\n${uri}\n\n`, authz.sig)) return error('400 Bad Request', 13004, 'invalid_credentials');
      if (!credits.take(account.name, DERIBIT_CREDITS.cost, now).ok) return error('429 Too Many Requests', 10028, 'too_many_requests');
      const params = new URLSearchParams(query);
      const fate = ex.restFaults(account.name).draw(`GET ${path}`, false);
      if (fate.error) return error('503 Service Unavailable', 13028, 'temporarily_unavailable', fate.delayMs);
      const r = result(account.name, params, now - fate.staleMs);
      if (r === undefined) return error('400 Bad Request', 10020, 'invalid_instrument_name');
      reply('200 OK', { result: r }, fate.delayMs);
    });
  };
  route(POSITIONS, (account, _params, at) => {
    const framer = ctx.exchange.stream(account).framer as DeribitFramer;
    return [...ctx.exchange.instruments.keys()].map((s) => ctx.exchange.positionAt(account, s, at)).filter((p) => p.seq >= 0).map((p) => framer.position(p));
  });
  route(TRADES, (account, params, at) => {
    const instrument = params.get('instrument_name') ?? '';
    if (!ctx.exchange.instruments.has(instrument)) return undefined;
    const p = ctx.exchange.positionAt(account, instrument, at);
    return { trades: p.seq < 0 ? [] : [{ trade_seq: p.seq, instrument_name: instrument, timestamp: SIM_EPOCH_MS + p.at }], has_more: false };
  });
}

/** `deri-hmac-sha256 id=…,ts=…,sig=…,nonce=…`, or undefined when absent or malformed. */
function parseAuthorization(header: string): { id: string; ts: string; sig: string; nonce: string } | undefined {
  const prefix = 'deri-hmac-sha256 ';
  if (!header.startsWith(prefix)) return undefined;
  const fields = new Map(header.slice(prefix.length).split(',').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()] as const;
  }));
  const id = fields.get('id');
  const ts = fields.get('ts');
  const sig = fields.get('sig');
  const nonce = fields.get('nonce');
  return id === undefined || ts === undefined || sig === undefined || nonce === undefined ? undefined : { id, ts, sig, nonce };
}
