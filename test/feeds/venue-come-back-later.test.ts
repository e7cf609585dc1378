/**
 * Each venue's documented "come back later" answer for its REST position endpoint, served by a
 * loopback HTTP server to the real hook (createPositionHook): the hook rejects naming the venue's
 * reason, counts it under that reason (rateLimited / overloaded / serverErrors, never ok), makes no
 * call before the documented time and calls again at it. The sources are cited in each hook's
 * header (src/feeds/<venue>/<venue>-rest.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import type { PositionHook } from '../../src/feeds/position-hook.js';
import { Reconciler } from '../../src/feeds/reconciler.js';
import type { VenueName } from '../../src/feeds/venue-name.js';
import { ENV, ManualTimers, TestClock, testConfig, type TestInstrument } from './support/feed-config.js';
import { fixture, sendJson, startHttpServer, type HttpServer } from './support/local-servers.js';

/** Small streak delays, so that each venue's own wait is what the hook waits. */
const REST = { maxRequests: 100, perMs: 1_000, backoffMs: 100, maxBackoffMs: 8_000, timeoutMs: 2_000 };

/** A loopback venue answering the n-th request (0-based) with `answers[n]`, and the hook pointed at it. */
async function venueWith(venue: VenueName, instruments: readonly TestInstrument[], answers: readonly ((res: ServerResponse) => void)[], rest = REST): Promise<{ http: HttpServer; hook: PositionHook; clock: TestClock; calls: () => number }> {
  let n = 0;
  const http = await startHttpServer((_req, _body, res) => {
    const answer = answers[n++];
    if (answer === undefined) sendJson(res, 500, { error: 'the test expected no further request' });
    else answer(res);
  });
  const clock = new TestClock();
  const { config, venue: vc } = testConfig(venue, 'ws://127.0.0.1:1/x', http.url, instruments, { rest });
  return { http, hook: createPositionHook(vc, config, { clock, env: ENV }), clock, calls: () => n };
}

/** The fetch rejects with `reason`, announcing exactly `waitMs`; then no request until `waitMs` has passed. */
async function backsOff(v: { hook: PositionHook; clock: TestClock; calls: () => number }, symbols: string[], reason: RegExp, waitMs: number): Promise<void> {
  await assert.rejects(v.hook.fetchSnapshots(symbols), (e: Error) => reason.test(e.message) && e.message.endsWith(`backing off ${waitMs} ms`) || assert.fail(e.message));
  const calls = v.calls();
  v.clock.now += waitMs - 1;
  await assert.rejects(v.hook.fetchSnapshots(symbols), /backing off for 1 ms/);
  assert.equal(v.calls(), calls, 'no request before the documented time');
  v.clock.now += 1;
}

const OKX = [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-USDT-SWAP', lotSize: '0.01', sequence: 'monotonic' as const }];
const okxPositions = (res: ServerResponse): void => sendJson(res, 200, { code: '0', msg: '', data: (fixture('okx', 'positions-net-long.json') as { data: unknown[] }).data });
const okxRateLimited = (status: number) => (res: ServerResponse): void => sendJson(res, status, { code: '50011', msg: 'Rate limit reached. Please refer to API documentation and throttle requests accordingly', data: [] });

test('when OKX answers code 50011 (HTTP 429, or 200) then the hook counts it rate limited and waits the endpoint\'s 2 s window; 50013 "system is busy" is counted overloaded', async () => {
  const v = await venueWith('okx', OKX, [
    okxRateLimited(429),
    (res) => sendJson(res, 200, { code: '50013', msg: 'System is busy, please try again later', data: [] }),
    okxPositions,
    okxRateLimited(200),
    okxPositions,
  ]);
  try {
    await backsOff(v, ['BTC-PERP'], /^GET \/api\/v5\/account\/positions: HTTP 429 code 50011 \(rate limit reached/, 2_000);
    await backsOff(v, ['BTC-PERP'], /HTTP 200 code 50013 \(system is busy\)/, 200); // no wait named: the streak's second step
    assert.equal((await v.hook.fetchSnapshots(['BTC-PERP'])).length, 1);
    await backsOff(v, ['BTC-PERP'], /HTTP 200 code 50011/, 2_000);
    assert.equal((await v.hook.fetchSnapshots(['BTC-PERP'])).length, 1);
    const s = v.hook.stats;
    assert.deepEqual([s.requests, s.ok, s.rateLimited, s.overloaded, s.serverErrors, s.skippedBackoff], [5, 2, 2, 1, 0, 3]);
  } finally {
    await v.http.close();
  }
});

test('when the reconciler\'s OKX call is rate limited then the reconciler counts the failure, logs the venue\'s reason, and its next due call is skipped until the venue\'s time', async () => {
  const v = await venueWith('okx', OKX, [okxRateLimited(429), okxPositions]);
  const timers = new ManualTimers(v.clock.now);
  const logs: string[] = [];
  const snapshots: unknown[] = [];
  const r = new Reconciler({ hook: v.hook, symbols: ['BTC-PERP'], health: () => 13, onEvent: (e) => snapshots.push(e), policy: { afterMs: 0, cooldownMs: 500, maxStalenessMs: 0 }, timers, logger: { info: () => {}, warn: (m) => logs.push(m) } });
  try {
    const at = (ms: number): Promise<void> => {
      v.clock.now = timers.now = at0 + ms;
      return r.tick();
    };
    const at0 = timers.now;
    await at(0);
    await at(500);
    await at(2_000);
    assert.deepEqual(r.stats, { requests: 3, snapshots: 1, failures: 2, discarded: 0, current: 0 });
    assert.deepEqual([v.hook.stats.rateLimited, v.hook.stats.skippedBackoff, v.hook.stats.ok, v.calls()], [1, 1, 1, 2]);
    assert.match(logs[0] ?? '', /okx: REST snapshot of BTC-PERP failed: .*code 50011 \(rate limit reached/);
    assert.match(logs[1] ?? '', /backing off for 1500 ms/);
    assert.equal(snapshots.length, 1);
  } finally {
    r.stop();
    await v.http.close();
  }
});

const DERIBIT = [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-PERPETUAL', lotSize: '10', sequence: 'monotonic' as const }];
const tooManyRequests = (status: number) => (res: ServerResponse): void => sendJson(res, status, { jsonrpc: '2.0', error: { code: 10028, message: 'too_many_requests' }, usIn: 1, usOut: 2, usDiff: 1, testnet: true });
const lastTrade = (res: ServerResponse): void => sendJson(res, 200, { jsonrpc: '2.0', result: { trades: [{ trade_seq: 866701, instrument_name: 'BTC-PERPETUAL' }], has_more: true } });

test('when Deribit answers JSON-RPC error 10028 too_many_requests (HTTP 429 or 400) then the hook counts it rate limited and waits for the credits of its whole fetch to refill', async () => {
  const v = await venueWith('deribit', DERIBIT, [
    tooManyRequests(429), // the first trade_seq read
    lastTrade, tooManyRequests(400), // the positions read
    lastTrade, (res) => sendJson(res, 200, { jsonrpc: '2.0', result: [{ instrument_name: 'BTC-PERPETUAL', size: -200, direction: 'sell', kind: 'future' }] }), lastTrade,
  ], { ...REST, backoffMs: 10 });
  try {
    // A sequenced instrument: 3 requests per fetch, 500 credits each, refilled at 10,000 a second.
    await backsOff(v, ['BTC-PERP'], /^GET \/api\/v2\/private\/get_user_trades_by_instrument: HTTP 429 error 10028 too_many_requests \(credits for 3 requests refill\)/, 150);
    await backsOff(v, ['BTC-PERP'], /^GET \/api\/v2\/private\/get_positions: HTTP 400 error 10028 too_many_requests/, 150);
    assert.deepEqual(await v.hook.fetchSnapshots(['BTC-PERP']), [{ type: 'snapshot', symbol: 'BTC-PERP', position: -20, seq: 866701 }]);
    const s = v.hook.stats;
    assert.deepEqual([s.requests, s.ok, s.rateLimited, s.serverErrors, s.skippedBackoff], [6, 4, 2, 0, 2]);
  } finally {
    await v.http.close();
  }
});

const BITMEX = [{ symbol: 'XBTUSD', lotSize: '100' }];
const DATE = 'Tue, 14 Nov 2023 22:13:20 GMT'; // 1700000000 s
const overloaded = (res: ServerResponse): void => sendJson(res, 503, { error: { message: 'The system is currently overloaded. Please try again later.', name: 'HTTPError' } });

test('when BitMEX answers 429 then the hook waits Retry-After (else until x-ratelimit-reset by the answer\'s Date); 503 "currently overloaded" is counted overloaded and waits at least 500 ms; another 503 is a server error', async () => {
  const v = await venueWith('bitmex', BITMEX, [
    (res) => sendJson(res, 429, { error: { message: 'Rate limit exceeded, retry in 2 seconds.', name: 'RateLimitError' } }, { 'retry-after': '2', 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000002' }),
    (res) => sendJson(res, 429, { error: { message: 'Rate limit exceeded', name: 'RateLimitError' } }, { date: DATE, 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000003' }),
    overloaded,
    (res) => sendJson(res, 503, { error: { message: 'Service Unavailable', name: 'HTTPError' } }),
    (res) => sendJson(res, 200, [{ account: 1, symbol: 'XBTUSD', currency: 'XBt', currentQty: -300 }]),
  ]);
  try {
    await backsOff(v, ['XBTUSD'], /^GET \/api\/v1\/position: HTTP 429 \(rate limited\)/, 2_000);
    await backsOff(v, ['XBTUSD'], /HTTP 429 \(rate limited, until x-ratelimit-reset\)/, 3_000);
    await backsOff(v, ['XBTUSD'], /HTTP 503 \(the system is currently overloaded\)/, 500); // the streak's third step is 400
    await backsOff(v, ['XBTUSD'], /HTTP 503$|HTTP 503,/, 800);
    assert.deepEqual(await v.hook.fetchSnapshots(['XBTUSD']), [{ type: 'snapshot', symbol: 'XBTUSD', position: -3 }]);
    const s = v.hook.stats;
    assert.deepEqual([s.requests, s.ok, s.rateLimited, s.overloaded, s.serverErrors, s.skippedBackoff], [5, 1, 2, 1, 1, 4]);
  } finally {
    await v.http.close();
  }
});
