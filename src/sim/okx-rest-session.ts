/**
 * OKX v5 `GET /api/v5/account/positions`
 * (https://www.okx.com/docs-v5/en/#trading-account-rest-api-get-positions), as the venue serves
 * it to a REST client such as riskgate's hook (src/feeds/okx/okx-rest.ts):
 *
 * - Auth (https://www.okx.com/docs-v5/en/#overview-rest-authentication): headers
 *   `OK-ACCESS-KEY`, `OK-ACCESS-PASSPHRASE`, `OK-ACCESS-TIMESTAMP`, `OK-ACCESS-SIGN` =
 *   base64(HMAC-SHA256(secret, timestamp + method + requestPath + body)), the request path with
 *   its query. HTTP 401 with code 50103 (no key), 50111 (unknown key), 50105 (wrong passphrase,
 *   checked when the account has one), 50113 (wrong signature, checked when it has an
 *   `apiSecret`) (https://www.okx.com/docs-v5/en/#error-code-rest-api-general). The timestamp is
 *   not compared with the clock (simulated time is not wall time).
 * - Rate limit (https://www.okx.com/docs-v5/en/#overview-rate-limits): "10 requests per 2
 *   seconds" per User ID on this endpoint, a rolling window here; beyond → HTTP 429 code 50011
 *   "Rate limit reached. Please refer to API documentation and throttle requests accordingly"
 *   (not counted). OKX sends no reset header.
 * - Query `instType` / `instId` (optional: one instrument). Answer `{code:"0", msg:"", data}`:
 *   open positions only (OKX lists no flat ones), each in the `positions` channel's shape with
 *   `tradeId` the last trade it includes.
 * - Faults (`rest-faults.ts`): HTTP 503 code 50001 "Service temporarily unavailable", positions
 *   as of some time ago (with that moment's `tradeId`), late answers.
 *
 * `POST /api/v5/trade/cancel-all-after {"timeOut": "<s>"}`
 * (https://www.okx.com/docs-v5/en/#order-book-trading-trade-post-cancel-all-after), signed the same
 * way over the body: the account's dead-man switch (`dead-man-switch.ts`), "0" disarms, otherwise
 * 10..120 seconds (else HTTP 400 code 51000 "Parameter timeOut error"); 1 request per second per
 * account (beyond: HTTP 429 code 50011). Answer `{code:"0", data:[{triggerTime, tag, ts}]}`.
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import { DeadManSwitches } from './dead-man-switch.js';
import { base64SignatureMatches } from './hmac-signature.js';
import { laterAnswer, readBody } from './rest-order-entry.js';
import { SIM_EPOCH_MS } from './venue-framer.js';
import type { OkxFramer } from './okx-framer.js';
import type { RestAnswer } from './rest-reply.js';
import { jsonAnswer, sendAnswer } from './rest-reply.js';
import { RollingWindow } from './rolling-window.js';
import type { ServerContext } from './server-context.js';

const PATH = '/api/v5/account/positions';
const WHAT = `GET ${PATH}`;
/** "10 requests per 2 seconds" per User ID. */
export const OKX_POSITIONS_LIMIT = Object.freeze({ requests: 10, windowMs: 2_000 });

/** Registers `GET /api/v5/account/positions` on `app`. */
export function addOkxRestRoutes(app: HttpApp, ctx: ServerContext): void {
  const windows = new Map<string, RollingWindow>();
  app.get(PATH, (res: HttpResponse, req: HttpRequest) => {
    ctx.sync();
    const ex = ctx.exchange;
    const now = ex.clock.nowMs();
    const answer = (status: string, code: string, msg: string, data: unknown[] = [], delayMs = 0): void => sendAnswer(res, jsonAnswer(status, { code, msg, data }), ex.queue, delayMs);
    const key = req.getHeader('ok-access-key');
    const query = req.getQuery() ?? '';
    if (key === '') return answer('401 Unauthorized', '50103', 'Request header OK-ACCESS-KEY cannot be empty.');
    const account = ex.accountByKey(key);
    if (account === undefined) return answer('401 Unauthorized', '50111', 'Invalid OK-ACCESS-KEY.');
    if (account.passphrase !== undefined && req.getHeader('ok-access-passphrase') !== account.passphrase) return answer('401 Unauthorized', '50105', 'Request header OK-ACCESS-PASSPHRASE incorrect.');
    const requestPath = query === '' ? PATH : `${PATH}?${query}`;
    if (account.apiSecret !== undefined && !base64SignatureMatches(account.apiSecret, `${req.getHeader('ok-access-timestamp')}GET${requestPath}`, req.getHeader('ok-access-sign'))) {
      return answer('401 Unauthorized', '50113', 'Invalid Sign.');
    }
    let window = windows.get(account.name);
    if (window === undefined) windows.set(account.name, (window = new RollingWindow(OKX_POSITIONS_LIMIT.requests, OKX_POSITIONS_LIMIT.windowMs)));
    if (window.remaining(now) === 0) return answer('429 Too Many Requests', '50011', 'Rate limit reached. Please refer to API documentation and throttle requests accordingly.');
    window.add(now);
    const instId = new URLSearchParams(query).get('instId');
    if (instId !== null && !ex.instruments.has(instId)) return answer('200 OK', '51001', 'Instrument ID does not exist.');
    const fate = ex.restFaults(account.name).draw(WHAT);
    if (fate.error) return answer('503 Service Unavailable', '50001', 'Service temporarily unavailable. Please try again later.', [], fate.delayMs);
    const at = now - fate.staleMs;
    const reports = [...ex.instruments.keys()].filter((s) => instId === null || s === instId).map((s) => ex.positionAt(account.name, s, at)).filter((p) => p.position !== 0);
    const framer = ex.stream(account.name).framer as OkxFramer;
    const a: RestAnswer = jsonAnswer('200 OK', { code: '0', msg: '', data: framer.positions(reports, 'snapshot')['data'] });
    sendAnswer(res, a, ex.queue, fate.delayMs);
  });
  addCancelAllAfter(app, ctx);
}

const CANCEL_ALL_AFTER = '/api/v5/trade/cancel-all-after';

function addCancelAllAfter(app: HttpApp, ctx: ServerContext): void {
  const switches = new DeadManSwitches(ctx);
  const windows = new Map<string, RollingWindow>();
  app.post(CANCEL_ALL_AFTER, (res: HttpResponse, req: HttpRequest) => {
    const key = req.getHeader('ok-access-key');
    const passphrase = req.getHeader('ok-access-passphrase');
    const timestamp = req.getHeader('ok-access-timestamp');
    const sign = req.getHeader('ok-access-sign');
    const write = laterAnswer(res);
    readBody(res, (body) => {
      ctx.sync();
      const ex = ctx.exchange;
      const now = ex.clock.nowMs();
      const answer = (status: string, code: string, msg: string, data: unknown[] = []): void => write(jsonAnswer(status, { code, msg, data }));
      const account = key === '' ? undefined : ex.accountByKey(key);
      if (account === undefined) return answer('401 Unauthorized', '50111', 'Invalid OK-ACCESS-KEY.');
      if (account.passphrase !== undefined && passphrase !== account.passphrase) return answer('401 Unauthorized', '50105', 'Request header OK-ACCESS-PASSPHRASE incorrect.');
      if (account.apiSecret !== undefined && !base64SignatureMatches(account.apiSecret, `${timestamp}POST${CANCEL_ALL_AFTER}${body}`, sign)) return answer('401 Unauthorized', '50113', 'Invalid Sign.');
      let window = windows.get(account.name);
      if (window === undefined) windows.set(account.name, (window = new RollingWindow(1, 1_000)));
      if (window.remaining(now) === 0) return answer('429 Too Many Requests', '50011', 'Rate limit reached. Please refer to API documentation and throttle requests accordingly.');
      window.add(now);
      let timeOut: unknown;
      try {
        timeOut = (JSON.parse(body) as Record<string, unknown>)['timeOut'];
      } catch {
        timeOut = undefined;
      }
      const seconds = typeof timeOut === 'string' && /^\d+$/.test(timeOut) ? Number(timeOut) : NaN;
      if (!(seconds === 0 || (seconds >= 10 && seconds <= 120))) return answer('400 Bad Request', '51000', 'Parameter timeOut error');
      switches.arm(account.name, undefined, seconds * 1000);
      const ts = SIM_EPOCH_MS + now;
      answer('200 OK', '0', '', [{ triggerTime: seconds === 0 ? '0' : String(ts + seconds * 1000), tag: '', ts: String(ts) }]);
    });
  });
}
