/**
 * REST position hooks of OKX, Deribit, Binance USD-M and BitMEX against a loopback HTTP server
 * (signature checked, positions → snapshots with the decoders' sign and lot conventions, 418/5xx
 * back-off counted), the Reconciler's deadline and cooldown, malformed-frame degradation,
 * back-off with seeded jitter, and credential errors that name sources, never values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import { Reconciler } from '../../src/feeds/reconciler.js';
import { MalformedMonitor } from '../../src/feeds/malformed-monitor.js';
import { Backoff } from '../../src/feeds/backoff.js';
import { seededRandom } from '../../src/feeds/random.js';
import { loadCredentials } from '../../src/feeds/credentials.js';
import type { PositionHook } from '../../src/feeds/position-hook.js';
import type { SnapshotEvent } from '../../src/scenario/scenario-types.js';
import { API_KEY, ENV, ManualTimers, PASSPHRASE, SECRET, TestClock, testConfig } from './support/feed-config.js';
import { fixture, sendJson, startHttpServer } from './support/local-servers.js';

const hmac = (payload: string, enc: 'hex' | 'base64' = 'hex'): string => createHmac('sha256', SECRET).update(payload).digest(enc);

test('when the OKX, Deribit, Binance and BitMEX hooks ask for positions then signed requests become snapshots; 418 and 5xx back off and are counted', async () => {
  const clock = new TestClock();
  const signed: string[] = [];
  let binanceCalls = 0;
  const http = await startHttpServer((req, _body, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const h = req.headers;
    if (url.pathname === '/api/v5/account/positions') {
      signed.push(`okx:${h['ok-access-key'] === API_KEY && h['ok-access-passphrase'] === PASSPHRASE && h['ok-access-sign'] === hmac(`${String(h['ok-access-timestamp'])}GET/api/v5/account/positions`, 'base64')}`);
      return sendJson(res, 200, { code: '0', msg: '', data: (fixture('okx', 'positions-net-long.json') as { data: unknown[] }).data });
    }
    if (url.pathname.startsWith('/api/v2/private/')) {
      const m = /^deri-hmac-sha256 id=([^,]+),ts=(\d+),sig=([0-9a-f]+),nonce=(\w+)$/.exec(String(h['authorization']));
      signed.push(`deribit:${m !== null && m[1] === API_KEY && m[3] === hmac(`${m[2]}\n${m[4]}\nGET\n${req.url}\n\n`)}`);
      if (url.pathname.endsWith('get_user_trades_by_instrument')) return sendJson(res, 200, { jsonrpc: '2.0', result: { trades: [{ trade_seq: 866701, instrument_name: 'BTC-PERPETUAL' }], has_more: true } });
      return sendJson(res, 200, { jsonrpc: '2.0', result: [{ instrument_name: 'BTC-PERPETUAL', size: -200, direction: 'sell', kind: 'future' }] });
    }
    if (url.pathname === '/fapi/v2/positionRisk') {
      binanceCalls++;
      const q = url.search.slice(1);
      const sig = q.slice(q.lastIndexOf('&signature=') + 11);
      signed.push(`binance:${h['x-mbx-apikey'] === API_KEY && sig === hmac(q.slice(0, q.lastIndexOf('&signature=')))}`);
      if (binanceCalls === 1) return sendJson(res, 418, { code: -1003, msg: 'banned' }, { 'retry-after': '3' });
      if (binanceCalls === 2) return sendJson(res, 503, { code: -1001, msg: 'unavailable' });
      if (binanceCalls === 4) return sendJson(res, 200, [{ symbol: 'BTCUSDT', positionAmt: '-0.025', positionSide: 'BOTH', updateTime: '1700000000123' }]);
      return sendJson(res, 200, [
        { symbol: 'BTCUSDT', positionAmt: '-0.025', positionSide: 'BOTH', updateTime: 1_700_000_000_123 },
        { symbol: 'ETHUSDT', positionAmt: '0.000', positionSide: 'BOTH', updateTime: 0 },
        { symbol: 'XRPUSDT', positionAmt: '10', positionSide: 'BOTH' },
      ]);
    }
    if (url.pathname === '/api/v1/position') {
      signed.push(`bitmex:${h['api-key'] === API_KEY && h['api-signature'] === hmac(`GET/api/v1/position${String(h['api-expires'])}`)}`);
      return sendJson(res, 200, [{ account: 1, symbol: 'XBTUSD', currency: 'XBt', currentQty: -300, timestamp: '2023-11-14T22:13:20.200Z' }]);
    }
    sendJson(res, 404, {});
  });
  try {
    const okx = testConfig('okx', 'ws://127.0.0.1:1/x', http.url, [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-USDT-SWAP', lotSize: '0.01', sequence: 'monotonic' }, { symbol: 'ETH-PERP', venueSymbol: 'ETH-USDT-SWAP', lotSize: '0.01', sequence: 'monotonic' }]);
    const okxHook = createPositionHook(okx.venue, okx.config, { clock, env: ENV });
    const okxSnaps = await okxHook.fetchSnapshots(['BTC-PERP', 'ETH-PERP']);
    assert.equal(okxSnaps.length, 1, 'ETH-PERP is absent (flat) but sequenced: no watermark, no snapshot');
    assert.equal(okxSnaps[0]!.symbol, 'BTC-PERP');
    assert.equal(typeof okxSnaps[0]!.seq, 'number');

    const der = testConfig('deribit', 'ws://127.0.0.1:1/x', http.url, [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-PERPETUAL', lotSize: '10', sequence: 'monotonic' }]);
    assert.deepEqual(await createPositionHook(der.venue, der.config, { clock, env: ENV }).fetchSnapshots(['BTC-PERP']), [{ type: 'snapshot', symbol: 'BTC-PERP', position: -20, seq: 866701 }]);

    const bin = testConfig('binance-usdm', 'ws://127.0.0.1:1', http.url, [{ symbol: 'BTCUSDT', lotSize: '0.001' }, { symbol: 'ETHUSDT', lotSize: '0.001' }]);
    const binHook = createPositionHook(bin.venue, bin.config, { clock, env: ENV });
    await assert.rejects(binHook.fetchSnapshots(['BTCUSDT', 'ETHUSDT']), /HTTP 418, backing off 3000 ms/);
    clock.now += 3_000;
    await assert.rejects(binHook.fetchSnapshots(['BTCUSDT', 'ETHUSDT']), /HTTP 503/);
    clock.now += 2_000;
    assert.deepEqual(await binHook.fetchSnapshots(['BTCUSDT', 'ETHUSDT']), [
      { type: 'snapshot', symbol: 'BTCUSDT', position: -25, venueTime: 1_700_000_000_123 },
      { type: 'snapshot', symbol: 'ETHUSDT', position: 0, venueTime: 0 },
    ], 'updateTime is the venue time (0: never traded)');
    await assert.rejects(binHook.fetchSnapshots(['BTCUSDT']), /updateTime of BTCUSDT is not a time in ms/);
    assert.deepEqual(await binHook.fetchSnapshots(['BTCUSDT', 'ETHUSDT']), [
      { type: 'snapshot', symbol: 'BTCUSDT', position: -25, venueTime: 1_700_000_000_123 },
      { type: 'snapshot', symbol: 'ETHUSDT', position: 0, venueTime: 0 },
    ]);
    assert.deepEqual([binHook.stats.banned, binHook.stats.serverErrors, binHook.stats.ok], [1, 1, 3]);

    const mex = testConfig('bitmex', 'ws://127.0.0.1:1/realtime', http.url, [{ symbol: 'XBTUSD', lotSize: '100' }]);
    assert.deepEqual(await createPositionHook(mex.venue, mex.config, { clock, env: ENV }).fetchSnapshots(['XBTUSD']), [{ type: 'snapshot', symbol: 'XBTUSD', position: -3, venueTime: 1_700_000_000_200 }]);
    assert.ok(signed.length >= 8 && signed.every((x) => x.endsWith(':true')), signed.join(' '));
  } finally {
    await http.close();
  }
});

test('when an instrument stays unhealthy past the deadline then the reconciler fetches one snapshot, then waits out the cooldown', async () => {
  const timers = new ManualTimers(0);
  const asked: string[][] = [];
  const hook: PositionHook = {
    venue: 'bybit',
    stats: { requests: 0, ok: 0, rateLimited: 0, banned: 0, overloaded: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 },
    fetchSnapshots: (symbols) => {
      asked.push([...symbols]);
      return Promise.resolve(symbols.map((symbol): SnapshotEvent => ({ type: 'snapshot', symbol, position: 7, seq: 9 })));
    },
  };
  const health = new Map([['A', 13], ['B', 0]]);
  const out: SnapshotEvent[] = [];
  const r = new Reconciler({ hook, symbols: ['A', 'B'], health: (s) => health.get(s) ?? 0, onEvent: (e) => out.push(e), policy: { afterMs: 100, cooldownMs: 1_000, maxStalenessMs: 0 }, timers });
  await r.tick();
  timers.now = 99;
  await r.tick();
  assert.deepEqual(asked, [], 'not yet past the deadline');
  timers.now = 100;
  await r.tick();
  assert.deepEqual(asked, [['A']]);
  assert.deepEqual(out, [{ type: 'snapshot', symbol: 'A', position: 7, seq: 9 }]);
  timers.now = 500;
  await r.tick();
  assert.equal(asked.length, 1, 'cooldown');
  health.set('A', 0);
  timers.now = 1_200;
  await r.tick();
  assert.equal(asked.length, 1, 'healthy again: nothing to do');
  assert.deepEqual(r.stats, { requests: 1, snapshots: 1, failures: 0, discarded: 0, current: 0 });
});

test('when malformed frames persist past the threshold then the feed is degraded once, logged once per kind, and recovers after a clean window', () => {
  const logs: string[] = [];
  const m = new MalformedMonitor('okx', { maxPerWindow: 2, windowMs: 1_000 }, { info: (x) => logs.push(x), warn: (x) => logs.push(x) });
  assert.equal(m.record('orders', 'orders: bad', '{"x":1}', 0), false);
  assert.equal(m.record('orders', 'orders: bad', '{"x":2}', 10), false);
  assert.equal(m.record('json', 'json: bad', 'zzz', 20), true);
  assert.equal(m.record('orders', 'orders: bad', '{"x":3}', 30), false, 'degraded once');
  assert.equal(logs.filter((l) => l.includes('logged once per kind')).length, 2);
  assert.equal(m.recovered(500), false);
  assert.equal(m.recovered(1_030), true);
});

test('when back-off is drawn with a seed then delays double up to the cap, jittered down by at most the jitter fraction, and reset', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5 }, seededRandom(99));
  const d = [b.next(), b.next(), b.next(), b.next(), b.next()];
  [100, 200, 400, 800, 1_000].forEach((base, i) => assert.ok(d[i]! <= base && d[i]! >= base / 2, `seed 99: ${d.join(',')}`));
  b.reset();
  assert.ok(b.next() <= 100);
  const again = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5 }, seededRandom(99));
  assert.deepEqual([again.next(), again.next(), again.next(), again.next(), again.next()], d, 'same seed, same delays');
});

test('when credentials cannot be loaded then the error names the variable or file, never a value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-cred-'));
  try {
    assert.throws(() => loadCredentials({ apiKeyEnv: 'K', secretEnv: 'S' }, 'bybit', false, { K: API_KEY }), (e: Error & { code: string }) => e.code === 'ERR_RISKGATE_FEED_CREDENTIALS' && /environment variable S \(secret\) is not set/.test(e.message) && !e.message.includes(API_KEY));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, `{"apiKey": "${API_KEY}", "secret": "${SECRET}",,}`);
    assert.throws(() => loadCredentials({ file: bad }, 'okx', true), (e: Error) => /is not valid JSON/.test(e.message) && !e.message.includes(SECRET) && !e.message.includes(API_KEY));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ apiKey: API_KEY, secret: SECRET, passphrase: PASSPHRASE }));
    const c = loadCredentials({ file: good }, 'okx', true);
    assert.equal(c.secret, SECRET);
    assert.equal(JSON.stringify({ c }), '{"c":"[credentials redacted]"}');
    assert.equal(`${String(c)}`, '[credentials redacted]');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when an answer is slow and maxInFlight allows more then another request goes out a cooldown later, and the first answer to land is applied', async () => {
  const timers = new ManualTimers(0);
  const pending: ((events: SnapshotEvent[]) => void)[] = [];
  const hook: PositionHook = {
    venue: 'bybit',
    stats: { requests: 0, ok: 0, rateLimited: 0, banned: 0, overloaded: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 },
    fetchSnapshots: (symbols) => new Promise((resolve) => pending.push(() => resolve(symbols.map((symbol): SnapshotEvent => ({ type: 'snapshot', symbol, position: pending.length, seq: 1 }))))),
  };
  const out: SnapshotEvent[] = [];
  const r = new Reconciler({ hook, symbols: ['A'], health: () => 13, onEvent: (e) => out.push(e), policy: { afterMs: 0, cooldownMs: 300, maxStalenessMs: 0 }, timers, maxInFlight: 2 });
  void r.tick();
  assert.equal(pending.length, 1);
  timers.now = 299;
  void r.tick();
  assert.equal(pending.length, 1, 'within the cooldown: no second request');
  timers.now = 300;
  void r.tick();
  assert.equal(pending.length, 2, 'the first is still out: a second one goes');
  assert.equal(r.inFlight, 2);
  timers.now = 600;
  void r.tick();
  assert.equal(pending.length, 2, 'maxInFlight reached');
  pending[1]!([]);
  await new Promise((done) => setImmediate(done));
  assert.equal(out.length, 1, 'the second answer landed first and was applied');
  assert.equal(r.inFlight, 1);
  assert.throws(() => new Reconciler({ hook, symbols: ['A'], health: () => 0, onEvent: () => {}, policy: { afterMs: 0, cooldownMs: 0, maxStalenessMs: 0 }, timers, maxInFlight: 0 }), /maxInFlight must be an integer >= 1/);
});


/** A Binance hook whose every answer waits until `answer` gives the snapshots of the last request. */
function heldHook(): { hook: PositionHook; answer: (e: SnapshotEvent[]) => void } {
  let pending: ((e: SnapshotEvent[]) => void) | undefined;
  const hook: PositionHook = {
    venue: 'binance-usdm',
    stats: { requests: 0, ok: 0, rateLimited: 0, banned: 0, overloaded: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 },
    fetchSnapshots: () => new Promise((resolve) => {
      pending = resolve;
    }),
  };
  return { hook, answer: (e) => pending?.(e) };
}

test('when a feed reconnects while a REST request is out then its answer is dropped and counted, and the next request answered in one epoch is delivered', async () => {
  const timers = new ManualTimers(0);
  const { hook, answer } = heldHook();
  let epoch = 4;
  const out: SnapshotEvent[] = [];
  const r = new Reconciler({
    hook, symbols: ['A'], health: () => 13, onEvent: (e) => out.push(e), policy: { afterMs: 0, cooldownMs: 100, maxStalenessMs: 500 }, timers, epoch: () => epoch,
  });
  const first = r.tick();
  epoch = 6; // the feed went down and came back while the request was out
  answer([{ type: 'snapshot', symbol: 'A', position: 3, venueTime: 1000 }]);
  await first;
  assert.deepEqual(out, [], 'a position from before the reconnect cannot end the known loss');
  assert.equal(r.stats.discarded, 1);
  timers.now = 100;
  const second = r.tick();
  answer([{ type: 'snapshot', symbol: 'A', position: 4, venueTime: 1000 }]);
  await second;
  assert.deepEqual(out, [{ type: 'snapshot', symbol: 'A', position: 4, venueTime: 1000 }], 'asked within maxStalenessMs of the reconnect: not known current');
  assert.deepEqual(r.stats, { requests: 2, snapshots: 1, failures: 0, discarded: 1, current: 0 });
});

test('when a request goes out maxStalenessMs after the reconciler first saw the epoch then its answer is marked current; earlier ones, later epochs and no epoch are not', async () => {
  const timers = new ManualTimers(0);
  const { hook, answer } = heldHook();
  const snap: SnapshotEvent = { type: 'snapshot', symbol: 'A', position: 0, venueTime: 1000 };
  const ask = async (r: Reconciler, at: number): Promise<void> => {
    timers.now = at;
    const p = r.tick();
    answer([snap]);
    await p;
  };
  let epoch = 4;
  const out: SnapshotEvent[] = [];
  const policy = { afterMs: 0, cooldownMs: 100, maxStalenessMs: 1_000 };
  const r = new Reconciler({ hook, symbols: ['A'], health: () => 13, onEvent: (e) => out.push(e), policy, timers, epoch: () => epoch });
  await ask(r, 0); // epoch 4 first seen at 0
  await ask(r, 900);
  await ask(r, 1_000);
  assert.deepEqual(out.map((e) => e.current === true), [false, false, true], 'a request sent 1000 ms after the epoch was first seen');
  assert.deepEqual(out[2], { ...snap, current: true }, 'the answer as the hook gave it, marked');
  epoch = 6; // down and up again, seen at 1500: the clock starts again
  await ask(r, 1_500);
  await ask(r, 2_400);
  await ask(r, 2_500);
  assert.deepEqual(out.slice(3).map((e) => e.current === true), [false, false, true]);
  assert.equal(r.stats.current, 2);
  const noEpoch: SnapshotEvent[] = [];
  const r2 = new Reconciler({ hook, symbols: ['A'], health: () => 13, onEvent: (e) => noEpoch.push(e), policy, timers });
  await ask(r2, 10_000);
  await ask(r2, 20_000);
  assert.deepEqual(noEpoch, [snap, snap], 'without an epoch the reconciler cannot know when the feed came back: never current');
});

test('when a feed reconnects after a request went out then the next request goes afterMs later, not a cooldown after the last one', () => {
  const timers = new ManualTimers(0);
  const asked: number[] = [];
  const hook: PositionHook = {
    venue: 'bybit',
    stats: { requests: 0, ok: 0, rateLimited: 0, banned: 0, overloaded: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 },
    fetchSnapshots: () => {
      asked.push(timers.now);
      return new Promise(() => {}); // never answers: only when requests go out matters here
    },
  };
  let epoch = 4;
  const r = new Reconciler({
    hook, symbols: ['A'], health: () => 13, onEvent: () => {}, policy: { afterMs: 50, cooldownMs: 1_000, maxStalenessMs: 0 }, timers, epoch: () => epoch, maxInFlight: 3,
  });
  for (const t of [0, 25, 50, 75]) {
    timers.now = t;
    void r.tick();
  }
  assert.deepEqual(asked, [50], 'unhealthy since 0: asked at 50, then the cooldown');
  epoch = 6; // the feed went down and came back: the answer to the request out will be dropped
  for (const t of [100, 125]) {
    timers.now = t;
    void r.tick();
  }
  assert.deepEqual(asked, [50], 'a new question: it waits afterMs from the tick that saw the reconnect');
  for (const t of [150, 175, 200, 1_000]) {
    timers.now = t;
    void r.tick();
  }
  assert.deepEqual(asked, [50, 150], 'asked afterMs after the reconnect, then the cooldown again');
  timers.now = 1_150;
  void r.tick();
  assert.deepEqual(asked, [50, 150, 1_150]);
});

test('when the reconciler is given the engine clock then every answer carries the engine time its request went out less maxStalenessMs (asOf)', async () => {
  const timers = new ManualTimers(0);
  const { hook, answer } = heldHook();
  let engineNow = 50_000;
  const out: SnapshotEvent[] = [];
  const r = new Reconciler({
    hook, symbols: ['A'], health: () => 13, onEvent: (e) => out.push(e), policy: { afterMs: 0, cooldownMs: 100, maxStalenessMs: 1_000 }, timers,
    engineClock: () => engineNow,
  });
  const p = r.tick();
  engineNow = 53_000; // the answer lands later: its moment is still the request's
  answer([{ type: 'snapshot', symbol: 'A', position: 0 }]);
  await p;
  assert.deepEqual(out, [{ type: 'snapshot', symbol: 'A', position: 0, asOf: 49_000 }]);
});
