/**
 * Bybit v5 live feed against a local WebSocket server speaking Bybit's framing: auth (the
 * server verifies the HMAC), subscribe, ping/pong, documented private pushes, a disconnect
 * mid-stream, reconnect with back-off and resubscribe; and the REST position hook against a
 * local HTTP server (signature check, Bybit's documented rate-limit answers, positions → snapshots).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startLiveFeed } from '../../src/feeds/create-live-feed.js';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import { seededRandom } from '../../src/feeds/random.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { FeedRecorder } from './support/feed-recorder.js';
import { API_KEY, ENV, SECRET, TestClock, testConfig } from './support/feed-config.js';
import { fixture, parse, sendJson, startHttpServer, startWsServer, waitFor } from './support/local-servers.js';

const SEED = 4242;
const INSTRUMENTS = [{ symbol: 'BTCUSDT', lotSize: '0.001', sequence: 'monotonic' as const }];

test('when the Bybit stream drops mid-stream then the feed goes down, reconnects with back-off, re-authenticates, resubscribes and comes back up', async () => {
  console.log(`seed ${SEED}`);
  const auths: boolean[] = [];
  const subscribes: unknown[] = [];
  let pings = 0;
  const server = await startWsServer('/v5/private', (ws, index) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (typeof m === 'string') return;
      if (m['op'] === 'auth') {
        const [key, expires, sig] = m['args'] as [string, number, string];
        const ok = key === API_KEY && sig === createHmac('sha256', SECRET).update(`GET/realtime${expires}`).digest('hex');
        auths.push(ok);
        ws.send(JSON.stringify({ success: ok, ret_msg: ok ? '' : 'Invalid sign', op: 'auth', conn_id: `c${index}` }));
      } else if (m['op'] === 'subscribe') {
        subscribes.push(m['args']);
        ws.send(JSON.stringify(fixture('bybit', 'subscribe-ack-doc.json')));
        if (index === 0) {
          ws.send(JSON.stringify(fixture('bybit', 'execution-doc.json')));
          ws.send(JSON.stringify(fixture('bybit', 'position-oneway-long.json')));
          setTimeout(() => ws.close(1001, 'going away'), 20); // the disconnect mid-stream
        } else {
          ws.send(JSON.stringify(fixture('bybit', 'order-partially-filled.json')));
        }
      } else if (m['op'] === 'ping') {
        pings++;
        ws.send(JSON.stringify(fixture('bybit', 'pong-private-doc.json')));
      }
    });
  });
  const rec = new FeedRecorder();
  const { venue } = testConfig('bybit', server.url, 'http://127.0.0.1:1', INSTRUMENTS);
  const feed = startLiveFeed(venue, { onEvent: rec.onEvent, onStatus: rec.onStatus, env: ENV, random: seededRandom(SEED), logger: rec.logger });
  try {
    await waitFor(() => rec.count('orderUpdate') >= 1 && pings >= 1 && rec.count('heartbeat') >= 1, 'the second connection\'s order update and a pong');
    assert.deepEqual(rec.feedTrail(), ['up', 'down', 'up']);
    assert.deepEqual(auths, [true, true]);
    assert.deepEqual(subscribes, [['execution', 'order', 'position'], ['execution', 'order', 'position']]);
    const kinds = rec.events.filter((e) => e.type !== 'heartbeat').map((e) => (e.type === 'feed' ? `feed:${e.status}` : e.type));
    assert.deepEqual(kinds, ['feed:up', 'fill', 'snapshot', 'feed:down', 'feed:up', 'orderUpdate']);
    assert.deepEqual(rec.data()[0], { type: 'fill', symbol: 'BTCUSDT', orderId: '9aac161b-8ed6-450d-9cab-c5cc67c21784', execId: '0ab1bdf7-4219-438b-b30a-32ec863018f7', side: 'sell', qty: 500, price: 95900.1, seq: 140612148849382 });
    assert.deepEqual(rec.data()[1], { type: 'snapshot', symbol: 'BTCUSDT', position: 3, seq: 140612148849391 });
    assert.equal(feed.stats.connections, 2);
    assert.ok(!rec.everything().includes(SECRET) && !rec.everything().includes(API_KEY), 'no credential in events, statuses or logs');
  } finally {
    await feed.stop();
    await server.close();
  }
  assert.equal(rec.feedTrail().at(-1), 'down', 'stop() marks the feed down');
});

test('when Bybit rejects the login then the feed never comes up, keeps retrying, and the reason names no credential', async () => {
  let attempts = 0;
  const server = await startWsServer('/v5/private', (ws) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (typeof m !== 'string' && m['op'] === 'auth') {
        attempts++;
        // A hostile or careless venue echoing the key back must not leak it into logs.
        ws.send(JSON.stringify({ success: false, ret_msg: `Invalid apikey ${API_KEY} sig ${String((m['args'] as unknown[])[2])}`, op: 'auth' }));
      }
    });
  });
  const rec = new FeedRecorder();
  const { venue } = testConfig('bybit', server.url, 'http://127.0.0.1:1', INSTRUMENTS);
  const feed = startLiveFeed(venue, { onEvent: rec.onEvent, onStatus: rec.onStatus, env: ENV, random: seededRandom(SEED), logger: rec.logger });
  try {
    await waitFor(() => attempts >= 3, 'three login attempts');
    assert.deepEqual(rec.feedTrail(), []);
    assert.ok(rec.logs.some((l) => l.includes('auth rejected')));
    assert.ok(!rec.everything().includes(API_KEY) && !rec.everything().includes(SECRET));
    assert.ok(!rec.logs.some((l) => /sig [0-9a-f]{64}/.test(l)), 'the signature is redacted');
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('when the Bybit REST hook is answered HTTP 200 retCode 10006 then it is counted rate limited (not ok) and waits until X-Bapi-Limit-Reset-Timestamp, and positions become snapshots with their seq watermark', async () => {
  const clock = new TestClock();
  const seen: string[] = [];
  let calls = 0;
  const http = await startHttpServer((req, _body, res) => {
    calls++;
    const url = new URL(req.url ?? '', 'http://x');
    const h = req.headers;
    const expected = createHmac('sha256', SECRET).update(`${String(h['x-bapi-timestamp'])}${API_KEY}${String(h['x-bapi-recv-window'])}${url.search.slice(1)}`).digest('hex');
    seen.push(`${url.pathname}?${url.searchParams.toString()} sig:${h['x-bapi-sign'] === expected && h['x-bapi-api-key'] === API_KEY}`);
    // Bybit's per-UID limit (docs/v5/rate-limit): HTTP 200, retCode 10006, the reset time on the venue's clock.
    const venueNow = 1_700_000_123_000;
    if (calls === 1) return sendJson(res, 200, { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: venueNow }, { 'X-Bapi-Limit': '50', 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': String(venueNow + 700) });
    const element = (fixture('bybit', 'position-oneway-long.json') as { data: unknown[] }).data[0];
    sendJson(res, 200, { retCode: 0, retMsg: 'OK', result: { list: [element], category: 'linear', nextPageCursor: '' }, time: venueNow });
  });
  try {
    const { config, venue } = testConfig('bybit', 'ws://127.0.0.1:1/v5/private', http.url, INSTRUMENTS,
      { rest: { maxRequests: 10, perMs: 1_000, backoffMs: 100, maxBackoffMs: 8_000, timeoutMs: 2_000 } });
    const hook = createPositionHook(venue, config, { clock, env: ENV });
    await assert.rejects(hook.fetchSnapshots(['BTCUSDT']), (e: Error & { code?: string }) => e.code === 'ERR_RISKGATE_FEED_REST' && /retCode 10006 \(rate limit\) until X-Bapi-Limit-Reset-Timestamp, backing off 700 ms/.test(e.message));
    assert.deepEqual([hook.stats.rateLimited, hook.stats.ok], [1, 0], 'the HTTP 200 that said "too many visits" is not an ok answer');
    clock.now += 699;
    await assert.rejects(hook.fetchSnapshots(['BTCUSDT']), /backing off for 1 ms/);
    assert.equal(calls, 1, 'no request before the reset time');
    clock.now += 1;
    assert.deepEqual(await hook.fetchSnapshots(['BTCUSDT']), [{ type: 'snapshot', symbol: 'BTCUSDT', position: 3, seq: 140612148849391 }]);
    assert.deepEqual(seen, ['/v5/position/list?category=linear&symbol=BTCUSDT sig:true', '/v5/position/list?category=linear&symbol=BTCUSDT sig:true']);
    assert.deepEqual([hook.stats.requests, hook.stats.ok, hook.stats.rateLimited, hook.stats.skippedBackoff], [2, 1, 1, 1]);
  } finally {
    await http.close();
  }
});

test('when Bybit refuses the IP with HTTP 403 then the hook counts it banned and makes no call for 10 minutes', async () => {
  const clock = new TestClock();
  let calls = 0;
  const http = await startHttpServer((_req, _body, res) => {
    calls++;
    if (calls === 1) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('access too frequent');
    }
    const element = (fixture('bybit', 'position-oneway-long.json') as { data: unknown[] }).data[0];
    sendJson(res, 200, { retCode: 0, retMsg: 'OK', result: { list: [element], category: 'linear', nextPageCursor: '' }, time: clock.now });
  });
  try {
    const { config, venue } = testConfig('bybit', 'ws://127.0.0.1:1/v5/private', http.url, INSTRUMENTS);
    const hook = createPositionHook(venue, config, { clock, env: ENV });
    await assert.rejects(hook.fetchSnapshots(['BTCUSDT']), /HTTP 403 \(IP refused: access too frequent\), backing off 600000 ms/);
    clock.now += 599_999;
    await assert.rejects(hook.fetchSnapshots(['BTCUSDT']), /backing off for 1 ms/);
    clock.now += 1;
    assert.equal((await hook.fetchSnapshots(['BTCUSDT'])).length, 1);
    assert.deepEqual([calls, hook.stats.banned, hook.stats.skippedBackoff, hook.stats.ok], [2, 1, 1, 1]);
  } finally {
    await http.close();
  }
});

test('when a position says seq -1 (never traded) then the private stream and the REST hook read it alike: flat at watermark 0, and malformed when not flat', async () => {
  const frame = fixture('bybit', 'position-never-traded.json') as { data: Record<string, unknown>[] };
  const notFlat = { ...frame.data[0], side: 'Buy', size: '0.005' };
  let element: unknown = frame.data[0];
  const http = await startHttpServer((_req, _body, res) => sendJson(res, 200, { retCode: 0, retMsg: 'OK', result: { list: [element], category: 'linear', nextPageCursor: '' }, time: 1 }));
  try {
    const { config, venue } = testConfig('bybit', 'ws://127.0.0.1:1/v5/private', http.url, INSTRUMENTS);
    const hook = createPositionHook(venue, config, { clock: new TestClock(), env: ENV });
    const stream = new BybitDecoder(INSTRUMENTS);
    const flat = { type: 'snapshot', symbol: 'BTCUSDT', position: 0, seq: 0 };
    assert.deepEqual(stream.decode(frame).events, [flat]);
    assert.deepEqual(await hook.fetchSnapshots(['BTCUSDT']), [flat], 'a sequenced instrument of a fresh account gets its snapshot');
    element = notFlat;
    const bad = stream.decode({ ...frame, data: [notFlat] });
    assert.deepEqual(bad.events, []);
    assert.match(bad.rowErrors?.join('\n') ?? '', /seq -1 \(never traded\) with a non-zero size/);
    await assert.rejects(hook.fetchSnapshots(['BTCUSDT']), /malformed position: .*seq -1 \(never traded\) with a non-zero size/);
  } finally {
    await http.close();
  }
});
