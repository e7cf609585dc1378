import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyResult } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { assertCode, EngineHarness } from '../support/engine-harness.js';

// Executions the engine did not send, on walk-back venues (docs/model.md "Reconciling a snapshot
// with the fills"): once an ambiguous base collapses, the snapshot is the base as it stands and
// may already hold an outside execution whose fill is still on the way. Such a fill, when it
// arrives, may be inside the base: its inclusion stays open unless the venue's times (or a fill
// of an order sent after the base) prove it executed later.

const ROOMY = { maxFills: 10, maxQty: 100 };

/** Snapshot 0, outside buy 3, snapshot 4 ahead of a second buy's fill (ambiguous), its fill, snapshot 5 holding a third buy: collapsed at 5. */
function collapsedAt5(times: boolean): EngineHarness {
  const h = new EngineHarness({ maxLong: 8, maxShort: 4, unconfirmed: ROOMY });
  const snap = (pos: number, t: number): number => (times ? h.timedSnap(pos, t) : h.snap(pos));
  snap(0, 100);
  h.fill('buy', 3, { seq: times ? 101 : NaN });
  assert.equal(snap(4, 103), ApplyResult.MISMATCH);
  h.fill('buy', 1, { seq: times ? 102 : NaN });
  // Stamped, the report of 103 is the base as it stands and holds the +3 of 101: only the +1 of
  // 102 may be in it or not. Unstamped, any suffix of both may be missing from it.
  assert.deepEqual(h.interval(), times ? [4, 5] : [4, 8]);
  assert.equal(snap(5, 105), ApplyResult.OK);
  assert.deepEqual(h.interval(), [5, 5]);
  return h;
}

test('when an outside fill arrives after a collapsed walk-back base and nothing dates it then its inclusion stays open, not dirty', () => {
  const h = collapsedAt5(false);
  h.fill('buy', 1);
  // Inside the base (5) or after it (6): counting it on top would say 6 and let a sell of 10 reach -5.
  assert.deepEqual(h.interval(), [5, 6]);
  assertCode(h.sell('s1', 10), DenyReason.POSITION_LIMIT);
  assertCode(h.sell('s2', 9), DenyReason.APPROVED);
});

test('when the late outside fill is stamped at or before the base snapshot\'s venue time then it may be inside: the interval holds both', () => {
  const h = collapsedAt5(true);
  h.fill('buy', 1, { seq: 104 });
  assert.deepEqual(h.interval(), [5, 6]);
  assertCode(h.sell('s1', 10), DenyReason.POSITION_LIMIT);
});

test('when the late outside fill is stamped after the base snapshot\'s venue time then it counts in full and later fills too', () => {
  const h = collapsedAt5(true);
  h.fill('buy', 1, { seq: 106 });
  assert.deepEqual(h.interval(), [6, 6]);
  // Fills arrive in execution order: every later one executed after the base as well.
  h.fill('sell', 2);
  assert.deepEqual(h.interval(), [4, 4]);
});

test('when a fill of an order sent after the collapse arrives first then later outside fills count in full', () => {
  const h = collapsedAt5(false);
  assertCode(h.sell('o1', 1), DenyReason.APPROVED);
  h.update('o1', 'filled', 1, 0);
  h.fill('sell', 1, { order: 'o1' });
  assert.deepEqual(h.interval(), [4, 4]);
  h.fill('buy', 2);
  assert.deepEqual(h.interval(), [6, 6]);
});

test('when a later snapshot is explained from the widened base by one pair only then the interval collapses again', () => {
  const h = collapsedAt5(false);
  h.fill('buy', 1);
  h.fill('sell', 2);
  assert.deepEqual(h.interval(), [3, 5]); // base 5 + any suffix of [+1, -2]
  assert.equal(h.snap(3), ApplyResult.OK);
  assert.deepEqual(h.interval(), [3, 3]);
});
