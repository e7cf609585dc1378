/**
 * Binance USD-M in hedge mode, from the documented frames (fixtures/binance/*-documented.json:
 * the documentation's own examples are of a hedge-mode account): BTCUSDT configured `hedge`, so
 * each ACCOUNT_UPDATE LONG / SHORT row is its leg's snapshot, the BOTH row (always 0 in hedge mode)
 * is skipped, and ORDER_TRADE_UPDATE's `ps` names the leg of the order and of its execution. The
 * reference and the byte decoder give the same events (the byte decoder's read back from its slots).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinanceUsdmDecoder } from '../../src/venues/binance/binance-decoder.js';
import { BinanceByteDecoder } from '../../src/venues/binance/binance-byte-decoder.js';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { loadBinanceFixtures } from './binance-fixtures.js';

const HEDGE: readonly VenueSymbolConfig[] = [{ symbol: 'BTCUSDT', lotSize: '0.001', hedge: true }, { symbol: 'ETHUSDT', lotSize: '0.001' }];

function documented(name: string): unknown {
  return loadBinanceFixtures().find((f) => f.name === name)!.fixture.steps[0]!.frame;
}

/**
 * Ids read back from the byte decoder's slots are keys, and the adapter reads no snapshot venue
 * time: compare the rest (the parity test compares whole slots, these frames first).
 */
function shape(events: readonly VenueEvent[]): unknown[] {
  return events.map((e) => ({ ...e, orderId: undefined, execId: undefined, ...(e.type === 'snapshot' ? { venueTime: undefined } : {}) }));
}

function decodeBoth(frame: unknown): { events: VenueEvent[]; ignored: Record<string, number>; byteIgnored: Record<string, number> } {
  const r = new BinanceUsdmDecoder(HEDGE);
  const b = new ByteDecoderAdapter(new BinanceByteDecoder(HEDGE), 'venueTime');
  const a = r.decode(frame);
  const c = b.decode(frame);
  assert.equal(a.error, undefined);
  assert.equal(c.error, undefined);
  assert.deepStrictEqual(shape(c.events), shape(a.events), 'the byte decoder reads as the reference');
  return { events: [...a.events], ignored: Object.fromEntries(r.stats.ignoredByKind), byteIgnored: Object.fromEntries(b.stats.ignoredByKind) };
}

function order(ps: string, x = 'TRADE'): unknown {
  const f = structuredClone(documented('order-update-documented.json')) as { o: Record<string, unknown> };
  Object.assign(f.o, { ps, x, X: x === 'TRADE' ? 'PARTIALLY_FILLED' : 'NEW', c: 'hedge-7', o: 'LIMIT', ot: 'LIMIT', q: '0.005', z: '0.002', l: '0.002', L: '7100', t: 12345 });
  return f;
}

describe('Binance USD-M decoder, hedge mode', () => {
  it('when the documented hedge-mode ACCOUNT_UPDATE arrives then each leg is its snapshot and the BOTH row is skipped', () => {
    const d = decodeBoth(documented('account-update-documented.json'));
    assert.deepStrictEqual(d.events, [
      { type: 'snapshot', symbol: 'BTCUSDT', position: 20000, venueTime: 1564745798938 },
      { type: 'snapshot', symbol: 'BTCUSDT:short', position: -10000, venueTime: 1564745798938 },
    ]);
    assert.deepEqual(d.ignored, { oneWayPosition: 1 });
    assert.deepEqual(d.byteIgnored, { oneWayPosition: 1 });
  });

  it('when the documented order update (ps LONG) arrives then it is the long leg\'s', () => {
    assert.deepStrictEqual(decodeBoth(documented('order-update-documented.json')).events.map((e) => e.symbol), ['BTCUSDT']);
  });

  it('when an execution of a SHORT order arrives then its fill and update are the short leg\'s', () => {
    const d = decodeBoth(order('SHORT'));
    assert.deepStrictEqual(d.events.map((e) => [e.type, e.symbol]), [['fill', 'BTCUSDT:short'], ['orderUpdate', 'BTCUSDT:short']]);
    assert.equal((d.events[0] as { qty: number }).qty, 2);
  });

  it('when a one-way (BOTH) order arrives for a hedge instrument then it is ignored and counted', () => {
    const d = decodeBoth(order('BOTH'));
    assert.deepStrictEqual(d.events, []);
    assert.deepEqual(d.ignored, { oneWayOrder: 1 });
    assert.deepEqual(d.byteIgnored, { oneWayOrder: 1 });
  });

  it('when a leg row carries the other leg\'s sign then that row alone is malformed in both decoders', () => {
    const f = structuredClone(documented('account-update-documented.json')) as { a: { P: Record<string, unknown>[] } };
    f.a.P[2]!['pa'] = '10';
    const a = new BinanceUsdmDecoder(HEDGE).decode(f);
    const b = new ByteDecoderAdapter(new BinanceByteDecoder(HEDGE), 'venueTime').decode(f);
    assert.equal(a.rowErrors?.length, 1);
    assert.deepStrictEqual(a.events.map((e) => e.symbol), ['BTCUSDT']);
    assert.deepStrictEqual(b.events.map((e) => e.symbol), ['BTCUSDT']);
  });
});
