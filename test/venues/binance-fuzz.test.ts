/**
 * Seeded fuzzing of the Binance USD-M decoder: ≥100,000 mutations of the fixture frames (seed
 * printed; replay with `FUZZ_SEED=<seed>`). Properties: decode never throws; a frame with an
 * error emits nothing; every emitted event is well formed (configured symbol, integer lots,
 * finite positive prices, valid side/status, no `seq`); garbage in a required field emits nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { BINANCE_SYMBOLS, loadBinanceFixtures } from './binance-fixtures.js';
import { fuzzSeed, mulberry32, mutate, pick, randInt } from './fuzz-helpers.js';

const ITERATIONS = 100_000;
const SYMBOLS = new Set(BINANCE_SYMBOLS.map((s) => s.symbol));
const STATUSES = new Set(['new', 'partiallyFilled', 'filled', 'canceled', 'rejected']);

function lots(n: unknown, min: number): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && !Object.is(n, -0);
}

/** Why `e` is not a well-formed venue event, or `undefined` when it is. */
function problem(e: VenueEvent): string | undefined {
  if (e.type !== 'heartbeat' && !SYMBOLS.has(e.symbol)) return 'unknown symbol';
  if ('seq' in e) return 'seq must be absent (no position watermark on this venue)';
  switch (e.type) {
    case 'fill':
      if (!lots(e.qty, 1)) return 'fill qty not positive integer lots';
      if (!Number.isFinite(e.price) || e.price <= 0) return 'fill price not finite positive';
      if (e.side !== 'buy' && e.side !== 'sell') return 'bad side';
      if (typeof e.execId !== 'string' || e.execId === '') return 'bad execId';
      if ('orderId' in e && (typeof e.orderId !== 'string' || e.orderId === '')) return 'bad orderId';
      if ('venueTime' in e && (typeof e.venueTime !== 'number' || !Number.isFinite(e.venueTime) || e.venueTime < 0 || Object.is(e.venueTime, -0))) return 'fill venueTime not a time in ms';
      return undefined;
    case 'orderUpdate':
      if (!STATUSES.has(e.status)) return 'bad status';
      if (!lots(e.cumQty, 0) || !lots(e.leavesQty, 0)) return 'cum/leaves not integer lots';
      if (typeof e.orderId !== 'string' || e.orderId === '') return 'bad orderId';
      return undefined;
    case 'snapshot':
      return Number.isSafeInteger(e.position) && !Object.is(e.position, -0) ? undefined : 'position not integer lots';
    case 'heartbeat':
      return 'binance emits no heartbeat';
  }
}

export function checkDecode(d: VenueDecoder, input: unknown, where: string): VenueEvent[] {
  let r;
  try {
    r = d.decode(input);
  } catch (e) {
    assert.fail(`${where}: decode threw ${String(e)} on ${JSON.stringify(input)?.slice(0, 300)}`);
  }
  if (r.error !== undefined) assert.equal(r.events.length, 0, `${where}: an error frame emitted events`);
  for (const e of r.events) {
    const p = problem(e);
    if (p !== undefined) assert.fail(`${where}: ${p}: ${JSON.stringify(e)} from ${JSON.stringify(input)?.slice(0, 300)}`);
  }
  return [...r.events];
}

const corpus = loadBinanceFixtures().flatMap(({ fixture }) => fixture.steps.map((s) => s.frame));

for (const [name, make] of [
  ['decoder', () => new BinanceUsdmDecoder(BINANCE_SYMBOLS)],
  ['byte decoder (the feed worker\'s default)', () => new ByteDecoderAdapter(new BinanceByteDecoder(BINANCE_SYMBOLS), 'venueTime')],
] as const) {
describe(`Binance USD-M ${name}: fuzz`, () => {
  it(`when ${ITERATIONS} mutated frames are decoded then nothing throws and every event is well formed`, () => {
    const seed = fuzzSeed('binance-fuzz', 0xb1a7ce);
    const rng = mulberry32(seed);
    const d: VenueDecoder = make();
    let emitted = 0;
    for (let i = 0; i < ITERATIONS; i++) emitted += checkDecode(d, mutate(pick(rng, corpus), rng), `seed ${seed} iteration ${i}`).length;
    const { decoded, ignored, malformed } = d.stats;
    console.log(`binance-fuzz: decoded=${decoded} ignored=${ignored} malformed=${malformed} events=${emitted}`);
    assert.ok(malformed > 0 && decoded > 0 && emitted > 0, 'the mutations reach both the happy and the error paths');
  });

  it('when a required field holds garbage then the frame emits nothing', () => {
    const seed = fuzzSeed('binance-garbage', 0x9a4ba9e);
    const rng = mulberry32(seed);
    const GARBAGE: readonly unknown[] = [undefined, null, true, 0, 1.5, -1, '', ' ', 'x', '1e400', '-', 'NaN', '1,5', [], {}, ['0.001'], { v: '0.001' }];
    const OFF_LOT = '0.0005'; // garbage for a quantity (half a lot), a fine price
    const fixture = loadBinanceFixtures().find((f) => f.name === 'order-partial-fill-then-fill.json');
    const base = fixture?.fixture.steps[1]?.frame as { o: Record<string, unknown> }; // a partial fill
    const account = { e: 'ACCOUNT_UPDATE', E: 1, T: 1, a: { m: 'ORDER', B: [], P: [{ s: 'BTCUSDT', pa: '-0.025', ps: 'BOTH' }] } };
    assert.equal(make().decode(base).events.length, 2, 'the base frame is a fill');
    const d: VenueDecoder = make();
    for (let i = 0; i < 20_000; i++) {
      const fill = randInt(rng, 3) !== 0;
      const key = fill ? pick(rng, ['s', 'S', 'q', 'z', 'l', 'L', 't', 'x', 'X']) : pick(rng, ['s', 'pa', 'ps']);
      const garbage = ['q', 'z', 'l', 'pa'].includes(key) && randInt(rng, 4) === 0 ? OFF_LOT : pick(rng, GARBAGE);
      const frame = fill
        ? (() => { const o = { ...base.o }; if (garbage === undefined) delete o[key]; else o[key] = garbage; return { ...base, o }; })()
        : (() => { const row: Record<string, unknown> = { s: 'BTCUSDT', pa: '-0.025', ps: 'BOTH' }; if (garbage === undefined) delete row[key]; else row[key] = garbage; return { ...account, a: { ...account.a, P: [row] } }; })();
      assert.deepStrictEqual(checkDecode(d, frame, `seed ${seed} iteration ${i}`), [], JSON.stringify(frame));
    }
  });
});
}
