/**
 * Bybit v5 `GET /v5/position/list` (https://bybit-exchange.github.io/docs/v5/position), as the
 * venue serves it to a REST client such as riskgate's hook (src/feeds/bybit/bybit-rest.ts):
 *
 * - Auth (https://bybit-exchange.github.io/docs/v5/guide#authentication): headers
 *   `X-BAPI-API-KEY`, `X-BAPI-TIMESTAMP`, `X-BAPI-RECV-WINDOW` and `X-BAPI-SIGN`, the hex
 *   HMAC-SHA256 of `timestamp + apiKey + recvWindow + queryString` (the query exactly as sent).
 *   A missing header or an unknown key → HTTP 401, `retCode` 10003; a wrong signature → HTTP 200,
 *   `retCode` 10004 (checked when the account has an `apiSecret`, as on the private stream). The
 *   timestamp is not compared with the clock (simulated time is not wall time).
 * - Rate limits (`bybit-rest-limits.ts`): per IP HTTP 403 "access too frequent"; per UID
 *   `retCode` 10006 "Too many visits!" (HTTP 200), `X-Bapi-Limit*` headers on every answer past
 *   authentication.
 * - Query: `category=linear` with `symbol=<listed symbol>` (the position even when flat) or
 *   `settleCoin=USDT` (every open position); otherwise `retCode` 10001.
 * - Answer: `{retCode:0, retMsg:"OK", result:{list, nextPageCursor:"", category:"linear"},
 *   retExtInfo:{}, time}`; each element one-way (`positionIdx` 0), `side` Buy / Sell / "" with the
 *   unsigned `size` in the instrument's quantity string (base coin), `avgPrice`, `updatedTime`,
 *   and `seq`: the sequence of the last execution the position includes, the same counter as the
 *   private stream's, -1 when the account never traded the symbol.
 * - Faults (`rest-faults.ts`): HTTP 503 (`retCode` 10016), positions as of some time ago (with
 *   that moment's `seq`), late answers.
 */
import type { HttpRequest, HttpResponse, HttpApp } from '../server/index.js';
import { positionFigures } from './bybit-framer.js';
import { addBybitOrderRoutes } from './bybit-order-route.js';
import { BybitRestLimits } from './bybit-rest-limits.js';
import { signatureMatches } from './hmac-signature.js';
import type { Instrument } from './instrument.js';
import type { PositionReport } from './private-report.js';
import type { RestAnswer } from './rest-reply.js';
import { jsonAnswer, remoteIp, sendAnswer } from './rest-reply.js';
import type { ServerContext } from './server-context.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

const PATH = '/v5/position/list';
const WHAT = `GET ${PATH}`;
const SETTLE_COIN = 'USDT';

/** Registers `GET /v5/position/list` on `app`. */
export function addBybitRestRoutes(app: HttpApp, ctx: ServerContext): void {
  const limits = new BybitRestLimits();
  addBybitOrderRoutes(app, ctx, limits);
  app.get(PATH, (res: HttpResponse, req: HttpRequest) => {
    ctx.sync();
    const ex = ctx.exchange;
    const now = ex.clock.nowMs();
    const envelope = (retCode: number, retMsg: string, result: unknown = {}): Record<string, unknown> => ({ retCode, retMsg, result, retExtInfo: {}, time: SIM_EPOCH_MS + now });
    if (!limits.ipAllows(remoteIp(res), now)) return sendAnswer(res, { status: '403 Forbidden', headers: { 'Content-Type': 'text/plain' }, body: 'access too frequent' }, ex.queue);
    const key = req.getHeader('x-bapi-api-key');
    const timestamp = req.getHeader('x-bapi-timestamp');
    const sign = req.getHeader('x-bapi-sign');
    const recvWindow = req.getHeader('x-bapi-recv-window');
    const query = req.getQuery() ?? '';
    const account = key === '' ? undefined : ex.accountByKey(key);
    if (account === undefined || timestamp === '' || sign === '') return sendAnswer(res, jsonAnswer('401 Unauthorized', envelope(10003, 'API key is invalid.')), ex.queue);
    if (account.apiSecret !== undefined && !signatureMatches(account.apiSecret, timestamp + key + recvWindow + query, sign)) {
      return sendAnswer(res, jsonAnswer('200 OK', envelope(10004, 'Error sign, please check your signature generation algorithm.')), ex.queue);
    }
    const limit = limits.uid(account.name, PATH, now);
    const answer = (a: RestAnswer, delayMs = 0): void => sendAnswer(res, { ...a, headers: { ...a.headers, ...limit.headers } }, ex.queue, delayMs);
    if (!limit.ok) return answer(jsonAnswer('200 OK', envelope(10006, 'Too many visits!')));
    const params = new URLSearchParams(query);
    const symbols = selectSymbols(params, ex.instruments);
    if (typeof symbols === 'string') return answer(jsonAnswer('200 OK', envelope(10001, symbols)));
    const fate = ex.restFaults(account.name).draw(WHAT);
    if (fate.error) return answer(jsonAnswer('503 Service Unavailable', envelope(10016, 'Server error.')), fate.delayMs);
    const list = symbols.all
      .map((inst) => ({ inst, p: ex.positionAt(account.name, inst.symbol, now - fate.staleMs) }))
      .filter(({ p }) => !symbols.openOnly || p.position !== 0)
      .map(({ inst, p }) => element(inst, p));
    answer(jsonAnswer('200 OK', envelope(0, 'OK', { list, nextPageCursor: '', category: 'linear' })), fate.delayMs);
  });
}

/** The instruments a query names, or the `retMsg` of its parameter error. */
function selectSymbols(params: URLSearchParams, instruments: ReadonlyMap<string, Instrument>): { all: Instrument[]; openOnly: boolean } | string {
  if (params.get('category') !== 'linear') return 'params error: category only support linear';
  const symbol = params.get('symbol');
  if (symbol !== null) {
    const inst = instruments.get(symbol);
    return inst === undefined ? 'params error: symbol invalid' : { all: [inst], openOnly: false };
  }
  if (params.get('settleCoin') === SETTLE_COIN) return { all: [...instruments.values()], openOnly: true };
  return 'Missing some parameters that must be filled in, symbol or settleCoin';
}

/** One `result.list` element (REST names the entry price `avgPrice`; the stream, `entryPrice`). */
function element(inst: Instrument, p: PositionReport): Record<string, unknown> {
  const { side, size, entry, value } = positionFigures(inst, p);
  return {
    positionIdx: 0, riskId: 1, riskLimitValue: '2000000', symbol: inst.symbol, side, size, avgPrice: entry,
    positionValue: value, tradeMode: 0, autoAddMargin: 0, positionStatus: 'Normal', leverage: '10', markPrice: entry,
    liqPrice: '', bustPrice: '', positionIM: '0', positionMM: '0', positionBalance: '0', takeProfit: '0', stopLoss: '0',
    trailingStop: '0', sessionAvgPrice: '', delta: '', gamma: '', vega: '', theta: '', unrealisedPnl: '0',
    curRealisedPnl: '0', cumRealisedPnl: '0', adlRankIndicator: 0, createdTime: String(SIM_EPOCH_MS),
    updatedTime: String(SIM_EPOCH_MS + p.at), seq: p.seq, isReduceOnly: false, mmrSysUpdatedTime: '', leverageSysUpdatedTime: '',
  };
}
