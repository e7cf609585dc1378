/**
 * OKX v5 in long/short (hedge) mode: ETH-USD-210430 configured `hedge`, so a `long` position row
 * is its long leg's snapshot, a `short` row `ETH-USD-210430:short`'s (negated: OKX gives a leg's
 * size), from the positions channel and the balance_and_position channel's `posData` alike, and an
 * order's `posSide` names the leg of the order and its fill. Reference and byte decoder agree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OkxDecoder } from '../../src/venues/okx/okx-decoder.js';
import { OkxByteDecoder } from '../../src/venues/okx/okx-byte-decoder.js';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { loadFixture } from './fuzz-helpers.js';
import { OKX_SYMBOLS } from './okx-config.js';

const HEDGE: readonly VenueSymbolConfig[] = OKX_SYMBOLS.map((s) => (s.symbol === 'ETH-USD-210430' ? { ...s, hedge: true } : s));

function shape(events: readonly VenueEvent[]): unknown[] {
  return events.map((e) => ({ ...e, orderId: undefined, execId: undefined, ...(e.type === 'snapshot' ? { venueTime: undefined } : {}) }));
}

function decodeBoth(frame: unknown): { events: VenueEvent[]; ignored: Record<string, number>; byteIgnored: Record<string, number> } {
  const r = new OkxDecoder(HEDGE);
  const b = new ByteDecoderAdapter(new OkxByteDecoder(HEDGE));
  const a = r.decode(frame);
  const c = b.decode(frame);
  assert.equal(a.error, undefined);
  assert.equal(c.error, undefined);
  assert.deepStrictEqual(shape(c.events), shape(a.events), 'the byte decoder reads as the reference');
  return { events: [...a.events], ignored: Object.fromEntries(r.stats.ignoredByKind), byteIgnored: Object.fromEntries(b.stats.ignoredByKind) };
}

describe('OKX v5 decoder, hedge mode', () => {
  it('when the documented long-leg position arrives then it is the long leg\'s snapshot', () => {
    const d = decodeBoth(loadFixture('okx', 'positions-doc'));
    assert.deepStrictEqual(d.events.map((e) => [e.symbol, (e as { position: number }).position]), [['ETH-USD-210430', 1]]);
  });

  it('when balance_and_position carries both legs and a net position then each row is its instrument\'s snapshot', () => {
    const d = decodeBoth(loadFixture('okx', 'balance-and-position-legs'));
    assert.deepStrictEqual(d.events, [
      { type: 'snapshot', symbol: 'ETH-USD-210430', position: 1, seq: 109844, venueTime: 1619507761462 },
      { type: 'snapshot', symbol: 'ETH-USD-210430:short', position: -2, seq: 109844, venueTime: 1619507761462 },
      { type: 'snapshot', symbol: 'BTC-PERP', position: -300, seq: 242589210, venueTime: 1619507761470 },
    ]);
    assert.deepEqual(d.ignored, {});
  });

  it('when an order of the hedge instrument says posSide short then its fill and update are the short leg\'s; net is skipped', () => {
    const base = structuredClone(loadFixture('okx', 'orders-partial-fill')) as { data: Record<string, unknown>[] };
    base.data[0]!['instId'] = 'ETH-USD-210430';
    base.data[0]!['posSide'] = 'short';
    base.data[0]!['sz'] = '5';
    base.data[0]!['accFillSz'] = '2';
    base.data[0]!['fillSz'] = '2';
    const d = decodeBoth(base);
    assert.ok(d.events.length > 0);
    assert.ok(d.events.every((e) => e.symbol === 'ETH-USD-210430:short'), JSON.stringify(d.events));
    base.data[0]!['posSide'] = 'net';
    const n = decodeBoth(base);
    assert.deepStrictEqual(n.events, []);
    assert.deepEqual(n.ignored, { 'orders:oneWay': 1 });
    assert.deepEqual(n.byteIgnored, { 'orders:oneWay': 1 });
  });

  it('when a balance_and_position element is not an object then the frame is malformed in both decoders', () => {
    const f = { arg: { channel: 'balance_and_position' }, data: [1] };
    const a = new OkxDecoder(HEDGE).decode(f);
    const b = new ByteDecoderAdapter(new OkxByteDecoder(HEDGE)).decode(f);
    assert.match(a.error ?? '', /^balance_and_position:/);
    assert.ok(b.error !== undefined);
  });
});
