/**
 * The Bybit live feed reading frames from their bytes (`onDecoded`, the feed worker's default):
 * the session protocol still sees every control frame (auth and subscribe acks: the feed logs in,
 * subscribes and comes up, twice across a disconnect), data pushes arrive as ring slots carrying
 * what the reference path's encoder writes, and pongs as heartbeat slots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { EVENT_SLOT_BYTES, SlotType, decodeFill, decodeSnapshot, type FillFields, type SnapshotFields } from '../../src/codec/index.js';
import { startLiveFeed } from '../../src/feeds/create-live-feed.js';
import { seededRandom } from '../../src/feeds/random.js';
import { Side } from '../../src/risk/codes.js';
import { stringKey } from '../../src/units/string-keys.js';
import { FeedRecorder } from './support/feed-recorder.js';
import { API_KEY, ENV, SECRET, testConfig } from './support/feed-config.js';
import { fixture, parse, startWsServer, waitFor } from './support/local-servers.js';

const SEED = 4243;
const INSTRUMENTS = [{ symbol: 'BTCUSDT', lotSize: '0.001', sequence: 'monotonic' as const }];

test('when the Bybit feed reads frames from their bytes then it logs in, subscribes, survives a disconnect, and its pushes arrive as ring slots', async () => {
  console.log(`seed ${SEED}`);
  const auths: boolean[] = [];
  const server = await startWsServer('/v5/private', (ws, index) => {
    ws.on('message', (data) => {
      const m = parse(data);
      if (typeof m === 'string') return;
      if (m['op'] === 'auth') {
        const [key, expires, sig] = m['args'] as [string, number, string];
        const ok = key === API_KEY && sig === createHmac('sha256', SECRET).update(`GET/realtime${expires}`).digest('hex');
        auths.push(ok);
        ws.send(JSON.stringify({ success: ok, ret_msg: '', op: 'auth', conn_id: `c${index}` }));
      } else if (m['op'] === 'subscribe') {
        ws.send(JSON.stringify(fixture('bybit', 'subscribe-ack-doc.json')));
        if (index === 0) {
          ws.send(JSON.stringify(fixture('bybit', 'execution-doc.json')));
          ws.send(JSON.stringify(fixture('bybit', 'position-oneway-long.json')));
          setTimeout(() => ws.close(1001, 'going away'), 20);
        } else {
          ws.send(JSON.stringify(fixture('bybit', 'order-partially-filled.json')));
        }
      } else if (m['op'] === 'ping') {
        ws.send(JSON.stringify(fixture('bybit', 'pong-private-doc.json')));
      }
    });
  });
  const rec = new FeedRecorder();
  const slots: number[][] = [];
  const fill = {} as FillFields;
  const snap = {} as SnapshotFields;
  const { venue } = testConfig('bybit', server.url, 'http://127.0.0.1:1', INSTRUMENTS);
  const feed = startLiveFeed(venue, {
    onEvent: rec.onEvent,
    onStatus: rec.onStatus,
    onDecoded: (d) => {
      for (let k = 0; k < d.slots.count; k++) {
        const off = k * EVENT_SLOT_BYTES;
        const tag = d.slots.i32[off >> 2]!;
        if (tag === SlotType.FILL) {
          decodeFill(d.slots.i32, d.slots.f64, off, fill);
          slots.push([tag, fill.inst, fill.arg, fill.orderKey, fill.execKey, fill.qty, fill.price, fill.seq]);
        } else if (tag === SlotType.SNAPSHOT) {
          decodeSnapshot(d.slots.i32, d.slots.f64, off, snap);
          slots.push([tag, snap.inst, snap.position, snap.seq]);
        } else slots.push([tag]);
      }
    },
    env: ENV,
    random: seededRandom(SEED),
    logger: rec.logger,
  });
  try {
    await waitFor(() => slots.some((s) => s[0] === SlotType.ORDER_UPDATE) && slots.some((s) => s[0] === SlotType.HEARTBEAT), 'the second connection\'s order update and a pong');
    assert.deepEqual(auths, [true, true]);
    assert.deepEqual(rec.feedTrail(), ['up', 'down', 'up']);
    assert.deepEqual(rec.data(), [], 'data events come as slots, not objects');
    const data = slots.filter((s) => s[0] !== SlotType.HEARTBEAT);
    assert.deepEqual(data.map((s) => s[0]), [SlotType.FILL, SlotType.SNAPSHOT, SlotType.ORDER_UPDATE]);
    assert.deepEqual(data[0], [SlotType.FILL, 0, Side.SELL, stringKey('9aac161b-8ed6-450d-9cab-c5cc67c21784'), stringKey('0ab1bdf7-4219-438b-b30a-32ec863018f7'), 500, 95900.1, 140612148849382]);
    assert.deepEqual(data[1], [SlotType.SNAPSHOT, 0, 3, 140612148849391]);
    assert.equal(feed.stats.connections, 2);
    assert.match(rec.everything(), /frames read from their bytes/);
  } finally {
    await feed.stop();
    await server.close();
  }
});
