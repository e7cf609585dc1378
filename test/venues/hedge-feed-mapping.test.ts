/**
 * The path a hedge leg takes from the venue's bytes to the risk core: the byte decoder writes the
 * short leg's rows at its own short-leg index, the feed worker's map (`instrumentMap` over the
 * decoder's symbols and the engine's leg layout) turns that into the short leg's engine index,
 * and the risk core applies each leg's snapshot to its own ledger instrument.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSnapshot, EVENT_SLOT_BYTES, type SnapshotFields } from '../../src/codec/index.js';
import { legLayout } from '../../src/config/hedge-legs.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { FeedSink } from '../../src/engine/index.js';
import { ApplyResult } from '../../src/risk/codes.js';
import { ManualClock } from '../../src/risk/clock.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { RingConsumer, createRing } from '../../src/ring/index.js';
import { instrumentMap, publishDecodedSlots } from '../../src/venue-bridge/publish-decoded-slots.js';
import { Outcome } from '../../src/venues/scan/byte-decoder.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { loadFixture } from './fuzz-helpers.js';

test('when a hedge account\'s position push goes through the byte decoder and the feed worker\'s map then each leg lands on its engine instrument', () => {
  const config = validateConfig({ instruments: [
    { symbol: 'BTCUSDT', mode: 'hedge', maxLong: 10_000, maxShort: 10_000, sequence: 'monotonic', lotSize: '0.001' },
    { symbol: 'XRPUSDT', maxLong: 10, maxShort: 10, sequence: 'monotonic' },
  ] });
  const layout = legLayout(config.instruments);
  const decoder = new BybitByteDecoder([{ symbol: 'BTCUSDT', lotSize: '0.001', hedge: true }, { symbol: 'XRPUSDT', lotSize: '1' }]);
  const instOf = instrumentMap(decoder.symbols(), layout.index);
  assert.deepEqual([...instOf], [0, 1, 2, -2], 'BTCUSDT, XRPUSDT, BTCUSDT:short; XRPUSDT has no short leg');

  const buffer = createRing({ capacity: 16, slotSize: EVENT_SLOT_BYTES });
  const sink = new FeedSink(buffer, new SharedArrayBuffer(4096));
  const consumer = new RingConsumer(buffer);
  const bytes = Buffer.from(JSON.stringify(loadFixture('bybit', 'position-hedge-legs')), 'utf8');
  assert.equal(decoder.decode(bytes, 0, bytes.length), Outcome.DECODED);
  assert.equal(publishDecodedSlots(sink, decoder.slots, instOf, new Float64Array([1])), 2);

  const engine = new RiskEngine(config, new ManualClock(0));
  const n = consumer.poll();
  assert.equal(n, 2);
  const i32 = new Int32Array(buffer);
  const f64 = new Float64Array(buffer);
  const seen: [string, number][] = [];
  for (let k = 0; k < n; k++) {
    const s = {} as SnapshotFields;
    decodeSnapshot(i32, f64, consumer.slotOffset(k), s);
    seen.push([engine.symbols[s.inst]!, s.position]);
    assert.equal(engine.applySnapshot(s.inst, s.position, s.seq), ApplyResult.OK);
  }
  consumer.release(n);
  assert.deepEqual(seen, [['BTCUSDT', 3], ['BTCUSDT:short', -2]]);
  engine.ledger.estimate(0);
  assert.deepEqual([engine.ledger.lo, engine.ledger.hi], [3, 3]);
  engine.ledger.estimate(2);
  assert.deepEqual([engine.ledger.lo, engine.ledger.hi], [-2, -2]);
});
