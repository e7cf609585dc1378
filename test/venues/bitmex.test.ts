/**
 * BitMEX decoder against the documented frames and schema-derived rows in `fixtures/bitmex/`
 * (each file names its source and whether it is derived). Every step of a fixture runs through
 * one decoder, in order (the order table is stateful), and must produce exactly the listed
 * events and counters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BitmexDecoder } from '../../src/venues/bitmex/bitmex-decoder.js';
import { BitmexByteDecoder } from '../../src/venues/bitmex/bitmex-byte-decoder.js';
import type { VenueDecoder } from '../../src/venues/venue-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { BITMEX_SYMBOLS, loadBitmexFixtures } from './bitmex-fixtures.js';
import { assertFixtureSteps } from './fixture-steps.js';

function count(map: Map<string, number>, kind: string): number {
  return map.get(kind) ?? 0;
}

function orderRow(orderID: string, clOrdID: string, o: Record<string, unknown> = {}): Record<string, unknown> {
  return { orderID, clOrdID, account: 1, symbol: 'XBTUSD', side: 'Buy', orderQty: 1000, ordStatus: 'New', leavesQty: 1000, cumQty: 0, ...o };
}

describe('BitMEX decoder: fixtures', () => {
  for (const { name, fixture } of loadBitmexFixtures()) {
    it(`when ${name} is decoded then each step yields exactly its events`, () => {
      assert.ok(fixture.source.includes('bitmex'), 'fixture names its source');
      assertFixtureSteps(new BitmexDecoder(BITMEX_SYMBOLS), fixture.steps);
    });
  }
});

describe('BitMEX decoder: frames, state and counters', () => {
  it('when frames arrive as JSON text then they decode like parsed objects; bad text is malformed', () => {
    const d = new BitmexDecoder(BITMEX_SYMBOLS);
    const insert = { table: 'order', action: 'insert', data: [orderRow('a', 'c-a')] };
    assert.deepStrictEqual(d.decode(JSON.stringify(insert)).events, [{ type: 'orderUpdate', symbol: 'XBTUSD', orderId: 'c-a', status: 'new', cumQty: 0, leavesQty: 10, side: 'buy' }]);
    for (const bad of ['{"table":"order","action":"insert","data":[{', 'ping', '"pong"', null, 7, [insert]]) {
      const r = d.decode(bad);
      assert.deepStrictEqual(r.events, []);
      assert.ok(r.error !== undefined, String(bad));
    }
    assert.equal(count(d.stats.malformedByKind, 'json'), 2);
    assert.equal(d.stats.malformed, 6);
  });

  it('when more live orders arrive than the capacity then the least recently updated is evicted and its updates are skipped', () => {
    const d = new BitmexDecoder(BITMEX_SYMBOLS, { maxOrders: 3 });
    for (const id of ['o1', 'o2', 'o3']) d.decode({ table: 'order', action: 'insert', data: [orderRow(id, `c-${id}`)] });
    d.decode({ table: 'order', action: 'update', data: [{ orderID: 'o1', workingIndicator: true }] }); // o1 becomes most recent
    d.decode({ table: 'order', action: 'insert', data: [orderRow('o4', 'c-o4')] }); // evicts o2
    assert.equal(d.orders.size, 3);
    assert.equal(d.orders.evicted, 1);
    assert.deepStrictEqual(d.decode({ table: 'order', action: 'update', data: [{ orderID: 'o2', ordStatus: 'Canceled', leavesQty: 0 }] }).events, []);
    assert.equal(count(d.stats.ignoredByKind, 'order:unknownOrder'), 1);
    assert.deepStrictEqual(d.decode({ table: 'order', action: 'update', data: [{ orderID: 'o1', ordStatus: 'Canceled', leavesQty: 0 }] }).events,
      [{ type: 'orderUpdate', symbol: 'XBTUSD', orderId: 'c-o1', status: 'canceled', cumQty: 0, leavesQty: 0, side: 'buy' }]);
    assert.equal(d.orders.size, 2, 'a terminal order is evicted at once');
  });

  it('when an update row omits side and execInst then the update keeps the side and reduce-only flag of the order\'s full row, and a row that restates execInst changes it (reference and byte decoder)', () => {
    for (const d of [new BitmexDecoder(BITMEX_SYMBOLS), new ByteDecoderAdapter(new BitmexByteDecoder(BITMEX_SYMBOLS), 'venueTime')]) {
      const first = d.decode({ table: 'order', action: 'insert', data: [orderRow('r1', 'cr1', { side: 'Sell', execInst: 'ParticipateDoNotInitiate,ReduceOnly' })] }).events[0];
      assert.ok(first?.type === 'orderUpdate');
      assert.deepEqual([first.side, first.reduceOnly], ['sell', true], d.constructor.name);
      const next = d.decode({ table: 'order', action: 'update', data: [{ orderID: 'r1', ordStatus: 'PartiallyFilled', cumQty: 100, leavesQty: 900 }] }).events[0];
      assert.ok(next?.type === 'orderUpdate');
      assert.deepEqual([next.side, next.reduceOnly], ['sell', true], d.constructor.name);
      const plain = d.decode({ table: 'order', action: 'update', data: [{ orderID: 'r1', execInst: 'ParticipateDoNotInitiate', leavesQty: 800 }] }).events[0];
      assert.ok(plain?.type === 'orderUpdate');
      assert.deepEqual([plain.side, plain.reduceOnly], ['sell', undefined], d.constructor.name);
      const close = d.decode({ table: 'order', action: 'insert', data: [orderRow('r2', 'cr2', { execInst: 'Close', side: 'sideways' })] }).events[0];
      assert.ok(close?.type === 'orderUpdate');
      assert.deepEqual([close.side, close.reduceOnly], [undefined, true], `${d.constructor.name}: an unreadable side is not given, never a malformed row`);
    }
  });

  it('when many orders run to completion then the state stays empty (terminal orders are evicted)', () => {
    const d = new BitmexDecoder(BITMEX_SYMBOLS, { maxOrders: 100 });
    for (let i = 0; i < 5000; i++) {
      d.decode({ table: 'order', action: 'insert', data: [orderRow(`o${i}`, `c${i}`)] });
      d.decode({ table: 'order', action: 'update', data: [{ orderID: `o${i}`, ordStatus: 'Filled', cumQty: 1000, leavesQty: 0 }] });
    }
    assert.equal(d.orders.size, 0);
    assert.equal(d.orders.evicted, 0);
  });

  it('when an order image (partial) for one symbol arrives then only that symbol\'s remembered orders are replaced', () => {
    const d = new BitmexDecoder(BITMEX_SYMBOLS);
    d.decode({ table: 'order', action: 'insert', data: [orderRow('x1', 'cx1'), orderRow('e1', 'ce1', { symbol: 'ETHUSD', orderQty: 5, leavesQty: 5 })] });
    d.decode({ table: 'order', action: 'partial', filter: { account: 1, symbol: 'XBTUSD' }, data: [] });
    assert.deepStrictEqual(d.decode({ table: 'order', action: 'update', data: [{ orderID: 'x1', ordStatus: 'Canceled' }] }).events, []);
    assert.deepStrictEqual(d.decode({ table: 'order', action: 'update', data: [{ orderID: 'e1', ordStatus: 'Canceled' }] }).events,
      [{ type: 'orderUpdate', symbol: 'ETHUSD', orderId: 'ce1', status: 'canceled', cumQty: 0, leavesQty: 0, side: 'buy' }]);
  });

  it('when one frame inserts and updates the same order then the update completes from the staged insert', () => {
    const d = new BitmexDecoder(BITMEX_SYMBOLS);
    const r = d.decode({ table: 'order', action: 'insert', data: [orderRow('s1', 'cs1')] });
    assert.equal(r.events.length, 1);
    const u = d.decode({ table: 'order', action: 'update', data: [{ orderID: 's1', ordStatus: 'PartiallyFilled', cumQty: 100, leavesQty: 900 }, { orderID: 's1', ordStatus: 'Filled', cumQty: 1000, leavesQty: 0 }] });
    assert.deepStrictEqual(u.events.map((e) => e.type === 'orderUpdate' && [e.status, e.cumQty, e.leavesQty]), [['partiallyFilled', 1, 9], ['filled', 10, 0]]);
    assert.equal(d.orders.size, 0);
  });

  it('when lot size does not divide a contract count then the row is malformed, never rounded, and the row beside it still decodes', () => {
    const d = new BitmexDecoder([{ symbol: 'BTC-PERP', venueSymbol: 'XBTUSD', lotSize: '100' }, { symbol: 'ETHUSD', lotSize: '1' }]);
    const r = d.decode({ table: 'position', action: 'update', data: [{ account: 1, symbol: 'XBTUSD', currency: 'XBt', currentQty: -1050 }, { account: 1, symbol: 'ETHUSD', currency: 'XBt', currentQty: 7 }] });
    assert.deepStrictEqual(r.events, [{ type: 'snapshot', symbol: 'ETHUSD', position: 7 }]);
    assert.equal(r.error, undefined);
    assert.ok(r.rowErrors?.[0]?.includes('not a whole number of lots'));
    assert.equal(d.stats.malformedRows, 1);
    assert.deepStrictEqual(d.decode({ table: 'position', action: 'update', data: [{ account: 1, symbol: 'XBTUSD', currency: 'XBt', currentQty: -1000 }] }).events,
      [{ type: 'snapshot', symbol: 'BTC-PERP', position: -10 }]);
  });

  for (const [which, make] of [
    ['reference decoder', () => new BitmexDecoder(BITMEX_SYMBOLS)],
    ['byte decoder', () => new ByteDecoderAdapter(new BitmexByteDecoder(BITMEX_SYMBOLS), 'venueTime')],
  ] as const satisfies readonly (readonly [string, () => VenueDecoder])[]) {
    it(`when an execution row carries its timestamp then the ${which} gives the fill that venueTime in ms; a missing or bad one gives none and the fill still decodes`, () => {
      const d = make();
      const row = (timestamp: unknown): Record<string, unknown> => ({
        execID: `e-${String(timestamp)}`, orderID: 'o-1', clOrdID: 'c-1', symbol: 'ETHUSD', side: 'Buy', lastQty: 1, lastPx: 2000, execType: 'Trade',
        ...(timestamp === undefined ? {} : { timestamp }),
      });
      const fillOf = (timestamp: unknown): Record<string, unknown> | undefined =>
        d.decode({ table: 'execution', action: 'insert', data: [row(timestamp)] }).events[0] as Record<string, unknown> | undefined;
      assert.equal(fillOf('2023-11-14T22:13:20.123Z')?.['venueTime'], 1_700_000_000_123);
      assert.equal(fillOf('2023-11-14T22:13:20Z')?.['venueTime'], 1_700_000_000_000);
      assert.equal(fillOf('2023-11-14T22:13:20.5Z')?.['venueTime'], 1_700_000_000_500);
      assert.equal(fillOf('1970-01-01T00:00:00.000Z')?.['venueTime'], 0);
      for (const bad of [undefined, null, 1_700_000_000_123, '', '2023-11-14 22:13:20.123Z', '2023-11-14T22:13:20.123+01:00', '1969-12-31T23:59:59.999Z']) {
        const f = fillOf(bad);
        assert.equal(f?.['type'], 'fill', `timestamp=${String(bad)}: the fill still decodes`);
        assert.ok(!('venueTime' in f!), `timestamp=${String(bad)}: no venue time`);
      }
    });
  }
});
