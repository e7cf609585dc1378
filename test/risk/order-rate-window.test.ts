import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderRateWindow } from '../../src/risk/order-rate-window.js';
import { Mulberry32, testSeed } from '../support/engine-harness.js';

/** A throttle read at stated times (the engine's time cell, set per call). */
function throttle(max: number[], windowsMs: number[]) {
  const clock = new Float64Array(1);
  const w = new OrderRateWindow(max, windowsMs, clock);
  return {
    full: (i: number, now: number): boolean => {
      clock[0] = now;
      return w.full(i);
    },
    record: (i: number, now: number): void => {
      clock[0] = now;
      w.record(i);
    },
    count: (i: number, now: number): number => {
      clock[0] = now;
      return w.countInWindow(i);
    },
    enabled: (i: number): boolean => w.enabled(i),
  };
}

test('when max approvals are inside (now - windowMs, now] then full, until the oldest leaves the window', () => {
  const w = throttle([3], [100]);
  w.record(0, 0);
  w.record(0, 10);
  assert.equal(w.full(0, 10), false, 'two of three');
  w.record(0, 20);
  assert.equal(w.full(0, 20), true);
  assert.equal(w.full(0, 99), true);
  assert.equal(w.full(0, 100), false, 'the approval at 0 is out at 100');
  w.record(0, 100);
  assert.equal(w.full(0, 100), true, '10, 20, 100');
  assert.equal(w.full(0, 110), false);
  assert.equal(w.count(0, 110), 2);
});

test('when a throttle is off (max 0) then it is never full and reports disabled; instruments do not share approvals', () => {
  const w = throttle([0, 1], [100, 100]);
  w.record(0, 0);
  assert.equal(w.full(0, 0), false);
  assert.equal(w.enabled(0), false);
  assert.equal(w.enabled(1), true);
  assert.equal(w.full(1, 0), false);
  w.record(1, 0);
  assert.equal(w.full(1, 0), true);
  assert.equal(w.full(1, 100), false);
});

test('when a maximum is not an integer in range then the constructor says so', () => {
  assert.throws(() => new OrderRateWindow([1.5], [100], new Float64Array(1)), /order-rate maximum must be an integer/);
  assert.throws(() => new OrderRateWindow([-1], [100], new Float64Array(1)), /order-rate maximum must be an integer/);
});

test('when approvals arrive at random non-decreasing times then full equals counting the approvals in the window against max (seeded)', () => {
  const seed = testSeed('OrderRateWindow');
  const rnd = new Mulberry32(seed);
  for (const [max, windowMs] of [[1, 10], [2, 100], [5, 100], [64, 1000], [7, 1]] as const) {
    const w = throttle([max], [windowMs]);
    const approvals: number[] = [];
    let now = 1.7e12 + rnd.below(1000);
    let fullSeen = 0;
    for (let step = 0; step < 20_000; step++) {
      now += rnd.next01() < 0.3 ? 0 : rnd.below(Math.max(2, (windowMs / max) * 2));
      const exact = approvals.filter((t) => t > now - windowMs).length;
      const where = `seed ${seed} max ${max} window ${windowMs} step ${step}`;
      const full = w.full(0, now);
      assert.equal(full, exact >= max, where);
      assert.equal(w.count(0, now) >= max, exact >= max, `${where}: countInWindow`);
      if (full) fullSeen++;
      else {
        w.record(0, now); // the engine records only what it approves
        approvals.push(now);
        if (approvals.length > 4 * max + 100) approvals.splice(0, approvals.length - (2 * max + 50));
      }
    }
    assert.ok(fullSeen > 100, `max ${max}: the throttle was full only ${fullSeen} times (seed ${seed})`);
  }
});
