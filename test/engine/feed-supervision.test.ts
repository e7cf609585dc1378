/**
 * Feed-handler workers are supervised like piscina's: READY handshake, error/exit handlers,
 * restart with back-off, no respawn for a worker that never became READY; a dead worker's feed
 * is marked down at once (risk-increasing orders FEED_STALE), and a restarted one is trusted
 * again only after a fresh snapshot. Every wait is bounded; no timing assertions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/index.js';
import { type FeedLifecycleEvent } from '../../src/engine/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { snapshotSlots, until } from './support/slots.js';

const SCRIPTED = new URL('./fixtures/scripted-feed-source.js', import.meta.url).href;
const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] };

function kinds(events: readonly FeedLifecycleEvent[]): string[] {
  return events.map((e) => e.kind);
}

async function withGate(body: (gate: RiskGate) => Promise<void>, supervisor = {}): Promise<void> {
  const gate = new RiskGate(CONFIG, { supervisor: { backoffMs: 10, readyTimeoutMs: 30_000, ...supervisor } });
  await gate.start();
  try {
    await body(gate);
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true, 'the risk thread exited by itself');
  }
}

/** Back-off of the restart test: long enough that "down" can be seen before the new incarnation comes up. */
const RESTART_BACKOFF_MS = 1000;

test('when a READY feed worker exits then its feed is marked down at once, it is restarted, and orders wait for a fresh snapshot', async () => {
  await withGate(async (gate) => {
    const control = new SharedArrayBuffer(8);
    gate.attachFeed({ name: 'venue', source: { module: SCRIPTED, options: { phases: [snapshotSlots(0), snapshotSlots(0)], control, fault: 'exit-after-phase0' } } });
    const client = gate.client(gate.createStrategy('s'));
    await until(() => gate.feedEvents.some((e) => e.kind === 'restart'), 'the restart');
    // Marked down at once: before the back-off ends and the new incarnation spawns.
    await until(() => gate.state()?.instruments[0]?.feedUp === false, 'feed down', RESTART_BACKOFF_MS / 2);
    assert.equal(kinds(gate.feedEvents).filter((k) => k === 'spawn').length, 1, 'down while the dead worker awaits its restart');
    assert.equal(client.decideOrder(10, 0, 1, 1, 100), DenyReason.FEED_STALE, 'risk-increasing orders wait while the feed is down');
    await gate.waitForFeed('venue', ['ready'], 5000);
    // The new incarnation released the hold (LANE_UP in its ring) but has sent no snapshot yet.
    await until(() => gate.state()?.instruments[0]?.awaitingSnapshot === true, 'awaiting a fresh snapshot');
    assert.equal(client.decideOrder(1, 0, 1, 1, 100), DenyReason.FEED_STALE);
    Atomics.store(new Int32Array(control), 0, 1); // release phase 1: a fresh snapshot
    await until(() => gate.state()?.instruments[0]?.health === 0, 'healthy again');
    assert.equal(client.decideOrder(2, 0, 1, 1, 100), DenyReason.APPROVED);
    const k = kinds(gate.feedEvents);
    assert.deepEqual(k.slice(0, 6), ['spawn', 'ready', 'exit', 'restart', 'spawn', 'ready']);
    assert.match(gate.feedEvents[2]!.detail ?? '', /code 3/);
    assert.equal(gate.feedEvents[3]!.detail, `in ${RESTART_BACKOFF_MS} ms (restart 1)`);
  }, { backoffMs: RESTART_BACKOFF_MS });
});

test('when a feed worker keeps throwing after READY then it is restarted with back-off up to maxRestarts, then given up, and stays down', async () => {
  await withGate(async (gate) => {
    const control = new SharedArrayBuffer(8);
    gate.attachFeed({ name: 'venue', source: { module: SCRIPTED, options: { phases: [], control, fault: 'throw-always' } } });
    const client = gate.client(gate.createStrategy('s'));
    await gate.waitForFeed('venue', ['failed'], 5000);
    const k = kinds(gate.feedEvents);
    assert.equal(k.filter((x) => x === 'spawn').length, 3, 'first start + 2 restarts');
    assert.equal(k.filter((x) => x === 'error').length, 3);
    assert.equal(k.at(-1), 'gave-up');
    assert.deepEqual(gate.feedEvents.filter((e) => e.kind === 'restart').map((e) => e.detail), ['in 10 ms (restart 1)', 'in 20 ms (restart 2)']);
    await until(() => gate.state()?.instruments[0]?.feedUp === false, 'feed down');
    assert.equal(client.decideOrder(1, 0, 1, 1, 100), DenyReason.FEED_STALE);
    assert.equal(new Int32Array(control)[1], 3, 'exactly three incarnations');
  }, { maxRestarts: 2 });
});

const NO_RESPAWN_MAX_BACKOFF_MS = 40;

test('when a feed worker fails before READY then it is reported, never respawned, and its feed is down', async () => {
  await withGate(async (gate) => {
    const control = new SharedArrayBuffer(8);
    gate.attachFeed({ name: 'venue', source: { module: SCRIPTED, options: { phases: [], control, fault: 'fail-before-ready' } } });
    await gate.waitForFeed('venue', ['failed'], 5000);
    // A respawn would be a timer of at most maxBackoffMs, set before this one: timers fire in
    // order of expiry, so by the time this one fires any respawn has spawned.
    await new Promise((resolve) => setTimeout(resolve, 2 * NO_RESPAWN_MAX_BACKOFF_MS));
    const k = kinds(gate.feedEvents);
    assert.equal(k.filter((x) => x === 'spawn').length, 1);
    assert.ok(k.includes('error'));
    assert.equal(gate.feedEvents.find((e) => e.kind === 'start-failed')?.detail, 'exited with code 1 before READY');
    await until(() => gate.state()?.instruments[0]?.feedUp === false, 'feed down');
    assert.equal(new Int32Array(control)[1], 1);
  }, { maxBackoffMs: NO_RESPAWN_MAX_BACKOFF_MS });
});

test('when a feed worker never becomes READY then it is terminated after readyTimeoutMs, reported, never respawned', async () => {
  await withGate(async (gate) => {
    const control = new SharedArrayBuffer(8);
    gate.attachFeed({ name: 'venue', source: { module: SCRIPTED, options: { phases: [], control, fault: 'hang-before-ready' } } });
    await gate.waitForFeed('venue', ['failed'], 5000);
    await until(() => gate.feedEvents.some((e) => e.kind === 'exit'), 'the terminated worker to exit');
    const k = kinds(gate.feedEvents);
    assert.equal(k.filter((x) => x === 'spawn').length, 1);
    assert.equal(gate.feedEvents.find((e) => e.kind === 'start-failed')?.detail, 'no READY within 200 ms');
    await until(() => gate.state()?.instruments[0]?.feedUp === false, 'feed down');
  }, { readyTimeoutMs: 200 });
});
