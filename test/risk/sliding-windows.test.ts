import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindows } from '../../src/risk/sliding-windows.js';
import { Mulberry32, testSeed } from '../support/engine-harness.js';

/** The windows read time from a shared cell; these tests state it per call. */
function windows(capacities: number[], windowsMs: number[]) {
  const clock = new Float64Array(1);
  const w = new SlidingWindows(capacities, windowsMs, clock);
  return {
    add: (i: number, now: number, v: number): number => {
      clock[0] = now;
      return w.add(i, v);
    },
    sum: (i: number, now: number): number => {
      clock[0] = now;
      return w.sum(i);
    },
    enabled: (i: number): boolean => w.enabled(i),
    clear: (i: number): void => w.clear(i),
  };
}

test('when values are added then the sum covers the window (now - windowMs, now]', () => {
  const w = windows([8], [100]);
  assert.equal(w.add(0, 0, 1), 1);
  assert.equal(w.add(0, 50, 2), 3);
  assert.equal(w.sum(0, 99), 3);
  assert.equal(w.sum(0, 100), 2, 'the entry at 0 is out at 100');
  assert.equal(w.sum(0, 149), 2);
  assert.equal(w.sum(0, 150), 0);
  assert.equal(w.add(0, 150, 4), 4);
});

test('when a window is disabled (capacity 0) then add does nothing and it reports disabled', () => {
  const w = windows([0, 4], [100, 100]);
  assert.equal(w.enabled(0), false);
  assert.equal(w.enabled(1), true);
  assert.equal(w.add(0, 0, 5), 0);
  assert.equal(w.sum(0, 0), 0);
});

test('when instruments have their own windows then they do not share entries', () => {
  const w = windows([2, 3], [100, 1000]);
  w.add(0, 0, 1);
  w.add(1, 0, 10);
  assert.equal(w.sum(0, 500), 0);
  assert.equal(w.sum(1, 500), 10);
});

test('when the ring is full then the oldest entry is folded into the next: the sum is kept and expires later', () => {
  const w = windows([3], [100]);
  w.add(0, 0, 1);
  w.add(0, 10, 1);
  w.add(0, 20, 1);
  assert.equal(w.add(0, 30, 1), 4, 'folding keeps the total');
  // (0:1) folded into (10:1) -> (10:2), (20:1), (30:1)
  assert.equal(w.sum(0, 109), 4, 'the folded value lives until its later entry expires: never early');
  assert.equal(w.sum(0, 110), 2);
  assert.equal(w.sum(0, 120), 1);
  assert.equal(w.sum(0, 130), 0);
});

test('when the capacity is 1 then every add accumulates into the single entry with the latest time', () => {
  const w = windows([1], [100]);
  w.add(0, 0, 1);
  assert.equal(w.add(0, 50, 1), 2);
  assert.equal(w.sum(0, 149), 2);
  assert.equal(w.sum(0, 150), 0);
});

test('when a window is cleared then its sum is 0 and it fills again from empty', () => {
  const w = windows([4], [100]);
  w.add(0, 0, 3);
  w.clear(0);
  assert.equal(w.sum(0, 1), 0);
  assert.equal(w.add(0, 1, 2), 2);
});

test('when random adds run against an exact model then the sum is never below the exact one and equals it without folding (seeded)', () => {
  const seed = testSeed('SlidingWindows');
  const rnd = new Mulberry32(seed);
  for (const cap of [1, 2, 5, 64]) {
    const w = windows([cap], [100]);
    const exact: [number, number][] = [];
    let now = 0;
    let folded = false;
    for (let step = 0; step < 5000; step++) {
      now += rnd.below(40);
      const live = exact.filter(([t]) => t > now - 100);
      if (live.length >= cap) folded = true;
      const v = 1 + rnd.below(5);
      exact.push([now, v]);
      const got = w.add(0, now, v);
      const want = exact.filter(([t]) => t > now - 100).reduce((s, [, x]) => s + x, 0);
      const where = `seed ${seed} cap ${cap} step ${step}`;
      assert.ok(got >= want, `${where}: sum ${got} below exact ${want}`);
      if (!folded) assert.equal(got, want, where);
      if (live.length === 0) folded = false; // the window emptied: exact again from here
      if (exact.length > 200) exact.splice(0, 100);
    }
  }
});

/** A slotted window (the flip-flop gross lots) built like the engine's, read at stated times. */
function slotted(capacity: number, windowMs: number) {
  const clock = new Float64Array(1);
  const w = new SlidingWindows([capacity], [windowMs], clock, true);
  return {
    add: (now: number, v: number): number => {
      clock[0] = now;
      return w.add(0, v);
    },
    sum: (now: number): number => {
      clock[0] = now;
      return w.sum(0);
    },
  };
}

test('when far more values arrive per window than the ring has entries then the slotted sum still lets old values expire', () => {
  // 64 entries, 1000 ms: 400 values per 2 ms for 20 s (the micro benchmark that found the bug).
  const w = slotted(64, 1000);
  let now = 0;
  for (let it = 0; it < 10_000; it++, now += 2) for (let k = 0; k < 400; k++) w.add(now, 2);
  const oneWindow = 500 * 400 * 2; // what (now - 1000, now] truly holds
  const slot = 1000 / 62;
  const s = w.sum(now - 2);
  assert.ok(s >= oneWindow - 800 && s <= oneWindow + Math.ceil(slot / 2) * 800, `sum ${s} vs one window ${oneWindow}`);
});

test('when random values arrive at random times then the slotted sum is never below the true window sum and never above it plus one slot (seeded)', () => {
  const seed = testSeed('SlidingWindows slotted');
  const rnd = new Mulberry32(seed);
  for (const [capacity, windowMs] of [[3, 100], [8, 1000], [64, 1000], [64, 7]] as const) {
    const w = slotted(capacity, windowMs);
    const slot = windowMs / (capacity - 2);
    const events: [number, number][] = [];
    let now = 1.7e12 + rnd.below(1000);
    for (let step = 0; step < 20_000; step++) {
      now += rnd.below(4) === 0 ? rnd.below(Math.ceil(windowMs / 2)) : rnd.below(3) * 0.5;
      const where = `seed ${seed} capacity ${capacity} window ${windowMs} step ${step}`;
      if (rnd.below(3) > 0) {
        const v = 1 + rnd.below(9);
        events.push([now, v]);
        w.add(now, v);
      }
      const got = w.sum(now);
      const inWindow = events.filter(([t]) => t > now - windowMs).reduce((a, [, v]) => a + v, 0);
      const withSlot = events.filter(([t]) => t > now - windowMs - slot).reduce((a, [, v]) => a + v, 0);
      assert.ok(got >= inWindow, `${where}: sum ${got} below the window's ${inWindow}: it would allow too much`);
      assert.ok(got <= withSlot, `${where}: sum ${got} above the window plus one slot ${withSlot}`);
      while (events.length > 0 && events[0]![0] <= now - windowMs - slot) events.shift();
    }
  }
});

test('when a slotted window is built with fewer than 3 entries then it is refused', () => {
  assert.throws(() => new SlidingWindows([2], [100], new Float64Array(1), true), /at least 3/);
});
