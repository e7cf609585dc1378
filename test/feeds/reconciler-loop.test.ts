/**
 * The reconciler's own loop (`start(periodMs)`), not hand-called ticks: driven by timers that
 * run each callback at its due time, against a real `RiskEngine` whose health changes with the
 * events applied to it, the REST snapshots the loop fetches included. The loop must ask once an
 * instrument stays unhealthy past `afterMs`, heal it with the snapshot, go quiet while healthy,
 * ask again (cooldown apart) when a real event makes it unhealthy, and stop for good on `stop()`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/config/validate-config.js';
import type { FeedTimers, TimerHandle } from '../../src/feeds/feed-timers.js';
import type { PositionHook } from '../../src/feeds/position-hook.js';
import { Reconciler } from '../../src/feeds/reconciler.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import type { SnapshotEvent } from '../../src/scenario/scenario-types.js';

/** Timers on a manual clock that do run: `advanceTo` fires each due callback at its own time, in order. */
class SteppingTimers implements FeedTimers {
  now = 0;
  private pending: { at: number; fn: () => void; cancelled: boolean }[] = [];

  nowMs(): number {
    return this.now;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const t = { at: this.now + ms, fn, cancelled: false };
    this.pending.push(t);
    return { cancel: () => { t.cancelled = true; } };
  }

  /** Timers still to fire. */
  get armed(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }

  /** Moves the clock to `to`, firing every timer due on the way (each at its time), and lets the requests they start settle. */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      this.pending = this.pending.filter((t) => !t.cancelled);
      const next = this.pending.filter((t) => t.at <= to).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.now = next.at;
      next.fn();
      await new Promise((resolve) => setImmediate(resolve)); // the hook's promise and its handlers
    }
    this.now = to;
  }
}

test('when the reconciler loop runs against a real engine then it asks once an instrument stays unhealthy, the snapshot heals it, it goes quiet, asks again after a feed loss, and stops on stop()', async () => {
  const timers = new SteppingTimers();
  const gate = new EngineGate(validateConfig({ instruments: [{ symbol: 'A', maxLong: 10, maxShort: 10 }, { symbol: 'B', maxLong: 10, maxShort: 10 }] }));
  const e = gate.engine;
  const health = (symbol: string): number => {
    gate.setTime(timers.now);
    return e.healthCode(e.instrumentIndex(symbol));
  };
  const asked: [number, string[]][] = [];
  const hook: PositionHook = {
    venue: 'bybit',
    stats: { requests: 0, ok: 0, rateLimited: 0, banned: 0, overloaded: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 },
    fetchSnapshots: (symbols) => {
      asked.push([timers.now, [...symbols]]);
      return Promise.resolve(symbols.map((symbol): SnapshotEvent => ({ type: 'snapshot', symbol, position: 3 })));
    },
  };
  const r = new Reconciler({
    hook, symbols: ['A', 'B'], timers, health, policy: { afterMs: 100, cooldownMs: 1_000, maxStalenessMs: 0 },
    onEvent: (snapshot) => {
      gate.setTime(timers.now);
      gate.apply(snapshot);
    },
  });
  gate.apply({ type: 'snapshot', symbol: 'B', position: 0 }); // B healthy from the start; A has no snapshot yet
  assert.notEqual(health('A'), 0, 'A starts unhealthy: no snapshot yet');
  assert.equal(health('B'), 0);

  r.start(50);
  await timers.advanceTo(100);
  assert.deepEqual(asked, [], 'ticks at 50 and 100: A unhealthy since 50, not yet for 100 ms');
  await timers.advanceTo(150);
  assert.deepEqual(asked, [[150, ['A']]], 'tick at 150: A due, B healthy');
  assert.equal(health('A'), 0, 'the REST snapshot healed A');
  assert.equal(e.ledger.snapPos[0], 3, 'the snapshot the loop fetched is A\'s position');

  await timers.advanceTo(2_000);
  assert.equal(asked.length, 1, 'healthy: no request for 1850 ms of ticks');

  gate.setTime(2_000);
  gate.apply({ type: 'feed', status: 'down', symbol: 'A' });
  assert.equal(health('A'), DenyReason.FEED_STALE, 'a real event: A\'s feed is lost');
  await timers.advanceTo(2_100);
  assert.equal(asked.length, 1, 'unhealthy since the tick at 2050: not yet due at 2100');
  await timers.advanceTo(2_150);
  assert.deepEqual(asked.at(-1), [2_150, ['A']], 'due 100 ms after the tick that saw it');
  assert.equal(health('A'), DenyReason.FEED_STALE, 'a snapshot does not bring a lost feed back');
  await timers.advanceTo(3_100);
  assert.equal(asked.length, 2, 'cooldown: 1000 ms between requests for A');
  await timers.advanceTo(3_150);
  assert.deepEqual(asked.at(-1), [3_150, ['A']], 'still unhealthy after the cooldown: asked again');

  r.stop();
  assert.equal(timers.armed, 0, 'stop cancels the next tick');
  await timers.advanceTo(10_000);
  assert.equal(asked.length, 3, 'nothing after stop');
  assert.deepEqual(r.stats, { requests: 3, snapshots: 3, failures: 0, discarded: 0, current: 0 });
});
