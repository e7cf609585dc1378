/** The Bybit byte decoder against the reference decoder (parity-runner.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { BYBIT_SYMBOLS } from './bybit-config.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { PARITY_ITERATIONS, runParity } from './parity-runner.js';

const ITERATIONS = Number(PARITY_ITERATIONS ?? 25_000);
/** Words the Bybit decoders give meaning to, swapped into string fields by the mutator. */
const VOCABULARY = [
  'Trade', 'BlockTrade', 'MovePosition', 'FutureSpread', 'Delivery', 'Settle', 'AdlTrade', 'BustTrade', 'Funding', 'UNKNOWN',
  'Buy', 'Sell', '', 'None', 'New', 'PartiallyFilled', 'Untriggered', 'Triggered', 'Filled', 'Cancelled', 'PartiallyFilledCanceled',
  'Deactivated', 'Rejected', 'CreateByLiq', 'CreateByTakeOver_PassThrough', 'CreateByAdl_PassThrough', 'CreateByUser', '-1', '0', '00',
  'execution', 'order', 'position', 'wallet', 'execution.fast', 'execution.linear', 'order.spot', 'greeks', 'dcp', 'auth', 'pong', 'ping',
  'subscribe', 'BTCUSDT', 'XRPUSDT', 'ETH-30DEC22-1400-C', 'ETHUSDT', '0.001', '1e-3', '+0.002', '1.000', '9007199254740993',
]; 

test('when the Bybit fixtures and their seeded mutations are decoded from bytes then every frame reads as the reference decoder reads it', () => {
  const seed = fuzzSeed('bybit parity', 0xb7b2);
  const t0 = performance.now();
  const n = runParity(() => ({ reference: new BybitDecoder(BYBIT_SYMBOLS), bytes: new BybitByteDecoder(BYBIT_SYMBOLS) }), BYBIT_SYMBOLS.map((s) => s.symbol), loadFixtures('bybit'), seed, ITERATIONS, VOCABULARY);
  console.log(`bybit parity: ${ITERATIONS} mutations in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${n.decoded} decoded, ${n.ignored} ignored, ${n.malformed} malformed`);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});

test('when BTCUSDT is held in hedge mode then the fixtures and their mutations still read alike from bytes, legs included', () => {
  const hedge = BYBIT_SYMBOLS.map((s) => (s.symbol === 'BTCUSDT' ? { ...s, hedge: true } : s));
  const seed = fuzzSeed('bybit hedge parity', 0xb7b3);
  const n = runParity(() => ({ reference: new BybitDecoder(hedge), bytes: new BybitByteDecoder(hedge) }), new BybitByteDecoder(hedge).symbols(), loadFixtures('bybit'), seed, Math.ceil(ITERATIONS / 5), VOCABULARY);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});
