/** Seeded fuzzing of the OKX v5 decoder (see venue-fuzz-runner.ts for the properties). */
import { describe, it } from 'node:test';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import type { RequiredField } from './fuzz-helpers.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { OKX_SYMBOLS } from './okx-config.js';
import { fuzzMutations, fuzzRequiredFields } from './venue-fuzz-runner.js';

const REQUIRED: readonly RequiredField[] = [
  { fixture: 'orders-doc', path: ['arg'], garbage: 'nonString' },
  { fixture: 'orders-doc', path: ['arg', 'channel'], garbage: 'symbol' },
  { fixture: 'orders-doc', path: ['data'], garbage: 'notArray' },
  { fixture: 'orders-doc', path: ['data', 0], garbage: 'symbol' },
  { fixture: 'orders-doc', path: ['data', 0, 'instId'], garbage: 'symbol' },
  { fixture: 'orders-doc', path: ['data', 0, 'side'], garbage: 'enum' },
  { fixture: 'orders-doc', path: ['data', 0, 'state'], garbage: 'enum' },
  { fixture: 'orders-doc', path: ['data', 0, 'ordId'], garbage: 'id' },
  { fixture: 'orders-doc', path: ['data', 0, 'accFillSz'], garbage: 'decimal' },
  { fixture: 'orders-doc', path: ['data', 0, 'tradeId'], garbage: 'seq' },
  { fixture: 'orders-doc', path: ['data', 0, 'fillSz'], garbage: 'decimal' },
  { fixture: 'orders-doc', path: ['data', 0, 'fillPx'], garbage: 'price' },
  { fixture: 'orders-doc', path: ['data', 0, 'clOrdId'], garbage: 'wrongType' },
  { fixture: 'orders-doc', path: ['data', 0, 'category'], garbage: 'wrongType' },
  { fixture: 'orders-live', path: ['data', 0, 'sz'], garbage: 'decimal' },
  { fixture: 'orders-filled-two-trades', path: ['data', 1, 'fillSz'], garbage: 'decimal' },
  { fixture: 'orders-filled-two-trades', path: ['data', 1, 'tradeId'], garbage: 'seq' },
  { fixture: 'orders-liquidation', path: ['data', 0, 'fillPx'], garbage: 'price' },
  { fixture: 'positions-net-long', path: ['data', 0, 'instId'], garbage: 'symbol' },
  { fixture: 'positions-net-long', path: ['data', 0, 'instType'], garbage: 'symbol' },
  { fixture: 'positions-net-long', path: ['data', 0, 'posSide'], garbage: 'enum' },
  { fixture: 'positions-net-long', path: ['data', 0, 'pos'], garbage: 'decimal' },
  { fixture: 'positions-net-long', path: ['data', 0, 'tradeId'], garbage: 'seq' },
];

describe('OKX v5 decoder fuzz', () => {
  const seed = fuzzSeed('okx', 0x0c5);
  const fixtures = loadFixtures('okx');
  const make = () => new OkxDecoder(OKX_SYMBOLS);

  it('when fixtures are mutated at random then it never throws and emits only well-formed events', () => {
    fuzzMutations(make, fixtures, new Set(OKX_SYMBOLS.map((s) => s.symbol)), seed);
  });

  it('when a required field holds garbage then the frame is malformed and emits nothing', () => {
    fuzzRequiredFields(make, fixtures, REQUIRED, seed);
  });
});

describe('OKX v5 byte decoder fuzz (the feed worker\'s default)', () => {
  const seed = fuzzSeed('okx bytes', 0x0c5);
  const fixtures = loadFixtures('okx');
  const make = () => new ByteDecoderAdapter(new OkxByteDecoder(OKX_SYMBOLS));

  it('when fixtures are mutated at random then it never throws and emits only well-formed events', () => {
    fuzzMutations(make, fixtures, new Set(OKX_SYMBOLS.map((s) => s.symbol)), seed);
  });

  it('when a required field holds garbage then the frame is malformed and emits nothing', () => {
    fuzzRequiredFields(make, fixtures, REQUIRED, seed);
  });
});
