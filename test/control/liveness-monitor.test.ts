/**
 * The monitor judges each part by whether its counter moved within the deadline, as observed on
 * the monitor's own clock (injected here), and by the flags the writers set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthPart } from '../../src/control/health-part.js';
import { LivenessMonitor } from '../../src/control/liveness-monitor.js';
import { createControlBlock, LOOPS_WORD, RiskThreadStatus, STATUS_WORD } from '../../src/engine/control-block-layout.js';
import { FeedBeat, registerFeedLiveness } from '../../src/engine/feed-beat.js';
import { JournalLiveness } from '../../src/engine/journal-liveness.js';
import { createLivenessBlock } from '../../src/engine/liveness-block-layout.js';

function rig() {
  const control = createControlBlock();
  const liveness = createLivenessBlock();
  const c = new Int32Array(control);
  Atomics.store(c, STATUS_WORD, RiskThreadStatus.RUNNING);
  return { control, liveness, c, monitor: new LivenessMonitor(control, liveness, 100) };
}

const byName = (parts: readonly HealthPart[]): Record<string, HealthPart> => Object.fromEntries(parts.map((p) => [p.name, p]));

test('when the risk loop counter stops moving then the risk part fails after the deadline, and recovers when it moves', () => {
  const { c, monitor } = rig();
  Atomics.store(c, LOOPS_WORD, 1);
  assert.equal(byName(monitor.check(1000))['risk']!.ok, true);
  assert.equal(byName(monitor.check(1100))['risk']!.ok, true, 'at the deadline: still ok');
  const late = byName(monitor.check(1101))['risk']!;
  assert.deepEqual(late, { name: 'risk', ageMs: 101, deadlineMs: 100, ok: false, detail: 'risk loop has not turned for 101 ms (dead or stalled)' });
  Atomics.store(c, LOOPS_WORD, 2);
  assert.equal(byName(monitor.check(1200))['risk']!.ok, true);
  Atomics.store(c, STATUS_WORD, RiskThreadStatus.STOPPED);
  assert.equal(byName(monitor.check(1201))['risk']!.detail, 'risk thread stopped');
});

test('when the journal writer stops beating or reports failure then the journal part fails with its error count; absent journal, no part', () => {
  const { liveness, monitor } = rig();
  assert.equal(byName(monitor.check(0))['journal'], undefined, 'no journal thread registered');
  JournalLiveness.markPresent(liveness);
  const j = new JournalLiveness(liveness);
  j.beat();
  assert.equal(byName(monitor.check(0))['journal']!.ok, true);
  assert.equal(byName(monitor.check(150))['journal']!.detail, 'journal thread has not polled for 150 ms (dead or blocked)');
  j.beat();
  j.setErrors(3);
  assert.deepEqual({ ...byName(monitor.check(160))['journal']! }, { name: 'journal', ageMs: 0, deadlineMs: 100, errors: 3, ok: true, detail: 'journal writing (3 write error(s) so far)' });
  j.setFailing(true);
  const failing = byName(monitor.check(161))['journal']!;
  assert.equal(failing.ok, false);
  assert.equal(failing.detail, 'journal writer failing (3 write error(s)): records are being lost');
});

test('when a registered feed beats, goes silent, or ends then its part says so under its own deadline and name', () => {
  const { liveness, monitor } = rig();
  registerFeedLiveness(liveness, 3, 'bybit-main', 500);
  assert.equal(byName(monitor.check(0))['feed:bybit-main']!.detail, 'feed worker starting');
  assert.equal(byName(monitor.check(501))['feed:bybit-main']!.detail, 'no feed worker running for 501 ms (starting, restarting or given up)');
  const beat = new FeedBeat(liveness, 3);
  beat.setDeadline(200);
  beat.running();
  assert.deepEqual({ ...byName(monitor.check(600))['feed:bybit-main']! }, { name: 'feed:bybit-main', ageMs: 0, deadlineMs: 200, ok: true, detail: 'feed worker beating' });
  beat.ended();
  assert.equal(byName(monitor.check(601))['feed:bybit-main']!.ok, false);
  assert.match(byName(monitor.check(601))['feed:bybit-main']!.detail, /ended/);
});

test('when a source publishes or calls sink.beat() then the feed beats without its timer (a source that spins on its socket stays alive)', async () => {
  const { liveness, monitor } = rig();
  const { createRing } = await import('../../src/ring/index.js');
  const { FeedSink } = await import('../../src/engine/feed-sink.js');
  const { EVENT_SLOT_BYTES, encodeHeartbeat } = await import('../../src/codec/index.js');
  registerFeedLiveness(liveness, 0, 'spinner', 100);
  const sink = new FeedSink(createRing({ capacity: 4, slotSize: EVENT_SLOT_BYTES }), createControlBlock(), new FeedBeat(liveness, 0));
  monitor.check(0);
  const off = sink.tryClaim();
  encodeHeartbeat(sink.i32, sink.f64, off, -1, 0, 0);
  sink.publish();
  assert.equal(byName(monitor.check(90))['feed:spinner']!.ageMs, 0, 'the publish beat');
  sink.beat();
  assert.equal(byName(monitor.check(180))['feed:spinner']!.ageMs, 0, 'the explicit beat');
  assert.equal(byName(monitor.check(281))['feed:spinner']!.ok, false, 'then silence past the deadline');
});
