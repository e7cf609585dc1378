/**
 * Every venue's order updates carry the order's side and reduce-only flag as the venue publishes
 * them (the engine counts an order it did not send by them), in the reference and the byte
 * decoder alike: each venue's documented order frame, as documented (its own side, reduce-only
 * false) and with the venue's reduce-only field set the way that venue writes it.
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
  /** The documented frame, and the documented side of its order. */
  readonly frame: Rec;
  readonly side: 'buy' | 'sell';
  /** The same frame with the venue's reduce-only field set as the venue writes "true". */
  readonly reduceOnly: Rec;
}

const bybit = loadFixture('bybit', 'order-doc') as Rec & { data: Rec[] };
const okx = loadFixture('okx', 'orders-doc') as Rec & { data: Rec[] };
const deribit = loadFixture('deribit', 'orders-raw-doc') as Rec & { params: Rec & { data: Rec } };
const binance = loadBinanceFixtures().find((f) => f.name === 'order-update-documented.json')!.fixture.steps[0]!.frame as Rec & { o: Rec };
const bitmex = loadBitmexFixtures().find((f) => f.name === 'order-lifecycle.json')!.fixture.steps[0]!.frame as Rec & { data: Rec[] };

const CASES: readonly Case[] = [
  {
    venue: 'Bybit', side: 'sell', frame: bybit,
    decoders: [() => new BybitDecoder(BYBIT_SYMBOLS), () => new ByteDecoderAdapter(new BybitByteDecoder(BYBIT_SYMBOLS))],
    reduceOnly: { ...bybit, data: [{ ...bybit.data[0], reduceOnly: true }] },
  },
  {
    venue: 'OKX', side: 'sell', frame: okx,
    decoders: [() => new OkxDecoder(OKX_SYMBOLS), () => new ByteDecoderAdapter(new OkxByteDecoder(OKX_SYMBOLS))],
    reduceOnly: { ...okx, data: [{ ...okx.data[0], reduceOnly: 'true' }] },
  },
  {
    venue: 'Deribit', side: 'buy', frame: deribit,
    decoders: [() => new DeribitDecoder(DERIBIT_SYMBOLS), () => new ByteDecoderAdapter(new DeribitByteDecoder(DERIBIT_SYMBOLS))],
    reduceOnly: { ...deribit, params: { ...deribit.params, data: { ...deribit.params.data, reduce_only: true } } },
  },
  {
    venue: 'Binance USD-M', side: 'sell', frame: binance,
    decoders: [() => new BinanceUsdmDecoder(BINANCE_SYMBOLS), () => new ByteDecoderAdapter(new BinanceByteDecoder(BINANCE_SYMBOLS), 'venueTime')],
    reduceOnly: { ...binance, o: { ...binance.o, R: true } },
  },
  {
    venue: 'BitMEX', side: 'sell', frame: bitmex,
    decoders: [() => new BitmexDecoder(BITMEX_SYMBOLS), () => new ByteDecoderAdapter(new BitmexByteDecoder(BITMEX_SYMBOLS), 'venueTime')],
    reduceOnly: { ...bitmex, data: bitmex.data.map((r) => ({ ...r, execInst: 'ParticipateDoNotInitiate,ReduceOnly' })) },
  },
];

function updates(d: VenueDecoder, frame: unknown): { side?: string; reduceOnly?: boolean }[] {
  const r = d.decode(frame);
  assert.equal(r.error, undefined);
  return r.events.flatMap((e) => (e.type === 'orderUpdate' ? [{ ...(e.side === undefined ? {} : { side: e.side }), ...(e.reduceOnly === undefined ? {} : { reduceOnly: e.reduceOnly }) }] : []));
}

describe('order updates carry the side and reduce-only flag the venue publishes', () => {
  for (const c of CASES) {
    it(`when a documented ${c.venue} order frame is decoded then its update has the order's side, and reduceOnly only when the venue says so (reference and byte decoder)`, () => {
      for (const make of c.decoders) {
        const plain = updates(make(), c.frame);
        assert.ok(plain.length > 0, 'the frame has an order update');
        assert.deepEqual(plain[0], { side: c.side }, make().constructor.name);
        assert.deepEqual(updates(make(), c.reduceOnly)[0], { side: c.side, reduceOnly: true }, make().constructor.name);
      }
    });
  }
});
