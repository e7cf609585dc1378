/**
 * The hedge pair's net check on the hot path allocates nothing: after a warm-up, 1,000,000 order
 * checks on both legs of a hedge instrument (approved, denied NET_POSITION_LIMIT, denied
 * POSITION_LIMIT on a leg), with snapshots of both legs and the orders' own cancellations, run
 * through the engine's slot entry points (`apply`, `decide`) without a garbage collection. (The mixed-event allocation test
 * runs one-way instruments only; this one covers the pair.) No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/validate-config.js';
import { GcCounter } from '../../src/engine/gc-counter.js';
import { ManualClock } from '../../src/risk/clock.js';
import { OrderStatusCode, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { SlotType, V0_DWORD, V1_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from '../../src/codec/index.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { F64, I32, header } from './support/engine-event-script.js';

const needsGc = typeof globalThis.gc !== 'function' ? 'needs node --expose-gc (npm test passes it)' : false;

function run(e: RiskEngine, n: number, seen: Float64Array): void {
  const long = 0;
  const short = e.pair[0]!;
  for (let k = 0; k < n; k++) {
    const leg = (k & 1) === 0 ? long : short;
    header(SlotType.SNAPSHOT, leg, 0);
    F64[V0_DWORD] = leg === long ? 2 : 0; // unchanged snapshots: the legs stay healthy
    F64[V1_DWORD] = NaN;
    F64[V2_DWORD] = NaN;
    e.apply(I32, F64, 0);
    header(SlotType.ORDER, leg, leg === long ? Side.BUY : Side.SELL);
    F64[V0_DWORD] = 1 + (k & 1023);
    F64[V2_DWORD] = 1 + (k % 5);
    F64[V3_DWORD] = 100;
    F64[V4_DWORD] = 0;
    const code = e.decide(I32, F64, 0);
    seen[code]!++;
    if (code === DenyReason.APPROVED) {
      header(SlotType.ORDER_UPDATE, leg, OrderStatusCode.CANCELED);
      F64[V0_DWORD] = 1 + (k & 1023);
      F64[V1_DWORD] = 0;
      F64[V2_DWORD] = 0;
      F64[V3_DWORD] = 0;
      F64[V4_DWORD] = 0;
      e.apply(I32, F64, 0);
    }
  }
}

test('when 1,000,000 order checks and snapshots run on a hedge pair after warm-up then no GC happens', { skip: needsGc }, () => {
  const config = validateConfig({ instruments: [{ symbol: 'BTC', mode: 'hedge', maxLong: 3, maxShort: 3, legs: { maxLong: 4, maxShort: 4 } }] });
  const e = new RiskEngine(config, new ManualClock(0));
  const seen = new Float64Array(64);
  run(e, 200_000, seen);
  assert.ok(seen[DenyReason.APPROVED]! > 0 && seen[DenyReason.NET_POSITION_LIMIT]! > 0 && seen[DenyReason.POSITION_LIMIT]! > 0,
    `every outcome is reached: approved ${seen[DenyReason.APPROVED]}, net ${seen[DenyReason.NET_POSITION_LIMIT]}, leg ${seen[DenyReason.POSITION_LIMIT]}`);
  globalThis.gc!();
  const gcs = new GcCounter();
  gcs.start();
  run(e, 1_000_000, seen);
  assert.equal(gcs.stop(), 0, 'garbage collections during the measured loop');
});
