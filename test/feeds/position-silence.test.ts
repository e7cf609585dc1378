/**
 * A position subscription that dies while its connection lives (pings still answered, fills still
 * pushed, no position after them): with `positionSilentMs` the feed drops the connection and
 * reconnects, which subscribes afresh, even when nothing else arrives on the connection; a fill
 * answered by a position never drops it. Both ways of
 * reading frames (the reference decoder's events, the byte decoder's ring slots).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_SLOT_BYTES, SlotType, TAG_WORD } from '../../src/codec/index.js';
import { startLiveFeed } from '../../src/feeds/create-live-feed.js';
import { seededRandom } from '../../src/feeds/random.js';
import { FeedRecorder } from './support/feed-recorder.js';
import { ENV, testConfig } from './support/feed-config.js';
import { fixture, parse, startWsServer, waitFor } from './support/local-servers.js';

const SEED = 4244;
const INSTRUMENTS = [{ symbol: 'BTCUSDT', lotSize: '0.001', sequence: 'contiguous' as const }];

for (const bytes of [false, true]) {
  test(`when a fill is followed by no position update for positionSilentMs then the feed reconnects, and a fill with its position does not (${bytes ? 'byte decoder' : 'reference decoder'})`, async () => {
    console.log(`seed ${SEED}`);
    let pingsOnSecond = 0;
    const server = await startWsServer('/v5/private', (ws, index) => {
      ws.on('message', (data) => {
        const m = parse(data);
        if (typeof m === 'string') return;
        if (m['op'] === 'auth') {
          ws.send(JSON.stringify({ success: true, ret_msg: '', op: 'auth', conn_id: `c${index}` }));
        } else if (m['op'] === 'subscribe') {
          ws.send(JSON.stringify(fixture('bybit', 'subscribe-ack-doc.json')));
          // The first connection's position subscription is dead: its fill gets no position.
          ws.send(JSON.stringify(fixture('bybit', 'execution-doc.json')));
          if (index > 0) {
            ws.send(JSON.stringify(fixture('bybit', 'position-oneway-long.json')));
            ws.send(JSON.stringify(fixture('bybit', 'order-partially-filled.json')));
          }
        } else if (m['op'] === 'ping' && index > 0) {
          // The first connection stays quiet after its fill (no pong either: deadAfterMs is far off).
          pingsOnSecond++;
          ws.send(JSON.stringify(fixture('bybit', 'pong-private-doc.json')));
        }
      });
    });
    const rec = new FeedRecorder();
    const tags: number[] = [];
    const { venue } = testConfig('bybit', server.url, 'http://127.0.0.1:1', INSTRUMENTS, { positionSilentMs: 150 });
    const feed = startLiveFeed(venue, {
      onEvent: rec.onEvent, onStatus: rec.onStatus, env: ENV, random: seededRandom(SEED), logger: rec.logger,
      ...(bytes ? { onDecoded: (d: { slots: { count: number; i32: Int32Array } }) => { for (let k = 0; k < d.slots.count; k++) tags.push(d.slots.i32[((k * EVENT_SLOT_BYTES) >> 2) + TAG_WORD]!); } } : {}),
    });
    const orderUpdates = (): number => (bytes ? tags.filter((t) => t === SlotType.ORDER_UPDATE).length : rec.count('orderUpdate'));
    try {
      await waitFor(() => orderUpdates() >= 1, 'the second connection\'s order update');
      assert.deepEqual(rec.feedTrail(), ['up', 'down', 'up']);
      assert.equal(feed.stats.positionSilences, 1);
      assert.ok(rec.statuses.some((s) => /^down: no position update for \d+ ms after a fill: the position subscription is silent$/.test(s)), rec.statuses.join('\n'));
      // Pings every 40 ms: twenty answered on the second connection span many times positionSilentMs.
      await waitFor(() => pingsOnSecond >= 20, 'twenty pings on the second connection');
      assert.equal(feed.stats.connections, 2, 'a fill followed by its position keeps the connection');
      assert.equal(feed.stats.positionSilences, 1);
      assert.deepEqual(rec.feedTrail(), ['up', 'down', 'up']);
    } finally {
      await feed.stop();
      await server.close();
    }
  });
}

test('when the feed\'s thread is starved past positionSilentMs right after a fill then the position update already in the socket still counts, and the feed stays connected', async () => {
  console.log(`seed ${SEED}`);
  let pongs = 0;
  const server = await startWsServer('/v5/private', (ws, index) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (typeof m === 'string') return;
      if (m['op'] === 'auth') {
        ws.send(JSON.stringify({ success: true, ret_msg: '', op: 'auth', conn_id: `c${index}` }));
      } else if (m['op'] === 'subscribe') {
        ws.send(JSON.stringify(fixture('bybit', 'subscribe-ack-doc.json')));
        ws.send(JSON.stringify(fixture('bybit', 'execution-doc.json')));
        // Written while the client is still busy with the fill: read only once its thread turns.
        setTimeout(() => ws.send(JSON.stringify(fixture('bybit', 'position-oneway-long.json'))), 30);
      } else if (m['op'] === 'ping') {
        pongs++;
        ws.send(JSON.stringify(fixture('bybit', 'pong-private-doc.json')));
      }
    });
  });
  const rec = new FeedRecorder();
  const { venue } = testConfig('bybit', server.url, 'http://127.0.0.1:1', INSTRUMENTS, { positionSilentMs: 150 });
  const feed = startLiveFeed(venue, {
    onEvent: (e) => {
      rec.onEvent(e);
      if (e.type !== 'fill') return;
      // The thread starved (a loaded host): longer than positionSilentMs and the watch's period.
      const until = Date.now() + 400;
      while (Date.now() < until) { /* busy */ }
    },
    onStatus: rec.onStatus, env: ENV, random: seededRandom(SEED), logger: rec.logger,
  });
  try {
    await waitFor(() => rec.count('snapshot') >= 1, 'the position update');
    const after = pongs;
    await waitFor(() => pongs >= after + 10, 'ten more pongs');
    assert.equal(feed.stats.positionSilences, 0, rec.statuses.join('\n'));
    assert.equal(feed.stats.connections, 1);
    assert.deepEqual(rec.feedTrail(), ['up']);
  } finally {
    await feed.stop();
  }
  await server.close();
});
