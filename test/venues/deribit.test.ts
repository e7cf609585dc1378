/**
 * Deribit decoder on every fixture (test/venues/fixtures/deribit/README.md lists their sources):
 * the exact normalized events, and how each frame is counted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { DERIBIT_SYMBOLS } from './deribit-config.js';
import { loadFixture } from './fuzz-helpers.js';
import { fixtureCases, type Expectation } from './fixture-cases.js';

const B = 'BTC-PERP';
const DOC_EVENTS: readonly VenueEvent[] = [
  { type: 'fill', symbol: B, orderId: '3398016', execId: 'BTC-PERPETUAL:1430914', side: 'sell', qty: 1, price: 17391, seq: 866638 },
  { type: 'orderUpdate', symbol: B, orderId: '3398016', status: 'filled', cumQty: 1, leavesQty: 0, side: 'sell' },
  { type: 'snapshot', symbol: B, position: 18516, seq: 866638 },
];

const EXPECTED: Record<string, Expectation> = {
  'changes-doc': DOC_EVENTS,
  'changes-instrument-doc': DOC_EVENTS,
  'trades-doc': [
    { type: 'fill', symbol: B, orderId: '4008965646', execId: 'BTC-PERPETUAL:48079254', side: 'sell', qty: 2, price: 8954, seq: 30289432 },
    { type: 'fill', symbol: B, orderId: '4008965646', execId: 'BTC-PERPETUAL:48079255', side: 'sell', qty: 2, price: 8954, seq: 30289433 },
  ],
  'orders-raw-doc': [{ type: 'orderUpdate', symbol: B, orderId: '5', status: 'new', cumQty: 0, leavesQty: 20, side: 'buy' }],
  heartbeat: [{ type: 'heartbeat' }],
  'test-request': [{ type: 'heartbeat' }],
  'subscribe-response': { ignored: 'response' },
  'changes-partial-fill': [
    { type: 'fill', symbol: B, orderId: 'strat3-1', execId: 'BTC-PERPETUAL:1431000', side: 'buy', qty: 3, price: 17390.5, seq: 866700 },
    { type: 'orderUpdate', symbol: B, orderId: 'strat3-1', status: 'partiallyFilled', cumQty: 3, leavesQty: 7, side: 'buy' },
    { type: 'snapshot', symbol: B, position: 3, seq: 866700 },
  ],
  'changes-cancel-after-partial': [
    { type: 'orderUpdate', symbol: B, orderId: 'strat3-1', status: 'canceled', cumQty: 3, leavesQty: 0, side: 'buy' },
    { type: 'snapshot', symbol: B, position: 3 },
  ],
  'changes-rejected': [{ type: 'orderUpdate', symbol: B, orderId: 'strat3-9', status: 'rejected', cumQty: 0, leavesQty: 0, side: 'sell' }],
  'changes-untriggered': [{ type: 'orderUpdate', symbol: B, orderId: 'strat3-5', status: 'new', cumQty: 0, leavesQty: 10, side: 'sell' }],
  'changes-liquidation': [
    { type: 'fill', symbol: B, execId: 'BTC-PERPETUAL:1431100', side: 'sell', qty: 3, price: 15010, seq: 866800 },
    { type: 'snapshot', symbol: B, position: 0, seq: 866800 },
  ],
  'changes-maker-vs-liquidated-taker': [
    { type: 'fill', symbol: B, orderId: 'strat3-2', execId: 'BTC-PERPETUAL:1431101', side: 'buy', qty: 2, price: 15020, seq: 866801 },
    { type: 'orderUpdate', symbol: B, orderId: 'strat3-2', status: 'filled', cumQty: 2, leavesQty: 0, side: 'buy' },
    { type: 'snapshot', symbol: B, position: 2, seq: 866801 },
  ],
  'changes-short-position': [
    { type: 'fill', symbol: B, orderId: 'strat3-3', execId: 'BTC-PERPETUAL:1431200', side: 'sell', qty: 10, price: 17400, seq: 866900 },
    { type: 'fill', symbol: B, orderId: 'strat3-3', execId: 'BTC-PERPETUAL:1431201', side: 'sell', qty: 5, price: 17400, seq: 866901 },
    { type: 'orderUpdate', symbol: B, orderId: 'strat3-3', status: 'filled', cumQty: 15, leavesQty: 0, side: 'sell' },
    { type: 'snapshot', symbol: B, position: -15, seq: 866901 },
  ],
  'changes-unknown-symbol': [
    { type: 'fill', symbol: B, orderId: 'strat3-4', execId: 'BTC-PERPETUAL:1431202', side: 'buy', qty: 1, price: 17391, seq: 866902 },
  ],
  'changes-off-lot': { malformed: 'trades' },
  'changes-direction-mismatch': { malformed: 'positions' },
};

/** Element kinds a decoded frame skipped, per fixture (absent: none). */
const SKIPPED: Record<string, Record<string, number>> = {
  'changes-liquidation': { 'orders:liquidation': 1 },
  'changes-unknown-symbol': { unknownSymbol: 1 },
};

describe('Deribit decoder', () => {
  fixtureCases('deribit', EXPECTED, SKIPPED, () => new DeribitDecoder(DERIBIT_SYMBOLS));

  it('when a frame arrives as JSON text then it decodes the same as the parsed object', () => {
    const frame = loadFixture('deribit', 'changes-short-position');
    assert.deepStrictEqual(new DeribitDecoder(DERIBIT_SYMBOLS).decode(JSON.stringify(frame)), new DeribitDecoder(DERIBIT_SYMBOLS).decode(frame));
  });

  it('when user.orders is aggregated (an array) then each order is decoded', () => {
    const frame = loadFixture('deribit', 'orders-raw-doc') as { params: { data: unknown } };
    const result = new DeribitDecoder(DERIBIT_SYMBOLS).decode({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'user.orders.BTC-PERPETUAL.100ms', data: [frame.params.data, frame.params.data] } });
    assert.equal(result.events.length, 2);
  });

  it('when the heartbeat type is unknown then it is malformed', () => {
    const decoder = new DeribitDecoder(DERIBIT_SYMBOLS);
    assert.match(decoder.decode({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'pong' } }).error ?? '', /^heartbeat:/);
  });

  it('when a notification is on another channel then it is ignored under a bounded kind', () => {
    const decoder = new DeribitDecoder(DERIBIT_SYMBOLS);
    decoder.decode({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'user.portfolio.btc', data: {} } });
    decoder.decode({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'book.BTC-PERPETUAL.100ms', data: {} } });
    decoder.decode({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'zzz.whatever', data: {} } });
    assert.deepEqual(Object.fromEntries(decoder.stats.ignoredByKind), { 'channel:user.portfolio': 1, 'channel:book': 1, 'channel:other': 1 });
  });
});
