/**
 * The hedge pair's net check on the hot path allocates nothing: after a warm-up, 1,000,000 order
 * checks on both legs of a hedge instrument (approved, denied NET_POSITION_LIMIT, denied
 * POSITION_LIMIT on a leg), with snapshots of both legs and the orders' own cancellations, run
 * through the hot `...Args()` forms without a garbage collection. (The mixed-event allocation test
 * runs one-way instruments only; this one covers the pair.) No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/validate-config.js';
import { GcCounter } from '../../src/engine/gc-counter.js';
import { ManualClock } from '../../src/risk/clock.js';
import { OrderStatusCode, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { Arg } from '../../src/risk/hot-args.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';

const needsGc = typeof globalThis.gc !== 'function' ? 'needs node --expose-gc (npm test passes it)' : false;

function run(e: RiskEngine, n: number, seen: Float64Array): void {
  const a = e.args;
  const long = 0;
  const short = e.pair[0]!;
  for (let k = 0; k < n; k++) {
    const leg = (k & 1) === 0 ? long : short;
    a[Arg.INST] = leg;
    a[Arg.POSITION] = leg === long ? 2 : 0; // unchanged snapshots: the legs stay healthy
    a[Arg.SEQ] = NaN;
    a[Arg.VENUE_TIME] = NaN;
    e.applySnapshotArgs();
    a[Arg.INST] = leg;
    a[Arg.ORDER_KEY] = 1 + (k & 1023);
    a[Arg.SIDE] = leg === long ? Side.BUY : Side.SELL;
    a[Arg.QTY] = 1 + (k % 5);
    a[Arg.PRICE] = 100;
    a[Arg.REDUCE_ONLY] = 0;
    const code = e.checkOrderArgs();
    seen[code]!++;
    if (code === DenyReason.APPROVED) {
      a[Arg.INST] = leg;
      a[Arg.STATUS] = OrderStatusCode.CANCELED;
      a[Arg.CUM_QTY] = 0;
      a[Arg.LEAVES_QTY] = 0;
      a[Arg.ORDER_SIDE] = 0;
      a[Arg.ORDER_REDUCE_ONLY] = 0;
      e.applyOrderUpdateArgs();
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
