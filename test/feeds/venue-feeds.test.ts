/**
 * OKX, Deribit, Binance USD-M and BitMEX live feeds against loopback servers speaking each
 * venue's framing: login (the server verifies the signature), subscribe, keep-alive, a documented
 * private push flowing through to events, a disconnect mid-stream, reconnect with back-off,
 * re-login and resubscribe, and feed up/down in order. No credential in any output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { WebSocket } from 'ws';
import { startLiveFeed } from '../../src/feeds/create-live-feed.js';
import { seededRandom } from '../../src/feeds/random.js';
import type { VenueName } from '../../src/feeds/venue-name.js';
import { FeedRecorder } from './support/feed-recorder.js';
import { API_KEY, ENV, PASSPHRASE, SECRET, testConfig, type TestInstrument } from './support/feed-config.js';
import { fixture, parse, sendJson, startHttpServer, startWsServer, waitFor, type HttpServer, type WsServer } from './support/local-servers.js';

const SEED = 777;
const hmac = (payload: string, enc: 'hex' | 'base64' = 'hex'): string => createHmac('sha256', SECRET).update(payload).digest(enc);
const stepFrame = (venue: string, name: string, i: number): unknown => (fixture(venue, name) as { steps: { frame: unknown }[] }).steps[i]!.frame;

interface Session {
  auths: boolean[];
  subscribes: unknown[];
  keepAlives: number;
}

async function runLive(
  venue: VenueName,
  instruments: readonly TestInstrument[],
  server: WsServer,
  session: Session,
  done: (rec: FeedRecorder) => boolean,
  http?: HttpServer,
): Promise<FeedRecorder> {
  const rec = new FeedRecorder();
  let beforeStop: FeedRecorder['events'] = [];
  const { venue: cfg } = testConfig(venue, server.url, http?.url ?? 'http://127.0.0.1:1', instruments);
  const feed = startLiveFeed(cfg, { onEvent: rec.onEvent, onStatus: rec.onStatus, env: ENV, random: seededRandom(SEED), logger: rec.logger });
  try {
    await waitFor(() => done(rec), `${venue}: both connections' data and a keep-alive`);
    assert.deepEqual(rec.feedTrail(), ['up', 'down', 'up']);
    assert.ok(session.auths.length === 2 && session.auths.every((a) => a), `${venue} logins verified: ${JSON.stringify(session.auths)}`);
    assert.equal(session.subscribes.length, 2);
    assert.deepEqual(session.subscribes[0], session.subscribes[1], 'resubscribed to the same channels');
    assert.ok(session.keepAlives >= 1, 'keep-alive seen');
    const all = rec.everything();
    for (const s of [API_KEY, SECRET, PASSPHRASE]) assert.ok(!all.includes(s), `${venue}: no credential in output`);
    beforeStop = [...rec.events];
  } finally {
    await feed.stop();
    await server.close();
    await http?.close();
  }
  assert.equal(rec.feedTrail().at(-1), 'down', 'stop() marks the feed down');
  rec.events.splice(0, rec.events.length, ...beforeStop); // what happened while connected
  return rec;
}

/** Data kinds in order with feed transitions, heartbeats left out. */
const trail = (rec: FeedRecorder): string[] => rec.events.filter((e) => e.type !== 'heartbeat').map((e) => (e.type === 'feed' ? `feed:${e.status}` : e.type));

test('when the OKX stream drops mid-stream then it logs in again, resubscribes and comes back up', async () => {
  console.log(`seed ${SEED}`);
  const s: Session = { auths: [], subscribes: [], keepAlives: 0 };
  const server = await startWsServer('/ws/v5/private', (ws, index) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (m === 'ping') {
        s.keepAlives++;
        ws.send('pong');
        return;
      }
      if (typeof m === 'string') return;
      if (m['op'] === 'login') {
        const a = (m['args'] as Record<string, string>[])[0]!;
        const ok = a['apiKey'] === API_KEY && a['passphrase'] === PASSPHRASE && a['sign'] === hmac(`${a['timestamp']}GET/users/self/verify`, 'base64');
        s.auths.push(ok);
        ws.send(JSON.stringify({ event: 'login', code: ok ? '0' : '60009', msg: '', connId: 'a4d3ae55' }));
      } else if (m['op'] === 'subscribe') {
        s.subscribes.push(m['args']);
        for (const arg of m['args'] as unknown[]) ws.send(JSON.stringify({ event: 'subscribe', arg, connId: 'a4d3ae55' }));
        ws.send(JSON.stringify(fixture('okx', index === 0 ? 'orders-partial-fill.json' : 'positions-net-long.json')));
        if (index === 0) setTimeout(() => ws.terminate(), 60);
      }
    });
  });
  const rec = await runLive('okx', [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-USDT-SWAP', lotSize: '0.01', sequence: 'monotonic' }], server, s,
    (r) => r.count('snapshot') >= 1 && s.keepAlives >= 1 && r.count('heartbeat') >= 1);
  assert.deepEqual(s.subscribes[0], [{ channel: 'orders', instType: 'ANY' }, { channel: 'positions', instType: 'ANY' }]);
  assert.deepEqual(trail(rec), ['feed:up', 'fill', 'orderUpdate', 'feed:down', 'feed:up', 'snapshot']);
});

test('when the Deribit stream drops mid-stream then it authenticates again, answers test_request and resubscribes', async () => {
  const s: Session = { auths: [], subscribes: [], keepAlives: 0 };
  const heartbeats: unknown[] = [];
  const server = await startWsServer('/ws/api/v2', (ws, index) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (typeof m === 'string') return;
      const p = m['params'] as Record<string, unknown>;
      if (m['method'] === 'public/auth') {
        const ok = p['grant_type'] === 'client_signature' && p['client_id'] === API_KEY && p['signature'] === hmac(`${String(p['timestamp'])}\n${String(p['nonce'])}\n${String(p['data'])}`);
        s.auths.push(ok);
        ws.send(JSON.stringify(ok ? { jsonrpc: '2.0', id: m['id'], result: { access_token: 'tok-a1b2c3d4', expires_in: 900, token_type: 'bearer' } } : { jsonrpc: '2.0', id: m['id'], error: { code: 13004, message: 'invalid_credentials' } }));
      } else if (m['method'] === 'public/set_heartbeat') {
        heartbeats.push(p['interval']);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: m['id'], result: 'ok' }));
      } else if (m['method'] === 'private/subscribe') {
        s.subscribes.push(p['channels']);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: m['id'], result: p['channels'] }));
        if (index === 0) {
          ws.send(JSON.stringify(fixture('deribit', 'changes-partial-fill.json')));
          setTimeout(() => ws.terminate(), 60);
        } else {
          ws.send(JSON.stringify(fixture('deribit', 'test-request.json')));
        }
      } else if (m['method'] === 'public/test') {
        s.keepAlives++;
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: m['id'], result: { version: '1.2.26' } }));
      }
    });
  });
  const rec = await runLive('deribit', [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-PERPETUAL', lotSize: '10', sequence: 'monotonic' }], server, s, () => s.keepAlives >= 1);
  assert.deepEqual(s.subscribes[0], ['user.changes.BTC-PERPETUAL.raw']);
  assert.deepEqual(heartbeats, [10, 10]);
  const kinds = trail(rec);
  assert.equal(kinds[0], 'feed:up');
  assert.ok(kinds.includes('fill') && kinds.includes('snapshot'), kinds.join(' '));
  assert.deepEqual(kinds.slice(-2), ['feed:down', 'feed:up']);
  assert.ok(!rec.everything().includes('tok-a1b2c3d4'), 'the access token is never logged');
});

test('when the Binance user stream drops then a new listen key is created over REST and the stream reconnects', async () => {
  const s: Session = { auths: [], subscribes: [], keepAlives: 0 };
  let keys = 0;
  const http = await startHttpServer((req, _body, res) => {
    if (req.method === 'POST' && req.url === '/fapi/v1/listenKey') {
      s.auths.push(req.headers['x-mbx-apikey'] === API_KEY);
      keys++;
      return sendJson(res, 200, { listenKey: `pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a6${keys}` });
    }
    sendJson(res, 404, { code: -1, msg: 'not found' });
  });
  const paths: string[] = [];
  const server = await startWsServer('', (ws: WebSocket, index, req) => {
    paths.push(req.url ?? '');
    s.subscribes.push('user stream'); // no subscription on Binance: the key in the URL selects the stream
    ws.on('ping', () => s.keepAlives++);
    if (index === 0) {
      ws.send(JSON.stringify(stepFrame('binance', 'order-partial-fill-then-fill.json', 1)));
      setTimeout(() => ws.terminate(), 60);
    } else {
      ws.send(JSON.stringify(stepFrame('binance', 'account-update-one-way.json', 0)));
    }
  });
  const rec = await runLive('binance-usdm', [{ symbol: 'BTCUSDT', lotSize: '0.001' }, { symbol: 'ETHUSDT', lotSize: '0.001' }], server, s,
    (r) => r.count('snapshot') >= 2 && s.keepAlives >= 1, http);
  const key = 'pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a6';
  assert.deepEqual(paths, [`/ws/${key}1`, `/ws/${key}2`]);
  assert.deepEqual(trail(rec).slice(0, 1), ['feed:up']);
  assert.ok(trail(rec).includes('fill'));
  assert.ok(!rec.everything().includes('pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a61'), 'the listen key is never logged');
});

test('when the BitMEX stream drops mid-stream then it authenticates again, resubscribes, and pings are answered', async () => {
  const s: Session = { auths: [], subscribes: [], keepAlives: 0 };
  const server = await startWsServer('/realtime', (ws, index) => {
    ws.send(JSON.stringify({ info: 'Welcome to the BitMEX Realtime API.', version: '2.0.0', timestamp: '2024-01-01T00:00:00.000Z', docs: 'https://www.bitmex.com/app/wsAPI', limit: { remaining: 39 } }));
    ws.on('message', (data) => {
      const m = parse(data);
      if (m === 'ping') {
        s.keepAlives++;
        ws.send('pong');
        return;
      }
      if (typeof m === 'string') return;
      const args = m['args'] as unknown[];
      if (m['op'] === 'authKeyExpires') {
        const [key, expires, sig] = args as [string, number, string];
        const ok = key === API_KEY && sig === hmac(`GET/realtime${expires}`);
        s.auths.push(ok);
        ws.send(JSON.stringify(ok ? { success: true, request: m } : { status: 401, error: 'Signature not valid.', meta: {}, request: m }));
      } else if (m['op'] === 'subscribe') {
        s.subscribes.push(args);
        for (const table of args) ws.send(JSON.stringify({ success: true, subscribe: table, request: m }));
        ws.send(JSON.stringify(stepFrame('bitmex', 'position.json', 0)));
        if (index === 0) setTimeout(() => ws.terminate(), 60);
      }
    });
  });
  const rec = await runLive('bitmex', [{ symbol: 'XBTUSD', lotSize: '100' }, { symbol: 'ETHUSD', lotSize: '1' }], server, s,
    (r) => r.feedTrail().length === 3 && r.count('snapshot') >= 2 && s.keepAlives >= 1 && r.count('heartbeat') >= 1);
  assert.deepEqual(s.subscribes[0], ['execution', 'order', 'position']);
  const kinds = trail(rec);
  assert.equal(kinds[0], 'feed:up');
  assert.equal(kinds[kinds.indexOf('feed:down') + 1], 'feed:up', 'up again before the new partial');
});
