/** The OKX byte decoder against the reference decoder (parity-runner.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { OKX_SYMBOLS } from './okx-config.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { PARITY_ITERATIONS, runParity } from './parity-runner.js';

const ITERATIONS = Number(PARITY_ITERATIONS ?? 25_000);
/** Words the OKX decoders give meaning to, swapped into string fields by the mutator. */
const VOCABULARY = [
  'orders', 'positions', 'account', 'fills', 'orders-algo', 'login', 'subscribe', 'error', 'notice', 'order', 'batch-orders', 'mass-cancel', 'pong',
  'buy', 'sell', 'live', 'partially_filled', 'filled', 'canceled', 'mmp_canceled', 'rejected', 'full_liquidation', 'partial_liquidation', 'adl', 'normal', 'true', 'false',
  'quote_ccy', 'base_ccy', 'MARGIN', 'SWAP', 'SPOT', 'net', 'long', 'short', '', '0', '00', '-1', '1e3',
  'BTC-USDT', 'BTC-USDT-SWAP', 'ETH-USD-210430', 'ETH-USDT', '0.0001', '1e-4', '+0.01', '1.000', '9007199254740993',
];

test('when the OKX fixtures and their seeded mutations are decoded from bytes then every frame reads as the reference decoder reads it', () => {
  const seed = fuzzSeed('okx parity', 0x0c5e);
  const t0 = performance.now();
  const n = runParity(() => ({ reference: new OkxDecoder(OKX_SYMBOLS), bytes: new OkxByteDecoder(OKX_SYMBOLS) }), OKX_SYMBOLS.map((s) => s.symbol), loadFixtures('okx'), seed, ITERATIONS, VOCABULARY);
  console.log(`okx parity: ${ITERATIONS} mutations in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${n.decoded} decoded, ${n.ignored} ignored, ${n.malformed} malformed`);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});

test('when the instruments are walk-back (not sequenced) then the fixtures and their mutations still read alike, fills stamped by fillTime', () => {
  const symbols = OKX_SYMBOLS.map((s) => ({ ...s, sequenced: false }));
  const seed = fuzzSeed('okx parity walk-back', 0x0c5f);
  const n = runParity(() => ({ reference: new OkxDecoder(symbols), bytes: new OkxByteDecoder(symbols) }), symbols.map((s) => s.symbol), loadFixtures('okx'), seed, Math.ceil(ITERATIONS / 5), VOCABULARY);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});

test('when ETH-USD-210430 is held in long/short mode then the fixtures and their mutations still read alike from bytes, legs included', () => {
  const hedge = OKX_SYMBOLS.map((s) => (s.symbol === 'ETH-USD-210430' ? { ...s, hedge: true } : s));
  const seed = fuzzSeed('okx hedge parity', 0x0c5);
  const n = runParity(() => ({ reference: new OkxDecoder(hedge), bytes: new OkxByteDecoder(hedge) }), new OkxByteDecoder(hedge).symbols(), loadFixtures('okx'), seed, Math.ceil(ITERATIONS / 5), VOCABULARY);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});
