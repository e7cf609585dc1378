/**
 * Seeded fuzzing of the BitMEX decoder: ≥100,000 mutations of the fixture frames through ONE
 * stateful decoder (unmutated frames interleaved so the order state has rows to complete; seed
 * printed, replay with `FUZZ_SEED=<seed>`). Properties: decode never throws; a frame with an
 * error emits nothing; every event is well formed (configured symbol, integer lots, finite
 * positive prices, valid side/status, no `seq`); the order state stays within its bound; garbage
 * in a required field emits nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BitmexByteDecoder } from '../../src/venues/bitmex/bitmex-byte-decoder.js';
import type { BitmexDecoderOptions } from '../../src/venues/bitmex/bitmex-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { BITMEX_SYMBOLS, loadBitmexFixtures } from './bitmex-fixtures.js';
import { fuzzSeed, mulberry32, mutate, pick, randInt } from './fuzz-helpers.js';

const ITERATIONS = 100_000;
const MAX_ORDERS = 64;
const SYMBOLS = new Set(BITMEX_SYMBOLS.map((s) => s.symbol));
const STATUSES = new Set(['new', 'partiallyFilled', 'filled', 'canceled', 'rejected']);

function lots(n: unknown, min: number): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min && !Object.is(n, -0);
}

/** Why `e` is not a well-formed venue event, or `undefined` when it is. */
function problem(e: VenueEvent): string | undefined {
  if ('seq' in e) return 'seq must be absent (no position watermark on this venue)';
  switch (e.type) {
    case 'heartbeat':
      return 'symbol' in e ? 'heartbeat is connection-wide' : undefined;
    case 'fill':
      if (!SYMBOLS.has(e.symbol)) return 'unknown symbol';
      if (!lots(e.qty, 1)) return 'fill qty not positive integer lots';
      if (!Number.isFinite(e.price) || e.price <= 0) return 'fill price not finite positive';
      if (e.side !== 'buy' && e.side !== 'sell') return 'bad side';
      if (typeof e.execId !== 'string' || e.execId === '') return 'bad execId';
      if ('orderId' in e && (typeof e.orderId !== 'string' || e.orderId === '')) return 'bad orderId';
      if ('venueTime' in e && (typeof e.venueTime !== 'number' || !Number.isFinite(e.venueTime) || e.venueTime < 0 || Object.is(e.venueTime, -0))) return 'fill venueTime not a time in ms';
      return undefined;
    case 'orderUpdate':
      if (!SYMBOLS.has(e.symbol)) return 'unknown symbol';
      if (!STATUSES.has(e.status)) return 'bad status';
      if (!lots(e.cumQty, 0) || !lots(e.leavesQty, 0)) return 'cum/leaves not integer lots';
      if (typeof e.orderId !== 'string' || e.orderId === '') return 'bad orderId';
      return undefined;
    case 'snapshot':
      if (!SYMBOLS.has(e.symbol)) return 'unknown symbol';
      return Number.isSafeInteger(e.position) && !Object.is(e.position, -0) ? undefined : 'position not integer lots';
  }
}

/** A decoder under test and its order state's size. */
type Subject = VenueDecoder & { readonly orders: { readonly size: number; readonly evicted: number } };

function checkDecode(d: Subject, input: unknown, where: string): VenueEvent[] {
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
  if (d.orders.size > MAX_ORDERS) assert.fail(`${where}: order state grew to ${d.orders.size}`);
  return [...r.events];
}

const fixtures = loadBitmexFixtures();
const corpus = fixtures.flatMap(({ fixture }) => fixture.steps.map((s) => s.frame));

for (const [name, make] of [
  ['decoder', (o: BitmexDecoderOptions = {}): Subject => new BitmexDecoder(BITMEX_SYMBOLS, o)],
  ['byte decoder (the feed worker\'s default)', (o: BitmexDecoderOptions = {}): Subject => {
    const bytes = new BitmexByteDecoder(BITMEX_SYMBOLS, o);
    return Object.assign(new ByteDecoderAdapter(bytes, 'venueTime'), { orders: bytes.orders });
  }],
] as const) {
describe(`BitMEX ${name}: fuzz`, () => {
  it(`when ${ITERATIONS} mutated frames are decoded then nothing throws, every event is well formed and the state stays bounded`, () => {
    const seed = fuzzSeed('bitmex-fuzz', 0xb17e4);
    const rng = mulberry32(seed);
    const d = make({ maxOrders: MAX_ORDERS });
    let emitted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const frame = pick(rng, corpus);
      const input = randInt(rng, 5) === 0 ? frame : mutate(frame, rng);
      emitted += checkDecode(d, input, `seed ${seed} iteration ${i}`).length;
    }
    const { decoded, ignored, malformed } = d.stats;
    console.log(`bitmex-fuzz: decoded=${decoded} ignored=${ignored} malformed=${malformed} events=${emitted} orders=${d.orders.size} evicted=${d.orders.evicted}`);
    assert.ok(malformed > 0 && decoded > 0 && emitted > 0, 'the mutations reach both the happy and the error paths');
  });

  it('when a required field holds garbage then the frame emits nothing', () => {
    const seed = fuzzSeed('bitmex-garbage', 0x6a4ba9e);
    const rng = mulberry32(seed);
    const GARBAGE: readonly unknown[] = [undefined, null, true, '', 'x', '300', 2.5, Number.NaN, 1e400, -1e308, 2 ** 53, [], {}, [300], { v: 300 }];
    const OFF_LOT = 150; // 1.5 lots of XBTUSD: garbage for a quantity, a fine price
    const trades = fixtures.find((f) => f.name === 'execution-trades.json')?.fixture.steps[1]?.frame as { data: Record<string, unknown>[] };
    const tradeRow = trades.data[1] as Record<string, unknown>;
    const orderInsert = fixtures.find((f) => f.name === 'order-lifecycle.json')?.fixture.steps[1]?.frame as { data: Record<string, unknown>[] };
    const orderRow = orderInsert.data[0] as Record<string, unknown>;
    const positionRow = { account: 1, symbol: 'XBTUSD', currency: 'XBt', currentQty: -300 };
    assert.equal(make().decode({ table: 'execution', action: 'insert', data: [tradeRow] }).events.length, 1, 'the base row is a fill');
    const d = make({ maxOrders: MAX_ORDERS });
    for (let i = 0; i < 20_000; i++) {
      const which = randInt(rng, 3);
      const [table, base, keys, optional] = which === 0 ? ['execution', tradeRow, ['execType', 'symbol', 'execID', 'side', 'lastQty', 'lastPx', 'clOrdID'], ['clOrdID']]
        : which === 1 ? ['order', orderRow, ['orderID', 'symbol', 'ordStatus', 'cumQty', 'leavesQty', 'clOrdID'], ['clOrdID', 'cumQty', 'leavesQty']]
        : ['position', positionRow, ['symbol', 'currentQty'], ['currentQty']] as const;
      const key = pick(rng, keys);
      const quantity = ['lastQty', 'cumQty', 'leavesQty', 'currentQty'].includes(key);
      // any non-empty string is a valid id (BitMEX ids are opaque), and "" is a legal clOrdID
      const ids = ['orderID', 'execID', 'clOrdID'].includes(key);
      const choices = ids ? GARBAGE.filter((g) => typeof g !== 'string' || (g === '' && key !== 'clOrdID'))
        : key === 'lastPx' ? GARBAGE.filter((g) => typeof g !== 'number' || !(Number.isFinite(g) && g > 0)) // 2.5 is a fine price
        : GARBAGE;
      let garbage = quantity && randInt(rng, 4) === 0 ? OFF_LOT : pick(rng, choices);
      if (garbage === undefined && optional.includes(key as never)) garbage = null; // absence is legal there; null is not
      const row: Record<string, unknown> = { ...base };
      if (garbage === undefined) delete row[key];
      else row[key] = garbage;
      const frame = { table, action: 'insert', data: [row] };
      assert.deepStrictEqual(checkDecode(d, frame, `seed ${seed} iteration ${i}`), [], JSON.stringify(frame));
    }
  });
});
}
