/** Seeded fuzzing of the Bybit v5 decoder (see venue-fuzz-runner.ts for the properties). */
import { describe, it } from 'node:test';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import type { RequiredField } from './fuzz-helpers.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { BYBIT_SYMBOLS } from './bybit-config.js';
import { fuzzMutations, fuzzRequiredFields } from './venue-fuzz-runner.js';

const REQUIRED: readonly RequiredField[] = [
  { fixture: 'execution-doc', path: ['topic'], garbage: 'nonString' },
  { fixture: 'execution-doc', path: ['data'], garbage: 'notArray' },
  { fixture: 'execution-doc', path: ['data', 0], garbage: 'symbol' },
  { fixture: 'execution-doc', path: ['data', 0, 'symbol'], garbage: 'symbol' },
  { fixture: 'execution-doc', path: ['data', 0, 'execType'], garbage: 'enum' },
  { fixture: 'execution-doc', path: ['data', 0, 'side'], garbage: 'enum' },
  { fixture: 'execution-doc', path: ['data', 0, 'execQty'], garbage: 'decimal' },
  { fixture: 'execution-doc', path: ['data', 0, 'execPrice'], garbage: 'price' },
  { fixture: 'execution-doc', path: ['data', 0, 'execId'], garbage: 'id' },
  { fixture: 'execution-doc', path: ['data', 0, 'seq'], garbage: 'seq' },
  { fixture: 'execution-partial-fills', path: ['data', 1, 'execQty'], garbage: 'decimal' },
  { fixture: 'execution-partial-fills', path: ['data', 1, 'orderLinkId'], garbage: 'wrongType' },
  { fixture: 'execution-liquidation', path: ['data', 0, 'execQty'], garbage: 'decimal' },
  { fixture: 'order-new', path: ['data', 0, 'symbol'], garbage: 'symbol' },
  { fixture: 'order-new', path: ['data', 0, 'orderStatus'], garbage: 'enum' },
  { fixture: 'order-new', path: ['data', 0, 'orderId'], garbage: 'id' },
  { fixture: 'order-new', path: ['data', 0, 'cumExecQty'], garbage: 'decimal' },
  { fixture: 'order-new', path: ['data', 0, 'leavesQty'], garbage: 'decimal' },
  { fixture: 'order-doc', path: ['data', 0, 'cumExecQty'], garbage: 'decimal' },
  { fixture: 'order-cancelled-after-partial', path: ['data', 0, 'leavesQty'], garbage: 'decimal' },
  { fixture: 'position-oneway-long', path: ['data', 0, 'symbol'], garbage: 'symbol' },
  { fixture: 'position-oneway-long', path: ['data', 0, 'positionIdx'], garbage: 'enum' },
  { fixture: 'position-oneway-long', path: ['data', 0, 'side'], garbage: 'enum' },
  { fixture: 'position-oneway-long', path: ['data', 0, 'size'], garbage: 'decimal' },
  { fixture: 'position-oneway-long', path: ['data', 0, 'seq'], garbage: 'seq' },
];

describe('Bybit v5 decoder fuzz', () => {
  const seed = fuzzSeed('bybit', 0xb7b1);
  const fixtures = loadFixtures('bybit');
  const make = () => new BybitDecoder(BYBIT_SYMBOLS);

  it('when fixtures are mutated at random then it never throws and emits only well-formed events', () => {
    fuzzMutations(make, fixtures, new Set(BYBIT_SYMBOLS.map((s) => s.symbol)), seed);
  });

  it('when a required field holds garbage then the frame is malformed and emits nothing', () => {
    fuzzRequiredFields(make, fixtures, REQUIRED, seed);
  });
});

describe('Bybit v5 byte decoder fuzz (the feed worker\'s default)', () => {
  const seed = fuzzSeed('bybit bytes', 0xb7b1);
  const fixtures = loadFixtures('bybit');
  const make = () => new ByteDecoderAdapter(new BybitByteDecoder(BYBIT_SYMBOLS));

  it('when fixtures are mutated at random then it never throws and emits only well-formed events', () => {
    fuzzMutations(make, fixtures, new Set(BYBIT_SYMBOLS.map((s) => s.symbol)), seed);
  });

  it('when a required field holds garbage then the frame is malformed and emits nothing', () => {
    fuzzRequiredFields(make, fixtures, REQUIRED, seed);
  });
});
