/**
 * The demo's flip-flop guard settings (DEMO_FLIP_FLOP) against the two strategies they are meant
 * to tell apart, on the single-threaded engine with injected time and a venue that fills every
 * approved order at once and confirms it with a snapshot (so only the guard can stop anything):
 * the runaway taker (it books every fill twice) trips within the guard's window and trips again
 * after each cool-down; the ordinary taker, following the same seeded signals for an hour of
 * 25 ms ticks, never trips. Behaviour on engine time, not wall time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../src/config/validate-config.js';
import { DEMO_FLIP_FLOP } from '../../src/demo/demo-market.js';
import { RunawayIntent } from '../../src/demo/runaway-intent.js';
import { TakerSignal } from '../../src/demo/taker-signal.js';
import { FOLLOW_SIGNAL, type TakerIntent } from '../../src/demo/taker-strategy.js';
import { ManualClock } from '../../src/risk/clock.js';
import { Counter, OrderStatusCode, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';

const TICK_MS = 25;
const LIMIT = 10;

interface Run {
  readonly trips: number[];
  readonly resumes: number;
  readonly reversals: number[];
}

function run(intent: TakerIntent, seed: number, ticks: number): Run {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = new RiskEngine(validateConfig({
    instruments: [{ symbol: 'BTCUSDT', maxLong: LIMIT, maxShort: LIMIT, maxOrderQty: LIMIT, unconfirmed: { maxFills: 0, maxQty: 0 }, flipFlop: { ...DEMO_FLIP_FLOP } }],
  }), clock);
  engine.applySnapshot(0, 0, NaN);
  const signal = new TakerSignal({ seed, quoteMs: TICK_MS, meanRegimeMs: 2000, maxClip: 3 });
  const out: Run = { trips: [], resumes: 0, reversals: [] };
  let pos = 0;
  let lastSign = 0;
  let key = 0;
  for (let n = 0; n < ticks; n++) {
    const at = n * TICK_MS;
    clock.set(1_700_000_000_000 + at);
    engine.readClock();
    const before = engine.counters[Counter.FLIP_FLOP_TRIPS]!;
    const want = intent.order(signal.next());
    if (want === undefined) continue;
    const side = want.side === 'buy' ? Side.BUY : Side.SELL;
    const code = engine.checkOrder(++key, 0, side, want.qty, 100);
    if (code !== DenyReason.APPROVED) continue;
    engine.applyOrderUpdate(0, key, OrderStatusCode.FILLED, want.qty, 0);
    engine.applyFill(0, key, 1e6 + key, side, want.qty, 100, NaN);
    pos += side * want.qty;
    engine.applySnapshot(0, pos, NaN);
    intent.onExecuted(want.side, want.qty);
    const sign = Math.sign(pos);
    if (sign !== 0 && lastSign !== 0 && sign !== lastSign) out.reversals.push(at);
    if (sign !== 0) lastSign = sign;
    if (engine.counters[Counter.FLIP_FLOP_TRIPS]! > before) out.trips.push(at);
  }
  return { ...out, resumes: engine.counters[Counter.FLIP_FLOP_RESUMES]! };
}

describe('the demo\'s flip-flop guard settings', () => {
  it('when the runaway taker loops then the guard trips within its window, holds for the cool-down and trips again after it resumes', () => {
    const r = run(new RunawayIntent(LIMIT), 7, (30_000 / TICK_MS) | 0);
    assert.ok(r.trips.length >= 2, `tripped ${r.trips.length}x in 30 s`);
    const first = r.trips[0]!;
    const inWindow = r.reversals.filter((t) => t > first - DEMO_FLIP_FLOP.windowMs && t <= first);
    assert.ok(inWindow.length > DEMO_FLIP_FLOP.maxReversals, 'the trip was earned inside one window');
    assert.ok(first - r.reversals[0]! <= DEMO_FLIP_FLOP.windowMs, `first trip ${first - r.reversals[0]!} ms after the loop's first reversal`);
    assert.ok(r.trips[1]! - first >= DEMO_FLIP_FLOP.cooldownMs, 'held for the cool-down');
    assert.ok(r.resumes >= 1, 'resumed by itself');
  });

  for (const seed of [1, 2, 3]) {
    it(`when the ordinary taker follows its signals for an hour (seed ${seed}) then the guard never trips`, () => {
      const r = run(FOLLOW_SIGNAL, seed, (3_600_000 / TICK_MS) | 0);
      assert.ok(r.reversals.length > 500, `it does change its mind: ${r.reversals.length} reversals`);
      assert.deepEqual(r.trips, []);
    });
  }
});
