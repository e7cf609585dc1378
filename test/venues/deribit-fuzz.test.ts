/** Seeded fuzzing of the Deribit decoder (see venue-fuzz-runner.ts for the properties). */
import { describe, it } from 'node:test';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { DeribitByteDecoder } from '../../src/venues/deribit/deribit-byte-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import type { RequiredField } from './fuzz-helpers.js';
import { fuzzSeed, loadFixtures } from './fuzz-helpers.js';
import { DERIBIT_SYMBOLS } from './deribit-config.js';
import { fuzzMutations, fuzzRequiredFields } from './venue-fuzz-runner.js';

const D = ['params', 'data'] as const;

const REQUIRED: readonly RequiredField[] = [
  { fixture: 'changes-doc', path: ['params'], garbage: 'symbol' },
  { fixture: 'changes-doc', path: ['params', 'channel'], garbage: 'symbol' },
  { fixture: 'changes-doc', path: [...D], garbage: 'notObject' },
  { fixture: 'changes-doc', path: [...D, 'trades'], garbage: 'presentNotArray' },
  { fixture: 'changes-doc', path: [...D, 'orders'], garbage: 'presentNotArray' },
  { fixture: 'changes-doc', path: [...D, 'positions'], garbage: 'presentNotArray' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0], garbage: 'symbol' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'instrument_name'], garbage: 'symbol' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'direction'], garbage: 'enum' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'amount'], garbage: 'numericQty' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'price'], garbage: 'numericPrice' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'trade_id'], garbage: 'id' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'trade_seq'], garbage: 'seq' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'liquidity'], garbage: 'wrongType' },
  { fixture: 'changes-doc', path: [...D, 'trades', 0, 'order_id'], garbage: 'wrongType' },
  { fixture: 'changes-doc', path: [...D, 'orders', 0, 'instrument_name'], garbage: 'symbol' },
  { fixture: 'changes-doc', path: [...D, 'orders', 0, 'order_state'], garbage: 'enum' },
  { fixture: 'changes-doc', path: [...D, 'orders', 0, 'order_id'], garbage: 'id' },
  { fixture: 'changes-doc', path: [...D, 'orders', 0, 'filled_amount'], garbage: 'numericQty' },
  { fixture: 'changes-doc', path: [...D, 'orders', 0, 'label'], garbage: 'wrongType' },
  { fixture: 'changes-doc', path: [...D, 'positions', 0, 'instrument_name'], garbage: 'symbol' },
  { fixture: 'changes-doc', path: [...D, 'positions', 0, 'size'], garbage: 'numericQty' },
  { fixture: 'changes-doc', path: [...D, 'positions', 0, 'direction'], garbage: 'enum' },
  { fixture: 'changes-liquidation', path: [...D, 'trades', 0, 'liquidation'], garbage: 'wrongType' },
  { fixture: 'changes-liquidation', path: [...D, 'orders', 0, 'is_liquidation'], garbage: 'notBoolean' },
  { fixture: 'changes-short-position', path: [...D, 'trades', 1, 'amount'], garbage: 'numericQty' },
  { fixture: 'changes-partial-fill', path: [...D, 'orders', 0, 'amount'], garbage: 'numericQty' },
  { fixture: 'trades-doc', path: [...D], garbage: 'notArray' },
  { fixture: 'trades-doc', path: [...D, 1, 'trade_seq'], garbage: 'seq' },
  { fixture: 'orders-raw-doc', path: [...D], garbage: 'scalar' },
  { fixture: 'orders-raw-doc', path: [...D, 'amount'], garbage: 'numericQty' },
  { fixture: 'heartbeat', path: ['params'], garbage: 'symbol' },
  { fixture: 'heartbeat', path: ['params', 'type'], garbage: 'enum' },
];

describe('Deribit decoder fuzz', () => {
  const seed = fuzzSeed('deribit', 0xde7b);
  const fixtures = loadFixtures('deribit');
  const make = () => new DeribitDecoder(DERIBIT_SYMBOLS);

  it('when fixtures are mutated at random then it never throws and emits only well-formed events', () => {
    fuzzMutations(make, fixtures, new Set(DERIBIT_SYMBOLS.map((s) => s.symbol)), seed);
  });

  it('when a required field holds garbage then the frame is malformed and emits nothing', () => {
    fuzzRequiredFields(make, fixtures, REQUIRED, seed);
  });
});

describe('Deribit byte decoder fuzz (the feed worker\'s default)', () => {
  const seed = fuzzSeed('deribit bytes', 0xde7b);
  const fixtures = loadFixtures('deribit');
  const make = () => new ByteDecoderAdapter(new DeribitByteDecoder(DERIBIT_SYMBOLS));

  it('when fixtures are mutated at random then it never throws and emits only well-formed events', () => {
    fuzzMutations(make, fixtures, new Set(DERIBIT_SYMBOLS.map((s) => s.symbol)), seed);
  });

  it('when a required field holds garbage then the frame is malformed and emits nothing', () => {
    fuzzRequiredFields(make, fixtures, REQUIRED, seed);
  });
});
