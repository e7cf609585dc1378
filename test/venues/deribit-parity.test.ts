/** The Deribit byte decoder against the reference decoder (parity-runner.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { DeribitByteDecoder } from '../../src/venues/deribit/deribit-byte-decoder.js';
import { DERIBIT_SYMBOLS } from './deribit-config.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { PARITY_ITERATIONS, runParity } from './parity-runner.js';

const ITERATIONS = Number(PARITY_ITERATIONS ?? 25_000);
/** Words the Deribit decoders give meaning to, swapped into string fields by the mutator. */
const VOCABULARY = [
  'heartbeat', 'test_request', 'subscription', 'user.changes.future.BTC.100ms', 'user.changes.BTC-PERPETUAL.raw', 'user.trades.BTC-PERPETUAL.raw',
  'user.orders.BTC-PERPETUAL.raw', 'user.orders.', 'user.portfolio.btc', 'user.lock', 'user', 'user.', 'book.BTC-PERPETUAL.100ms', 'ticker', 'platform_state',
  'buy', 'sell', 'zero', 'open', 'untriggered', 'triggered', 'filled', 'cancelled', 'rejected', 'liquidation', 'market', 'limit',
  'M', 'T', 'MT', 'TM', '', 'BTC-PERPETUAL', 'ETH-PERPETUAL', '0', '00', '123', '9007199254740993', 'label-1',
];

test('when the Deribit fixtures and their seeded mutations are decoded from bytes then every frame reads as the reference decoder reads it', () => {
  const seed = fuzzSeed('deribit parity', 0xde7);
  const t0 = performance.now();
  const n = runParity(() => ({ reference: new DeribitDecoder(DERIBIT_SYMBOLS), bytes: new DeribitByteDecoder(DERIBIT_SYMBOLS) }), DERIBIT_SYMBOLS.map((s) => s.symbol), loadFixtures('deribit'), seed, ITERATIONS, VOCABULARY);
  console.log(`deribit parity: ${ITERATIONS} mutations in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${n.decoded} decoded, ${n.ignored} ignored, ${n.malformed} malformed`);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});
