/**
 * The allocation tests' GC count is only as good as `GcCounter`: it must see a collection that
 * ran during the stretch, read right after it (no wait for the event loop), and not count one
 * that ran before `start()`. Needs `node --expose-gc` (to force collections); skipped without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcCounter } from '../../src/engine/gc-counter.js';

const NO_GC = typeof globalThis.gc !== 'function' ? 'needs node --expose-gc' : false;

test('when collections run between start and stop then stop counts each of them at once, and none from before start', { skip: NO_GC }, () => {
  const gc = globalThis.gc as () => void;
  gc(); // before start: not counted
  const counter = new GcCounter();
  counter.start();
  gc();
  gc();
  gc();
  assert.equal(counter.stop(), 3, 'three forced collections, read synchronously');
});

test('when the stretch allocates enough garbage to fill the young generation then the scavenges are counted', { skip: NO_GC }, () => {
  const counter = new GcCounter();
  const keep: { i: number }[] = [];
  counter.start();
  for (let i = 0; i < 2_000_000; i++) {
    keep.push({ i });
    if (keep.length > 1000) keep.length = 0;
  }
  assert.ok(counter.stop() > 0, 'two million short-lived objects caused no counted collection');
});

test('when stop is called without start, or start twice, then it says so', () => {
  const counter = new GcCounter();
  assert.throws(() => counter.stop(), /not counting/);
  counter.start();
  assert.throws(() => counter.start(), /already counting/);
  counter.stop();
});
