/**
 * One malformed row never drops the good rows beside it, on any venue, in the reference and the
 * byte decoders alike: a frame with a good row and a corrupted row emits exactly what the frame
 * with the good row alone emits, and reports the corrupted row (`rowErrors`, `malformedRows`,
 * `malformedByKind`) while the frame counts as decoded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import { DeribitDecoder } from '../../src/venues/deribit/deribit-decoder.js';
import { DeribitByteDecoder } from '../../src/venues/deribit/deribit-byte-decoder.js';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BitmexByteDecoder } from '../../src/venues/bitmex/bitmex-byte-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { BYBIT_SYMBOLS } from './bybit-config.js';
import { OKX_SYMBOLS } from './okx-config.js';
import { DERIBIT_SYMBOLS } from './deribit-config.js';
import { BINANCE_SYMBOLS, loadBinanceFixtures } from './binance-fixtures.js';
import { BITMEX_SYMBOLS, loadBitmexFixtures } from './bitmex-fixtures.js';
import { loadFixture } from './fuzz-helpers.js';

type Rec = Record<string, unknown>;

interface Case {
  readonly venue: string;
  readonly decoders: readonly (() => VenueDecoder)[];
  /** The frame with the good row only, and with the good row and a corrupted one. */
  readonly good: unknown;
  readonly bad: unknown;
  readonly kind: string;
}

function withRows<T extends Rec>(frame: T, path: readonly string[], rows: unknown[]): T {
  if (path.length === 0) return rows as unknown as T;
  const [head, ...rest] = path;
  return { ...frame, [head!]: withRows(frame[head!] as Rec, rest, rows) };
}

const bybit = loadFixture('bybit', 'execution-partial-fills') as Rec & { data: Rec[] };
const okx = loadFixture('okx', 'orders-filled-two-trades') as Rec & { data: Rec[] };
const deribit = loadFixture('deribit', 'changes-doc') as Rec & { params: { data: { trades: Rec[] } } };
const deribitTrade = deribit.params.data.trades[0]!;
const binance = loadBinanceFixtures().find((f) => f.name === 'account-update-one-way.json')!.fixture.steps[0]!.frame as Rec & { a: { P: Rec[] } };
const bitmex = loadBitmexFixtures().find((f) => f.name === 'execution-trades.json')!.fixture.steps[1]!.frame as Rec & { data: Rec[] };

const CASES: readonly Case[] = [
  {
    venue: 'Bybit', kind: 'execution',
    decoders: [() => new BybitDecoder(BYBIT_SYMBOLS), () => new ByteDecoderAdapter(new BybitByteDecoder(BYBIT_SYMBOLS))],
    good: withRows(bybit, ['data'], [bybit.data[0]]),
    bad: withRows(bybit, ['data'], [bybit.data[0], { ...bybit.data[1], execPrice: 'abc' }]),
  },
  {
    venue: 'OKX', kind: 'orders',
    decoders: [() => new OkxDecoder(OKX_SYMBOLS), () => new ByteDecoderAdapter(new OkxByteDecoder(OKX_SYMBOLS))],
    good: withRows(okx, ['data'], [okx.data[0]]),
    bad: withRows(okx, ['data'], [{ ...okx.data[1], fillSz: '0.00001x' }, okx.data[0]]),
  },
  {
    venue: 'Deribit', kind: 'trades',
    decoders: [() => new DeribitDecoder(DERIBIT_SYMBOLS), () => new ByteDecoderAdapter(new DeribitByteDecoder(DERIBIT_SYMBOLS))],
    good: withRows(deribit, ['params', 'data', 'trades'], [deribitTrade]),
    bad: withRows(deribit, ['params', 'data', 'trades'], [deribitTrade, { ...deribitTrade, trade_id: 'x2', amount: 15 }]),
  },
  {
    venue: 'Binance USD-M', kind: 'accountUpdate',
    decoders: [() => new BinanceUsdmDecoder(BINANCE_SYMBOLS), () => new ByteDecoderAdapter(new BinanceByteDecoder(BINANCE_SYMBOLS), 'venueTime')],
    good: withRows(binance, ['a', 'P'], [binance.a.P[0]]),
    bad: withRows(binance, ['a', 'P'], [binance.a.P[0], { ...binance.a.P[1], ps: 'SIDEWAYS' }]),
  },
  {
    venue: 'BitMEX', kind: 'execution',
    decoders: [() => new BitmexDecoder(BITMEX_SYMBOLS), () => new ByteDecoderAdapter(new BitmexByteDecoder(BITMEX_SYMBOLS), 'venueTime')],
    good: withRows(bitmex, ['data'], [bitmex.data[1]]),
    bad: withRows(bitmex, ['data'], [{ ...bitmex.data[1], execID: 'bad-1', lastQty: 'three hundred' }, bitmex.data[1]]),
  },
];

describe('one malformed row never drops the good rows beside it', () => {
  for (const c of CASES) {
    it(`when a ${c.venue} frame holds a good row and a malformed one then the good row's events are emitted and the bad row alone is reported (reference and byte decoder)`, () => {
      for (const make of c.decoders) {
        const want = make().decode(c.good);
        assert.equal(want.error, undefined);
        assert.ok(want.events.length > 0, 'the good row emits');
        const d = make();
        const r = d.decode(c.bad);
        assert.equal(r.error, undefined, `${d.constructor.name}: the frame is not malformed`);
        assert.deepStrictEqual(r.events, want.events, d.constructor.name);
        assert.equal(r.rowErrors?.length, 1, `${d.constructor.name}: one row error`);
        assert.match(r.rowErrors?.[0] ?? '', new RegExp(`^${c.kind}: `));
        assert.deepEqual([d.stats.decoded, d.stats.malformed, d.stats.malformedRows, d.stats.malformedByKind.get(c.kind)], [1, 0, 1, 1], d.constructor.name);
      }
    });
  }
});
