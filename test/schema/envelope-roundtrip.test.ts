import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvelopeEncoder } from '../../src/schema/encode-envelope.js';
import { decodeEnvelope } from '../../src/schema/decode-envelope.js';
import type { JournalRecord, RecordBody } from '../../src/schema/record-body.js';
import type { InstrumentStateView } from '../../src/schema/state-view.js';

const inst: InstrumentStateView = {
  symbol: 'BTCUSDT', estPosMin: -3, estPosMax: 4, hasSnapshot: true, snapPos: 1, snapSeq: 1234567890123,
  unconfirmedCount: 2, unconfirmedQty: 5, openBuy: 1, openSell: 2, activeOrders: 3, tradingState: 'reducing',
  tradingReasonCode: 11, tradingReason: 'UNCONFIRMED_FILLS', killMode: 'reduce', flipHalted: false, feedUp: true,
  awaitingSnapshot: false, lastMessageAt: 99.5, mark: 27123.25, mismatches: 1, staleSnapshots: 0, gaps: 2, fillsInsideSnapshot: 3,
};
const fresh: InstrumentStateView = {
  symbol: 'ETHUSDT', estPosMin: -Infinity, estPosMax: Infinity, hasSnapshot: false, snapPos: 0, unconfirmedCount: 0,
  unconfirmedQty: 0, openBuy: 0, openSell: 0, activeOrders: 0, tradingState: 'halted', tradingReasonCode: 8,
  tradingReason: 'KILL_SWITCH', killMode: 'halt', flipHalted: true, feedUp: false, awaitingSnapshot: true, lastMessageAt: 0,
  mismatches: 0, staleSnapshots: 0, gaps: 0, fillsInsideSnapshot: 0,
};

/** One of every body, with every optional field both present and absent somewhere. */
const BODIES: RecordBody[] = [
  { kind: 'header', formatVersion: 1, configJson: '{"instruments":[]}', createdAt: 1_700_000_000_000, writer: 'test ✓' },
  { kind: 'event', event: { type: 'snapshot', symbol: 'BTCUSDT', position: -7 } },
  { kind: 'event', event: { type: 'snapshot', symbol: 'BTCUSDT', position: 0, seq: 2 ** 53 - 1 } },
  { kind: 'event', event: { type: 'snapshot', symbol: 'BTCUSDT', position: 2, venueTime: 1_700_000_000_123 } },
  { kind: 'event', event: { type: 'snapshot', symbol: 'BTCUSDT', position: 0, venueTime: 0 } },
  { kind: 'event', event: { type: 'snapshot', symbol: 'BTCUSDT', position: 0, venueTime: 1_700_000_000_123, current: true } },
  { kind: 'event', event: { type: 'fill', symbol: 'BTCUSDT', orderId: 'o1', execId: 'e1', side: 'buy', qty: 3, price: 100.5 } },
  { kind: 'event', event: { type: 'fill', symbol: 'BTCUSDT', execId: 'liq-9', side: 'sell', qty: 2 ** 40, price: 0.0001, seq: 0 } },
  { kind: 'event', event: { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'o1', status: 'partiallyFilled', cumQty: 1, leavesQty: 2 } },
  { kind: 'event', event: { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'o1', status: 'rejected', cumQty: 0, leavesQty: 0 } },
  // Format 6: an order the engine did not send, as the venue reported it.
  { kind: 'event', event: { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'screen-1', status: 'new', cumQty: 0, leavesQty: 4, side: 'sell', reduceOnly: true } },
  { kind: 'event', event: { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'screen-2', status: 'partiallyFilled', cumQty: 1, leavesQty: 2, side: 'buy' } },
  { kind: 'event', event: { type: 'feed', status: 'down' } },
  { kind: 'event', event: { type: 'feed', status: 'up', symbol: 'BTCUSDT' } },
  { kind: 'event', event: { type: 'heartbeat' } },
  { kind: 'event', event: { type: 'heartbeat', symbol: 'ETHUSDT' } },
  { kind: 'event', event: { type: 'mark', symbol: 'BTCUSDT', price: 27000.125 } },
  { kind: 'request', request: { type: 'order', orderId: 'o2', symbol: 'BTCUSDT', side: 'sell', qty: 1, price: 99, tif: 'IOC' } },
  { kind: 'request', request: { type: 'order', orderId: 'o3', symbol: 'NOPE', side: 'buy', qty: 1, price: 99, tif: 'GTC' } },
  { kind: 'request', request: { type: 'order', orderId: 'o4', symbol: 'BTCUSDT', side: 'sell', qty: 2, price: 99, tif: 'GTC', reduceOnly: true } },
  { kind: 'request', request: { type: 'cancel', orderId: 'o2' } },
  { kind: 'request', request: { type: 'kill', mode: 'halt' } },
  { kind: 'request', request: { type: 'kill', mode: 'resume', symbol: 'BTCUSDT' } },
  { kind: 'decision', requestSeq: 12, orderId: 'o2', decision: 'approve', reasonCode: 0 },
  { kind: 'decision', requestSeq: 15, decision: 'deny', reasonCode: 15, reason: 'POSITION_LIMIT' },
  { kind: 'cancelAll', symbol: '*' },
  { kind: 'cancelAll', symbol: 'BTCUSDT' },
  { kind: 'state', state: { globalKill: 'reduce', instruments: [inst, fresh], counters: { FILLS: 3, DECISIONS_POSITION_LIMIT: 1 } } },
  { kind: 'state', state: { globalKill: 'resume', instruments: [], counters: {} } },
  // Format 2: handles (threaded journals), alone (the id is the label) or with a real string id.
  { kind: 'event', event: { type: 'fill', symbol: 'BTCUSDT', orderId: '#7', execId: '#4503599627370497', side: 'buy', qty: 1, price: 1 }, handles: { order: 7, exec: 2 ** 52 + 1 } },
  { kind: 'event', event: { type: 'fill', symbol: 'BTCUSDT', execId: '#0', side: 'sell', qty: 1, price: 1, seq: 3 }, handles: { exec: 0 } },
  { kind: 'event', event: { type: 'fill', symbol: 'BTCUSDT', orderId: 'venue-1', execId: 'x', side: 'sell', qty: 1, price: 1 }, handles: { order: 9, exec: 123 } },
  { kind: 'event', event: { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: '#-1', status: 'filled', cumQty: 2, leavesQty: 0 }, handles: { order: -1 } },
  { kind: 'request', request: { type: 'order', orderId: '#1000', symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 99, tif: 'GTC' }, handles: { order: 1000 } },
  { kind: 'request', request: { type: 'cancel', orderId: '#1000' }, handles: { order: 1000 } },
  { kind: 'decision', requestSeq: 28, orderId: '#1000', handles: { order: 1000 }, decision: 'deny', reasonCode: 16, reason: 'MAX_OPEN_ORDERS' },
  // A real string id that merely looks like a label stays a string (no handle invented).
  { kind: 'request', request: { type: 'cancel', orderId: '#5' } },
  { kind: 'gap', lost: 3, lostTotal: 3, fromAt: 10.5, toAt: 11 },
  { kind: 'gap', lost: 1, lostTotal: 4, fromAt: 12 },
  { kind: 'gap', lost: 2 ** 40, lostTotal: 2 ** 40 },
];

test('when every record body is encoded then decoding gives back the same record', () => {
  const enc = new EnvelopeEncoder();
  BODIES.forEach((body, seq) => {
    const rec: JournalRecord = { seq, at: seq * 1.5, body };
    const bytes = enc.encode(rec).slice();
    assert.deepEqual(decodeEnvelope(bytes), rec, `body ${seq} (${body.kind})`);
  });
});

test('when a record has a handle and only its label as id then no string is written for it', () => {
  const enc = new EnvelopeEncoder();
  const withLabel = enc.encode({ seq: 0, at: 0, body: { kind: 'request', request: { type: 'cancel', orderId: '#1000' }, handles: { order: 1000 } } }).slice();
  const bare = enc.encode({ seq: 0, at: 0, body: { kind: 'request', request: { type: 'cancel', orderId: '' }, handles: { order: 1000 } } }).slice();
  assert.equal(Buffer.from(withLabel).includes('#1000'), false, 'the label is derived on reading, not stored');
  assert.ok(withLabel.length < bare.length, 'no string at all (the empty string would take 4 + 1 bytes)');
});

test('when a fill, update or request has neither id nor handle then decoding names the missing field', () => {
  const enc = new EnvelopeEncoder();
  const bytes = enc.encode({ seq: 0, at: 0, body: { kind: 'event', event: { type: 'fill', symbol: 'A', execId: undefined as unknown as string, side: 'buy', qty: 1, price: 1 } } }).slice();
  assert.throws(() => decodeEnvelope(bytes), /fill\.exec_id \(or exec_handle\) is missing/);
});

test('when the encoder is reused then an earlier view is overwritten, so callers copy (documented)', () => {
  const enc = new EnvelopeEncoder();
  const a = enc.encode({ seq: 0, at: 0, body: { kind: 'cancelAll', symbol: 'A' } }).slice();
  enc.encode({ seq: 1, at: 1, body: { kind: 'cancelAll', symbol: 'B' } });
  assert.deepEqual(decodeEnvelope(a), { seq: 0, at: 0, body: { kind: 'cancelAll', symbol: 'A' } });
});

test('when bytes are not an envelope then decoding throws ERR_RISKGATE_SCHEMA, never returns garbage', () => {
  const enc = new EnvelopeEncoder();
  const good = enc.encode({ seq: 0, at: 0, body: BODIES[3]! }).slice();
  const wrongId = good.slice();
  wrongId[4] = 0x58; // identifier byte
  assert.throws(() => decodeEnvelope(wrongId), { code: 'ERR_RISKGATE_SCHEMA' });
  assert.throws(() => decodeEnvelope(new Uint8Array(3)), { code: 'ERR_RISKGATE_SCHEMA' });
  const badType = good.slice();
  // Find the union type byte: decode once, then corrupt the vtable-addressed byte by brute force.
  let threw = 0;
  for (let i = 8; i < badType.length; i++) {
    const b = good.slice();
    b[i] = 0xff;
    try {
      decodeEnvelope(b);
    } catch (err) {
      assert.equal((err as { code?: string }).code, 'ERR_RISKGATE_SCHEMA', `byte ${i}: ${(err as Error).message}`);
      threw++;
    }
  }
  assert.ok(threw > 0, 'some single-byte corruption is detected by the decoder itself');
});
