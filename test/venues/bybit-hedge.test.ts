/**
 * Bybit v5 in hedge mode (test/venues/fixtures/bybit/README.md lists the fixtures' sources):
 * BTCUSDT configured `hedge`, so each position, order and execution row goes to its leg, the
 * short leg's under `BTCUSDT:short`, by what the frame says (`positionIdx` on positions and
 * orders, `closedSize` on executions). The reference decoder and the byte decoder give the same
 * events (the byte decoder's read back through its slots).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BybitDecoder } from '../../src/venues/bybit/bybit-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';
import { ByteDecoderAdapter } from './byte-decoder-adapter.js';
import { loadFixture } from './fuzz-helpers.js';
import type { VenueEvent } from '../../src/scenario/scenario-types.js';

const HEDGE: readonly VenueSymbolConfig[] = [{ symbol: 'BTCUSDT', lotSize: '0.001', hedge: true }, { symbol: 'XRPUSDT', lotSize: '1' }];

/** Ids read back from the byte decoder's slots are keys: compare what both decoders agree on. */
function shape(events: readonly VenueEvent[]): unknown[] {
  return events.map((e) => ('orderId' in e || 'execId' in e ? { ...e, orderId: undefined, execId: undefined } : e));
}

function both(name: string): { reference: VenueEvent[]; bytes: VenueEvent[]; skipped: Record<string, number>; byteSkipped: Record<string, number> } {
  const r = new BybitDecoder(HEDGE);
  const b = new ByteDecoderAdapter(new BybitByteDecoder(HEDGE));
  const frame = loadFixture('bybit', name);
  const a = r.decode(frame);
  const c = b.decode(frame);
  assert.equal(a.error, undefined);
  assert.equal(c.error, undefined);
  assert.deepStrictEqual(shape(c.events), shape(a.events), `${name}: the byte decoder reads as the reference`);
  return { reference: [...a.events], bytes: [...c.events], skipped: Object.fromEntries(r.stats.ignoredByKind), byteSkipped: Object.fromEntries(b.stats.ignoredByKind) };
}

describe('Bybit v5 decoder, hedge mode', () => {
  it('when both legs are pushed then each is the snapshot of its leg', () => {
    const d = both('position-hedge-legs');
    assert.deepStrictEqual(d.reference, [
      { type: 'snapshot', symbol: 'BTCUSDT', position: 3, seq: 8327597870 },
      { type: 'snapshot', symbol: 'BTCUSDT:short', position: -2, seq: 8327597870 },
    ]);
    assert.deepEqual(d.skipped, {});
  });

  it('when the documented sell-side leg (flat) is pushed then it is the short leg\'s snapshot', () => {
    assert.deepStrictEqual(both('position-doc').reference, [{ type: 'snapshot', symbol: 'BTCUSDT:short', position: 0, seq: 8327597863 }]);
  });

  it('when a one-way row arrives for a hedge instrument then it is skipped and counted under both decoders', () => {
    const d = both('position-oneway-long');
    assert.deepStrictEqual(d.reference, []);
    assert.deepEqual(d.skipped, { 'position:oneWay': 1 });
    assert.deepEqual(d.byteSkipped, { 'position:oneWay': 1 });
    const o = both('order-new');
    assert.deepStrictEqual(o.reference, []);
    assert.deepEqual(o.skipped, { 'order:oneWay': 1 });
    assert.deepEqual(o.byteSkipped, { 'order:oneWay': 1 });
  });

  it('when an order names positionIdx 2 then its update is the short leg\'s', () => {
    assert.deepStrictEqual(both('order-hedge-short').reference, [
      { type: 'orderUpdate', symbol: 'BTCUSDT:short', orderId: 'strat-1-45', status: 'new', cumQty: 0, leavesQty: 500, side: 'sell' },
    ]);
  });

  it('when an execution opens (closedSize 0) or closes (closedSize = execQty) then closedSize names its leg', () => {
    assert.deepStrictEqual(both('execution-hedge-open-short').reference.map((e) => e.symbol), ['BTCUSDT:short'], 'a Sell that opens: the short leg');
    assert.deepStrictEqual(both('execution-doc').reference.map((e) => e.symbol), ['BTCUSDT'], 'the documented Sell closing 0.5: the long leg');
  });

  it('when a hedge execution closes part of its quantity or a position contradicts its leg then that row is malformed in both decoders', () => {
    const frame = structuredClone(loadFixture('bybit', 'execution-doc')) as { data: Record<string, unknown>[] };
    frame.data[0]!['closedSize'] = '0.1';
    const pos = structuredClone(loadFixture('bybit', 'position-hedge-legs')) as { data: Record<string, unknown>[] };
    pos.data[0]!['side'] = 'Sell';
    for (const f of [frame, pos]) {
      const a = new BybitDecoder(HEDGE).decode(f);
      const b = new ByteDecoderAdapter(new BybitByteDecoder(HEDGE)).decode(f);
      assert.equal(a.rowErrors?.length, 1, JSON.stringify(a));
      assert.equal(b.events.length, a.events.length);
    }
  });
});
