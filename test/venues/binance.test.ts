/**
 * Binance USD-M decoder against the documented example messages and derived variants in
 * `fixtures/binance/` (each file names its source and whether it is derived). Every step of a
 * fixture runs through one decoder, in order, and must produce exactly the listed events and
 * counters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { BINANCE_SYMBOLS, loadBinanceFixtures } from './binance-fixtures.js';
import { assertFixtureSteps } from './fixture-steps.js';

function count(map: Map<string, number>, kind: string): number {
  return map.get(kind) ?? 0;
}

describe('Binance USD-M decoder: fixtures', () => {
  for (const { name, fixture } of loadBinanceFixtures()) {
    it(`when ${name} is decoded then each step yields exactly its events`, () => {
      assert.ok(fixture.source.startsWith('https://developers.binance.com/'), 'fixture names its source');
      assertFixtureSteps(new BinanceUsdmDecoder(BINANCE_SYMBOLS), fixture.steps);
    });
  }
});

describe('Binance USD-M decoder: frames and counters', () => {
  const [first] = loadBinanceFixtures().filter((f) => f.name === 'order-partial-fill-then-fill.json');
  const fillFrame = first?.fixture.steps[1]?.frame;

  it('when a frame arrives as JSON text then it decodes like the parsed object', () => {
    const a = new BinanceUsdmDecoder(BINANCE_SYMBOLS);
    const b = new BinanceUsdmDecoder(BINANCE_SYMBOLS);
    assert.deepStrictEqual(a.decode(JSON.stringify(fillFrame)), b.decode(fillFrame));
    assert.equal(a.decode(JSON.stringify(fillFrame)).events.length, 2);
  });

  it('when the text is not JSON or the frame is not an object then it is malformed and nothing is emitted', () => {
    const d = new BinanceUsdmDecoder(BINANCE_SYMBOLS);
    for (const bad of ['{"e":"ORDER_TRADE_UPDATE","o":{', 'pong', null, 42, [], [fillFrame], undefined, { e: 7 }]) {
      const r = d.decode(bad);
      assert.deepStrictEqual(r.events, []);
      assert.ok(r.error !== undefined);
    }
    assert.equal(d.stats.malformed, 8);
    assert.equal(d.stats.decoded, 0);
    assert.equal(count(d.stats.malformedByKind, 'json'), 2);
  });

  it('when unknown events arrive then they are ignored under a bounded set of kinds', () => {
    const d = new BinanceUsdmDecoder(BINANCE_SYMBOLS);
    d.decode({ e: 'ACCOUNT_CONFIG_UPDATE', E: 1, T: 1, ac: { s: 'BTCUSDT', l: 25 } });
    d.decode({ e: 'SOMETHING_NEW', E: 1 });
    d.decode({ e: 'SOMETHING_ELSE', E: 1 });
    assert.equal(d.stats.ignored, 3);
    assert.deepStrictEqual([...d.stats.ignoredByKind], [['event:ACCOUNT_CONFIG_UPDATE', 1], ['event:other', 2]]);
  });

  it('when a venueSymbol is configured then the venue name maps to the engine symbol and its lot size', () => {
    const d = new BinanceUsdmDecoder([{ symbol: 'BTC-PERP', venueSymbol: 'BTCUSDT', lotSize: '0.002' }]);
    const r = d.decode(fillFrame);
    assert.deepStrictEqual(r.events, [], 'l 0.003 is not a whole number of 0.002 lots');
    assert.ok(r.error?.includes('not a whole number of lots'));
    const ok = d.decode({ e: 'ACCOUNT_UPDATE', E: 1, T: 1, a: { m: 'ORDER', B: [], P: [{ s: 'BTCUSDT', pa: '-0.004', ps: 'BOTH' }] } });
    assert.deepStrictEqual(ok.events, [{ type: 'snapshot', symbol: 'BTC-PERP', position: -2, venueTime: 1 }]);
  });

  for (const [which, make] of [
    ['reference decoder', () => new BinanceUsdmDecoder(BINANCE_SYMBOLS)],
    ['byte decoder', () => new ByteDecoderAdapter(new BinanceByteDecoder(BINANCE_SYMBOLS), 'venueTime')],
  ] as const satisfies readonly (readonly [string, () => VenueDecoder])[]) {
    it(`when an execution carries its trade time o.T then the ${which} gives the fill that venueTime; a missing or bad one gives none and the fill still decodes`, () => {
      const d = make();
      const o = (fillFrame as { o: Record<string, unknown> }).o;
      const withT = (T: unknown): unknown => ({ ...(fillFrame as object), o: { ...o, T } });
      const fillOf = (T: unknown): Record<string, unknown> | undefined => d.decode(withT(T)).events.find((e) => e.type === 'fill') as Record<string, unknown> | undefined;
      assert.equal(fillOf(1_700_000_000_555)?.['venueTime'], 1_700_000_000_555);
      assert.equal(fillOf(0)?.['venueTime'], 0);
      assert.equal(fillOf(1_700_000_000_555.5)?.['venueTime'], 1_700_000_000_555.5, 'the simulator\'s real-time ms have fractions');
      assert.ok(Object.is(fillOf(-0)?.['venueTime'], 0), '-0 reads as 0');
      for (const bad of [undefined, -1, '1700000000555', null, 1e309]) {
        const f = fillOf(bad);
        assert.ok(f !== undefined, `T=${String(bad)}: the fill still decodes`);
        assert.ok(!('venueTime' in f), `T=${String(bad)}: no venue time`);
      }
    });
  }

  it('when a trade\'s ACCOUNT_UPDATE has a transaction time T then its snapshots carry it as venueTime; a bad T is malformed', () => {
    const d = new BinanceUsdmDecoder(BINANCE_SYMBOLS);
    const frame = (T: unknown, m = 'ORDER'): unknown => ({ e: 'ACCOUNT_UPDATE', E: 1_700_000_000_101, T, a: { m, B: [], P: [{ s: 'BTCUSDT', pa: '0.002', ps: 'BOTH' }] } });
    assert.deepStrictEqual(d.decode(frame(1_700_000_000_100)).events, [{ type: 'snapshot', symbol: 'BTCUSDT', position: 2, venueTime: 1_700_000_000_100 }]);
    assert.deepStrictEqual(d.decode(frame(0)).events, [{ type: 'snapshot', symbol: 'BTCUSDT', position: 2, venueTime: 0 }]);
    assert.deepStrictEqual(d.decode(frame(1_700_000_000_100.25)).events, [{ type: 'snapshot', symbol: 'BTCUSDT', position: 2, venueTime: 1_700_000_000_100.25 }], 'the simulator\'s real-time ms have fractions');
    for (const bad of [undefined, -1, '1700000000100', null]) {
      const r = d.decode(frame(bad));
      assert.deepStrictEqual(r.events, [], `T=${String(bad)}`);
      assert.ok(r.error?.includes('T is not a time in ms'), `T=${String(bad)}: ${r.error}`);
    }
    assert.deepStrictEqual(d.decode(frame(undefined, 'ADJUSTMENT')).events, [{ type: 'snapshot', symbol: 'BTCUSDT', position: 2 }], 'not a trade: no venue time, T not needed');
  });

  it('when a fill or update reports a negative or fractional quantity then the frame is malformed, never rounded', () => {
    const d = new BinanceUsdmDecoder(BINANCE_SYMBOLS);
    const frame = fillFrame as { o: Record<string, unknown> };
    for (const [key, value] of [['l', '-0.003'], ['l', '0.0031'], ['z', '0.0030001'], ['q', '-0.010'], ['L', '0'], ['L', '-1'], ['t', -1], ['t', 1.5], ['l', 0.003]] as const) {
      const r = d.decode({ ...frame, o: { ...frame.o, [key]: value } });
      assert.deepStrictEqual(r.events, [], `${key}=${String(value)}`);
      assert.ok(r.error !== undefined, `${key}=${String(value)}`);
    }
  });
});
