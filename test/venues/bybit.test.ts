/**
 * Bybit v5 decoder on every fixture (test/venues/fixtures/bybit/README.md lists their sources):
 * the exact normalized events, and how each frame is counted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { BYBIT_SYMBOLS } from './bybit-config.js';
import { loadFixture } from './fuzz-helpers.js';
import { fixtureCases, type Expectation } from './fixture-cases.js';


/** Expected events per fixture; `malformed` / `ignored` give the kind the frame is counted under. */
const EXPECTED: Record<string, Expectation> = {
  'execution-doc': [
    { type: 'fill', symbol: 'BTCUSDT', orderId: '9aac161b-8ed6-450d-9cab-c5cc67c21784', execId: '0ab1bdf7-4219-438b-b30a-32ec863018f7', side: 'sell', qty: 500, price: 95900.1, seq: 140612148849382 },
  ],
  'execution-doc-xrp': [
    { type: 'fill', symbol: 'XRPUSDT', orderId: 'f6e324ff-99c2-4e89-9739-3086e47f9381', execId: '7e2ae69c-4edf-5800-a352-893d52b446aa', side: 'sell', qty: 25, price: 0.3374, seq: 4688002127 },
  ],
  'execution-partial-fills': [
    { type: 'fill', symbol: 'BTCUSDT', orderId: 'strat-1-42', execId: '5b7b6e2c-0001-4d1a-9a1e-000000000001', side: 'buy', qty: 200, price: 95900.1, seq: 140612148849390 },
    { type: 'fill', symbol: 'BTCUSDT', orderId: 'strat-1-42', execId: '5b7b6e2c-0001-4d1a-9a1e-000000000002', side: 'buy', qty: 100, price: 95900.2, seq: 140612148849391 },
  ],
  'execution-liquidation': [
    { type: 'fill', symbol: 'BTCUSDT', execId: 'c0ffee00-0000-4000-8000-00000000b057', side: 'sell', qty: 3, price: 94000, seq: 140612148849400 },
  ],
  'execution-adl': [
    { type: 'fill', symbol: 'BTCUSDT', execId: 'c0ffee00-0000-4000-8000-0000000000ad', side: 'buy', qty: 2, price: 96500, seq: 140612148849401 },
  ],
  'execution-funding': [],
  'execution-unknown-symbol': [
    { type: 'fill', symbol: 'BTCUSDT', orderId: 'strat-1-43', execId: 'd0d0d0d0-0000-4000-8000-000000000002', side: 'buy', qty: 1, price: 95900.1, seq: 140612148849403 },
  ],
  'execution-off-lot': { malformed: 'execution' },
  'order-doc': [
    { type: 'orderUpdate', symbol: 'ETH-C-1400', orderId: '5cf98598-39a7-459e-97bf-76ca765ee020', status: 'filled', cumQty: 10, leavesQty: 0, side: 'sell' },
  ],
  'order-new': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-42', status: 'new', cumQty: 0, leavesQty: 500, side: 'buy' }],
  'order-partially-filled': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-42', status: 'partiallyFilled', cumQty: 300, leavesQty: 200, side: 'buy' }],
  'order-cancelled-after-partial': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-42', status: 'canceled', cumQty: 300, leavesQty: 0, side: 'buy' }],
  'order-partially-filled-canceled-spot': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-42', status: 'canceled', cumQty: 300, leavesQty: 0, side: 'buy' }],
  'order-rejected': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-42', status: 'rejected', cumQty: 0, leavesQty: 0, side: 'buy' }],
  'order-untriggered': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-44', status: 'new', cumQty: 0, leavesQty: 500, side: 'buy' }],
  'order-deactivated': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-44', status: 'canceled', cumQty: 0, leavesQty: 0, side: 'buy' }],
  'order-liquidation': [],
  'position-doc': [],
  'position-hedge-legs': [],
  'order-hedge-short': [{ type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-45', status: 'new', cumQty: 0, leavesQty: 500, side: 'sell' }],
  'execution-hedge-open-short': [
    { type: 'fill', symbol: 'BTCUSDT', orderId: 'strat-1-45', execId: '5b7b6e2c-0001-4d1a-9a1e-000000000045', side: 'sell', qty: 200, price: 95900.1, seq: 140612148849410 },
  ],
  'position-oneway-long': [{ type: 'snapshot', symbol: 'BTCUSDT', position: 3, seq: 140612148849391 }],
  'position-oneway-short': [{ type: 'snapshot', symbol: 'BTCUSDT', position: -2, seq: 140612148849392 }],
  'position-never-traded': [{ type: 'snapshot', symbol: 'BTCUSDT', position: 0, seq: 0 }],
  'pong-private-doc': [{ type: 'heartbeat' }],
  'pong-public-doc': [{ type: 'heartbeat' }],
  'subscribe-ack-doc': { ignored: 'op:subscribe' },
};

/** Element kinds a decoded frame skipped, per fixture (absent: none). */
const SKIPPED: Record<string, Record<string, number>> = {
  'execution-funding': { 'execution:Funding': 1 },
  'execution-unknown-symbol': { unknownSymbol: 1 },
  'order-liquidation': { 'order:liquidation': 1 },
  'position-doc': { 'position:hedgeLeg': 1 },
  'position-hedge-legs': { 'position:hedgeLeg': 2 },
};

describe('Bybit v5 decoder', () => {
  fixtureCases('bybit', EXPECTED, SKIPPED, () => new BybitDecoder(BYBIT_SYMBOLS));

  it('when a frame arrives as JSON text then it decodes the same as the parsed object', () => {
    const frame = loadFixture('bybit', 'execution-partial-fills');
    assert.deepStrictEqual(new BybitDecoder(BYBIT_SYMBOLS).decode(JSON.stringify(frame)), new BybitDecoder(BYBIT_SYMBOLS).decode(frame));
  });

  it('when the text is not JSON then it is malformed (json) and nothing is emitted', () => {
    const decoder = new BybitDecoder(BYBIT_SYMBOLS);
    const result = decoder.decode('{"topic":"execution","data":[{');
    assert.deepStrictEqual(result.events, []);
    assert.match(result.error ?? '', /^json:/);
    assert.equal(decoder.stats.malformedByKind.get('json'), 1);
  });

  it('when one element of a two-fill frame is bad then the good fill is still emitted and the bad row alone is dropped and reported', () => {
    const frame = loadFixture('bybit', 'execution-partial-fills') as { data: Record<string, unknown>[] };
    const bad = { ...frame, data: [frame.data[0], { ...frame.data[1], execPrice: 'abc' }] };
    const decoder = new BybitDecoder(BYBIT_SYMBOLS);
    const good = new BybitDecoder(BYBIT_SYMBOLS).decode({ ...frame, data: [frame.data[0]] }).events;
    const result = decoder.decode(bad);
    assert.equal(good.length, 1);
    assert.deepStrictEqual(result.events, good);
    assert.equal(result.error, undefined);
    assert.equal(result.rowErrors?.length, 1);
    assert.match(result.rowErrors?.[0] ?? '', /^execution: execPrice/);
    assert.deepEqual([decoder.stats.decoded, decoder.stats.malformed, decoder.stats.malformedRows], [1, 0, 1]);
    assert.equal(decoder.stats.malformedByKind.get('execution'), 1);
  });

  it('when an order update reports status Filled twice (cancel raced a fill) then both map to filled', () => {
    const frame = loadFixture('bybit', 'order-partially-filled') as { data: Record<string, unknown>[] };
    const filled = { ...frame.data[0], orderStatus: 'Filled', cumExecQty: '0.5', leavesQty: '0' };
    const again = { ...filled, cancelType: 'CancelByUser', rejectReason: 'EC_OrigClOrdIDDoesNotExist' };
    const result = new BybitDecoder(BYBIT_SYMBOLS).decode({ ...frame, data: [filled, again] });
    const update = { type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'strat-1-42', status: 'filled', cumQty: 500, leavesQty: 0, side: 'buy' };
    assert.deepStrictEqual(result.events, [update, update]);
  });

  it('when a topic is not one of execution/order/position then the frame is ignored under a bounded kind', () => {
    const decoder = new BybitDecoder(BYBIT_SYMBOLS);
    decoder.decode({ topic: 'wallet', data: [] });
    decoder.decode({ topic: 'execution.fast.linear', data: [] });
    decoder.decode({ topic: 'x'.repeat(100), data: [] });
    assert.deepEqual(Object.fromEntries(decoder.stats.ignoredByKind), { 'topic:wallet': 1, 'topic:execution.fast': 1, 'topic:other': 1 });
  });
});
