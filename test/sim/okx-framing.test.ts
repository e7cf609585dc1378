/**
 * OKX's private pushes carry millisecond times as integer strings. The demo's simulator runs on
 * the wall clock, whose simulated times have fractions of a millisecond; the framer must not
 * carry them into the frame (riskgate's OKX decoder rejects `uTime` "1700000002724.3748" as
 * malformed, and enough of those degrade the feed).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Instrument } from '../../src/sim/instrument.js';
import { OkxFramer } from '../../src/sim/okx-framer.js';
import { createDecoder } from '../../src/feeds/decoder-factory.js';

const SYMBOL = 'BTC-USDT-SWAP';

describe('OKX framing on a real-time clock', () => {
  it('when simulated time has a fraction of a millisecond then position and order frames carry integer-ms times, and the OKX decoder accepts them', () => {
    const inst = new Instrument({ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000' });
    const framer = new OkxFramer(new Map([[SYMBOL, inst]]), '614488474791936');
    const decoder = createDecoder('okx', [{ symbol: SYMBOL, venueSymbol: SYMBOL, lotSize: '0.001' }]);
    const at = 2724.3748;
    const position = framer.render({ kind: 'position', report: { symbol: SYMBOL, position: 3, seq: 5, entryTicks: 600_000, at } });
    const order = framer.render({
      kind: 'order', event: 'FILLS', traded: true,
      state: { venueId: 'v1', numericId: 1, clientId: 'c1', symbol: SYMBOL, side: 'buy', tif: 'IOC', priceTicks: 600_000, qty: 3, cum: 3, cumTicksLots: 1_800_000, status: 'filled', createdAt: 2700.5, updatedAt: at },
    });
    for (const frame of [...position, ...order]) {
      const row = (frame.body['data'] as Record<string, string>[])[0]!;
      for (const key of ['uTime', 'cTime', 'pTime']) if (row[key] !== undefined) assert.match(row[key], /^\d+$/, `${key} ${row[key]}`);
      const decoded = decoder.decode(frame.body);
      assert.equal(decoded.error, undefined, decoded.error);
      assert.equal(decoded.rowErrors, undefined);
    }
    assert.equal((position[0]!.body['data'] as Record<string, string>[])[0]!['uTime'], String(1_700_000_000_000 + 2724));
  });
});
