/** The Binance USD-M byte decoder against the reference decoder (parity-runner.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import { BINANCE_SYMBOLS } from './binance-fixtures.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { PARITY_ITERATIONS, runParity } from './parity-runner.js';

const ITERATIONS = Number(PARITY_ITERATIONS ?? 25_000);
/** Words the Binance decoders give meaning to, swapped into string fields by the mutator. */
const VOCABULARY = [
  'ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE', 'listenKeyExpired', 'MARGIN_CALL', 'TRADE_LITE', 'ALGO_UPDATE', 'ORDER', 'FUNDING_FEE',
  'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED', 'TRADE', 'CALCULATED', 'AMENDMENT',
  'BUY', 'SELL', 'BOTH', 'LONG', 'SHORT', 'LIQUIDATION', 'MARKET', 'LIMIT', 'autoclose-123', 'adl_autoclose', 'settlement_autoclose-1',
  'delivery_autoclose-2', '', 'BTCUSDT', 'ETHUSDT', 'XRPUSDT', 'btcusdt@account', '0', '0.001', '1e-3', '+0.002', '-0.025', '1.000', '9007199254740993',
];

test('when the Binance fixtures and their seeded mutations are decoded from bytes then every frame reads as the reference decoder reads it', () => {
  const seed = fuzzSeed('binance parity', 0xb1a);
  const t0 = performance.now();
  const n = runParity(() => ({ reference: new BinanceUsdmDecoder(BINANCE_SYMBOLS), bytes: new BinanceByteDecoder(BINANCE_SYMBOLS) }), BINANCE_SYMBOLS.map((s) => s.symbol), loadFixtures('binance'), seed, ITERATIONS, VOCABULARY);
  console.log(`binance parity: ${ITERATIONS} mutations in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${n.decoded} decoded, ${n.ignored} ignored, ${n.malformed} malformed`);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});

test('when BTCUSDT is held in hedge mode then the fixtures and their mutations still read alike from bytes, legs included', () => {
  const hedge = BINANCE_SYMBOLS.map((s) => (s.symbol === 'BTCUSDT' ? { ...s, hedge: true } : s));
  const seed = fuzzSeed('binance hedge parity', 0xb1b);
  const n = runParity(() => ({ reference: new BinanceUsdmDecoder(hedge), bytes: new BinanceByteDecoder(hedge) }), new BinanceByteDecoder(hedge).symbols(), loadFixtures('binance'), seed, Math.ceil(ITERATIONS / 5), VOCABULARY);
  assert.ok(n.decoded > 0 && n.ignored > 0 && n.malformed > 0, 'every outcome exercised');
});
