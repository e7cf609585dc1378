/**
 * Binance USD-M `GET /fapi/v2/positionRisk` (USER_DATA, weight 5:
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Position-Information-V2),
 * as the venue serves it to a REST client such as riskgate's hook (src/feeds/binance/binance-rest.ts):
 *
 * - Request weight per IP (`binance-weight-limit.ts`): HTTP 429 / 418 with `Retry-After`, code
 *   -1003; `X-MBX-USED-WEIGHT-1M` on every answer.
 * - SIGNED (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info):
 *   header `X-MBX-APIKEY` (missing or unknown → HTTP 401, code -2015); query `timestamp` (and
 *   `recvWindow`) then `signature`, the hex HMAC-SHA256 of the query before it (missing → HTTP 400
 *   code -1102; wrong → HTTP 400 code -1022, checked when the account has an `apiSecret`). The
 *   timestamp is not compared with the clock (simulated time is not wall time).
 * - Query `symbol` (optional): that instrument only (unknown → HTTP 400 code -1121); otherwise
 *   every instrument, flat ones included.
 * - Answer: an array of one-way rows (`positionSide` BOTH): `positionAmt` signed (long positive)
 *   in the quantity unit padded to the lot's decimals ("-0.010"), `entryPrice`, `updateTime` (ms
 *   of the last change, 0 when never traded). No sequence number.
 * - Faults (`rest-faults.ts`): HTTP 503 (code -1001), positions as of some time ago, late answers.
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import type { WeightVerdict } from './binance-weight-limit.js';
import { BinanceWeightLimit } from './binance-weight-limit.js';
import { signatureMatches } from './hmac-signature.js';
import type { Instrument } from './instrument.js';
import type { PositionReport } from './private-report.js';
import type { RestAnswer } from './rest-reply.js';
import { jsonAnswer, remoteIp, sendAnswer } from './rest-reply.js';
import type { ServerContext } from './server-context.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const PATH = '/fapi/v2/positionRisk';
const WHAT = `GET ${PATH}`;
const WEIGHT = 5;

/** Binance's answer to a missing or unknown `X-MBX-APIKEY` (HTTP 401). */
export const INVALID_KEY = Object.freeze({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });

/**
 * Counts a request of `weight` from the client of `res` at the current simulated time; returns
 * the headers every answer carries, and the 429 / 418 answer when it is refused.
 */
export function takeWeight(res: HttpResponse, ctx: ServerContext, weights: BinanceWeightLimit, weight: number): { headers: Record<string, string>; refused?: RestAnswer } {
  const ip = remoteIp(res);
  const v: WeightVerdict = weights.take(ip, weight, SIM_EPOCH_MS + ctx.exchange.clock.nowMs());
  const headers = { 'X-MBX-USED-WEIGHT-1M': String(v.used) };
  if (v.status === 200) return { headers };
  const msg = v.status === 429
    ? `Too many requests; current limit of IP(${ip}) is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.`
    : `Way too many requests; IP(${ip}) banned until ${v.untilMs}. Please use the websocket for live updates to avoid bans.`;
  return { headers, refused: jsonAnswer(v.status === 429 ? '429 Too Many Requests' : '418 I\'m a teapot', { code: -1003, msg }, { ...headers, 'Retry-After': String(v.retryAfterS) }) };
}

/** Registers `GET /fapi/v2/positionRisk` on `app`, counting weight in `weights` (shared with the listen-key routes). */
export function addPositionRiskRoute(app: HttpApp, ctx: ServerContext, weights: BinanceWeightLimit): void {
  app.get(PATH, (res: HttpResponse, req: HttpRequest) => {
    ctx.sync();
    const ex = ctx.exchange;
    const { headers, refused } = takeWeight(res, ctx, weights, WEIGHT);
    const answer = (status: string, body: unknown, delayMs = 0): void => sendAnswer(res, jsonAnswer(status, body, headers), ex.queue, delayMs);
    if (refused !== undefined) return sendAnswer(res, refused, ex.queue);
    const account = ex.accountByKey(req.getHeader('x-mbx-apikey'));
    if (account === undefined) return answer('401 Unauthorized', INVALID_KEY);
    const query = req.getQuery() ?? '';
    const params = new URLSearchParams(query);
    const signature = params.get('signature');
    for (const [name, value] of [['timestamp', params.get('timestamp')], ['signature', signature]] as const) {
      if (value === null || value === '') return answer('400 Bad Request', { code: -1102, msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.` });
    }
    const signed = query.split('&').filter((p) => !p.startsWith('signature=')).join('&');
    if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, signed, signature!)) return answer('400 Bad Request', { code: -1022, msg: 'Signature for this request is not valid.' });
    const symbol = params.get('symbol');
    const inst = symbol === null ? undefined : ex.instruments.get(symbol);
    if (symbol !== null && inst === undefined) return answer('400 Bad Request', { code: -1121, msg: 'Invalid symbol.' });
    const fate = ex.restFaults(account.name).draw(WHAT);
    if (fate.error) return answer('503 Service Unavailable', { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }, fate.delayMs);
    const at = ex.clock.nowMs() - fate.staleMs;
    const rows = (inst === undefined ? [...ex.instruments.values()] : [inst]).map((i) => row(i, ex.positionAt(account.name, i.symbol, at)));
    answer('200 OK', rows, fate.delayMs);
  });
}

/** One position row, one-way mode. */
function row(inst: Instrument, p: PositionReport): Record<string, unknown> {
  const entry = p.position === 0 ? '0.0' : String(Number(inst.priceText(1)) * p.entryTicks);
  const amt = inst.qtyFixed(p.position);
  return {
    symbol: inst.symbol, positionAmt: amt, entryPrice: entry, breakEvenPrice: entry, markPrice: entry,
    unRealizedProfit: '0.00000000', liquidationPrice: '0', leverage: '20', maxNotionalValue: '25000000',
    marginType: 'cross', isolatedMargin: '0.00000000', isAutoAddMargin: 'false', positionSide: 'BOTH',
    notional: (Number(entry) * Number(amt)).toFixed(8), isolatedWallet: '0', updateTime: p.seq < 0 ? 0 : SIM_EPOCH_MS + p.at,
  };
}
