/**
 * The BitMEX byte decoder against the reference decoder (parity-runner.ts): one pair of stateful
 * decoders reads the whole stream, so the live-order state that completes partial `order` rows
 * must evolve alike; once with the default capacity, once with a capacity of 3 so that evictions
 * of the least recently updated order happen all the time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BitmexByteDecoder } from '../../src/venues/bitmex/bitmex-byte-decoder.js';
import { BITMEX_SYMBOLS } from './bitmex-fixtures.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { PARITY_ITERATIONS, runParity } from './parity-runner.js';

const ITERATIONS = Number(PARITY_ITERATIONS ?? 25_000);
/** Words the BitMEX decoders give meaning to, swapped into string fields by the mutator. */
const VOCABULARY = [
  'execution', 'order', 'position', 'margin', 'wallet', 'instrument', 'orderBookL2', 'partial', 'insert', 'update', 'delete',
  'Trade', 'Liquidation', 'New', 'Canceled', 'CancelReject', 'Replaced', 'Funding', 'Settlement', 'TrialFill', 'Bankruptcy',
  'PartiallyFilled', 'Filled', 'Rejected', 'Expired', 'PendingNew', 'PendingReplace', 'PendingCancel', 'Buy', 'Sell', 'ReduceOnly', 'Close', 'ParticipateDoNotInitiate,ReduceOnly', 'Close,ReduceOnly,', ',Close',
  'Liquidation order', 'Deleverage', 'liquidation', 'LIQUIDATED', '', 'XBTUSD', 'ETHUSD', 'SOLUSD', 'pong',
  '2023-11-14T22:13:20.200Z', '2024-02-29T23:59:59Z', '2023-02-31T00:00:00.5Z', '2023-01-01T24:00:00Z', '1969-12-31T23:59:59.999Z', '2023-1-1T00:00:00Z',
];

for (const capacity of [undefined, 3]) {
  test(`when the BitMEX fixtures and their seeded mutations are decoded from bytes then every frame reads as the reference decoder reads it (order capacity ${capacity ?? 'default'})`, () => {
    const seed = fuzzSeed(`bitmex parity ${capacity ?? 'default'}`, 0xb17);
    const options = capacity === undefined ? {} : { maxOrders: capacity };
    const t0 = performance.now();
    const n = runParity(() => ({ reference: new BitmexDecoder(BITMEX_SYMBOLS, options), bytes: new BitmexByteDecoder(BITMEX_SYMBOLS, options) }), BITMEX_SYMBOLS.map((s) => s.symbol), loadFixtures('bitmex'), seed, ITERATIONS, VOCABULARY);
    console.log(`bitmex parity (capacity ${capacity ?? 'default'}): ${ITERATIONS} mutations in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${n.decoded} decoded, ${n.ignored} ignored, ${n.malformed} malformed`);
    assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
  });
}
