/**
 * OKX v5 decoder on every fixture (test/venues/fixtures/okx/README.md lists their sources): the
 * exact normalized events, and how each frame is counted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { loadFixture } from './fuzz-helpers.js';
import { fixtureCases, type Expectation } from './fixture-cases.js';
import { OKX_SYMBOLS } from './okx-config.js';
import { byteReading } from './parity-runner.js';

const P = 'BTC-PERP';

const EXPECTED: Record<string, Expectation> = {
  'orders-doc': [
    { type: 'fill', symbol: 'BTC-USDT', orderId: '452197707845865472', execId: 'BTC-USDT:242589207', side: 'sell', qty: 10, price: 31527.1, seq: 242589207 },
    { type: 'orderUpdate', symbol: 'BTC-USDT', orderId: '452197707845865472', status: 'filled', cumQty: 10, leavesQty: 0, side: 'sell' },
  ],
  'orders-live': [{ type: 'orderUpdate', symbol: P, orderId: 'strat2x7', status: 'new', cumQty: 0, leavesQty: 200, side: 'buy' }],
  'orders-partial-fill': [
    { type: 'fill', symbol: P, orderId: 'strat2x7', execId: 'BTC-USDT-SWAP:1001', side: 'buy', qty: 50, price: 65000.1, seq: 1001 },
    { type: 'orderUpdate', symbol: P, orderId: 'strat2x7', status: 'partiallyFilled', cumQty: 50, leavesQty: 150, side: 'buy' },
  ],
  'orders-canceled-after-partial': [{ type: 'orderUpdate', symbol: P, orderId: 'strat2x7', status: 'canceled', cumQty: 50, leavesQty: 0, side: 'buy' }],
  'orders-ioc-canceled': [{ type: 'orderUpdate', symbol: P, orderId: 'strat2x8', status: 'canceled', cumQty: 0, leavesQty: 0, side: 'buy' }],
  'orders-mmp-canceled': [{ type: 'orderUpdate', symbol: P, orderId: 'strat2x9', status: 'canceled', cumQty: 0, leavesQty: 0, side: 'buy' }],
  'orders-filled-two-trades': [
    { type: 'fill', symbol: P, orderId: 'strat2x7', execId: 'BTC-USDT-SWAP:1003', side: 'buy', qty: 125, price: 65000.1, seq: 1003 },
    { type: 'orderUpdate', symbol: P, orderId: 'strat2x7', status: 'partiallyFilled', cumQty: 125, leavesQty: 75, side: 'buy' },
    { type: 'fill', symbol: P, orderId: 'strat2x7', execId: 'BTC-USDT-SWAP:1004', side: 'buy', qty: 75, price: 65000.4, seq: 1004 },
    { type: 'orderUpdate', symbol: P, orderId: 'strat2x7', status: 'filled', cumQty: 200, leavesQty: 0, side: 'buy' },
  ],
  'orders-liquidation': [{ type: 'fill', symbol: P, execId: 'BTC-USDT-SWAP:1002', side: 'sell', qty: 150, price: 60000, seq: 1002 }],
  'orders-adl': [{ type: 'fill', symbol: P, execId: 'BTC-USDT-SWAP:1005', side: 'sell', qty: 25, price: 70000, seq: 1005 }],
  'orders-unknown-symbol': [{ type: 'orderUpdate', symbol: P, orderId: 'strat2x7', status: 'new', cumQty: 0, leavesQty: 200, side: 'buy' }],
  'orders-off-lot': { malformed: 'orders' },
  'positions-doc': [],
  'balance-and-position-legs': [{ type: 'snapshot', symbol: 'BTC-PERP', position: -300, seq: 242589210, venueTime: 1619507761470 }],
  'positions-doc-any': [],
  // uTime, "the latest time position was adjusted", is the venue time the walk-back orders snapshots by.
  'positions-net-long': [{ type: 'snapshot', symbol: P, position: 150, seq: 1004, venueTime: 1619507761462 }],
  'positions-net-short': [{ type: 'snapshot', symbol: P, position: -75, seq: 1005, venueTime: 1619507761462 }],
  'positions-net-flat-untraded': [{ type: 'snapshot', symbol: P, position: 0, venueTime: 1619507761462 }],
  'positions-margin': [],
  'pong-doc': [{ type: 'heartbeat' }],
  'subscribe-ack-doc': { ignored: 'event:subscribe' },
  'error-doc': { ignored: 'event:error' },
};

/** Element kinds a decoded frame skipped, per fixture (absent: none). */
const SKIPPED: Record<string, Record<string, number>> = {
  'orders-liquidation': { 'orders:liquidation': 1 },
  'orders-adl': { 'orders:liquidation': 1 },
  'orders-unknown-symbol': { unknownSymbol: 1 },
  'positions-doc': { 'positions:hedgeLeg': 1 },
  'balance-and-position-legs': { 'positions:hedgeLeg': 2 },
  'positions-doc-any': { unknownSymbol: 1, 'positions:hedgeLeg': 1 },
  'positions-margin': { 'positions:margin': 1 },
};

describe('OKX v5 decoder', () => {
  fixtureCases('okx', EXPECTED, SKIPPED, () => new OkxDecoder(OKX_SYMBOLS));

  it('when a frame arrives as JSON text then it decodes the same as the parsed object', () => {
    const frame = loadFixture('okx', 'orders-filled-two-trades');
    assert.deepStrictEqual(new OkxDecoder(OKX_SYMBOLS).decode(JSON.stringify(frame)), new OkxDecoder(OKX_SYMBOLS).decode(frame));
  });

  it('when a later push repeats the last trade fields then the same execution id is emitted again (the engine de-duplicates)', () => {
    const frame = loadFixture('okx', 'orders-partial-fill') as { arg: unknown; data: Record<string, unknown>[] };
    const amended = { ...frame.data[0], amendResult: '0', reqId: 'amend-1', px: '65001' };
    const result = new OkxDecoder(OKX_SYMBOLS).decode({ ...frame, data: [frame.data[0], amended] });
    const fills = result.events.filter((e) => e.type === 'fill');
    assert.equal(fills.length, 2);
    assert.deepStrictEqual(fills[0], fills[1]);
  });

  it('when a liquidation order reports trade id "0" then the execution id comes from the order and the fill has no seq', () => {
    const frame = loadFixture('okx', 'orders-liquidation') as { arg: unknown; data: Record<string, unknown>[] };
    const result = new OkxDecoder(OKX_SYMBOLS).decode({ ...frame, data: [{ ...frame.data[0], tradeId: '0' }] });
    assert.deepStrictEqual(result.events, [{ type: 'fill', symbol: P, execId: 'BTC-USDT-SWAP:1939384471520485999:1.5', side: 'sell', qty: 150, price: 60000 }]);
  });

  it('when a spot market order is sized in quote currency then its open update is skipped and its fill kept', () => {
    const frame = loadFixture('okx', 'orders-doc') as { arg: unknown; data: Record<string, unknown>[] };
    const open = { ...frame.data[0], tgtCcy: 'quote_ccy', ordType: 'market', sz: '100', state: 'partially_filled' };
    const decoder = new OkxDecoder(OKX_SYMBOLS);
    const result = decoder.decode({ ...frame, data: [open] });
    assert.deepStrictEqual(result.events.map((e) => e.type), ['fill']);
    assert.equal(decoder.stats.ignoredByKind.get('orders:quoteSizedOpen'), 1);
  });

  it('when the bare text is not "pong" and not JSON then it is malformed', () => {
    const decoder = new OkxDecoder(OKX_SYMBOLS);
    assert.match(decoder.decode('pon').error ?? '', /^json:/);
  });
});

describe('OKX fills on a walk-back instrument', () => {
  const walkBack = OKX_SYMBOLS.map((s) => ({ ...s, sequenced: false }));
  const frame = loadFixture('okx', 'orders-partial-fill');
  const bytes = new Uint8Array(Buffer.from(JSON.stringify(frame), 'utf8'));
  it('when the reference decoder reads a trade then the fill carries fillTime as its venue time, not the trade id as a sequence (a trade id read as a time would place it before every report)', () => {
    const r = new OkxDecoder(walkBack).decode(frame);
    assert.deepEqual(r.events[0], { type: 'fill', symbol: P, orderId: 'strat2x7', execId: 'BTC-USDT-SWAP:1001', side: 'buy', qty: 50, price: 65000.1, venueTime: 1751000000100 });
  });
  it('when the byte decoder reads it then the fill slot carries fillTime in the stamp field; on a sequenced instrument the trade id', () => {
    assert.equal(byteReading(new OkxByteDecoder(walkBack), bytes).slots[0]![7], 1751000000100);
    assert.equal(byteReading(new OkxByteDecoder(OKX_SYMBOLS), bytes).slots[0]![7], 1001);
  });
});
