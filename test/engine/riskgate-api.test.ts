/**
 * The embedding API: options validated with every problem named, a strategy in its own worker
 * (blocking-spin and Promise forms), the kill switch with its cancel-all, the state block,
 * pinning reported, and a clean stop (the test process exits by itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { RiskGate } from '../../src/gate/index.js';
import { RiskGateErrorCode } from '../../src/engine/index.js';
import { KillMode } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { encodeSnapshot } from '../../src/codec/index.js';
import { until } from './support/slots.js';
import { assertPlacement, expectPinned, taskCpusAllowed } from '../support/thread-status.js';

const CONFIG = { instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }, { symbol: 'ETH', maxLong: 5, maxShort: 5 }] };
const REPLAY = new URL('../../src/engine/scenario-feed-source.js', import.meta.url).href;

test('when options are invalid then RiskGate names every problem with a stable code', () => {
  assert.throws(() => new RiskGate(CONFIG, { idle: 'sleep', feedRingCapacity: 3, bogus: 1 } as never), (e: Error & { code?: string }) => {
    assert.equal(e.code, RiskGateErrorCode.OPTIONS);
    assert.match(e.message, /options\.bogus is not a known option/);
    assert.match(e.message, /options\.idle must be "park" or "spin"/);
    assert.match(e.message, /options\.feedRingCapacity must be a power of two/);
    return true;
  });
});

test('when a strategy worker, a feed and the kill switch use a started engine then decisions, state and cancel-alls come back and stop joins every thread', async () => {
  const gate = new RiskGate(CONFIG, { cpuMap: { risk: 1, feeds: [0], control: 0 } });
  await gate.start();
  try {
    assertPlacement('risk thread', gate.placement, [1]);
    if (expectPinned) assert.equal(taskCpusAllowed(gate.placement!.tid!), '1', 'the kernel agrees: the risk thread may run on CPU 1 only');

    const slots = new Int32Array(32);
    const f64 = new Float64Array(slots.buffer);
    encodeSnapshot(slots, f64, 0, -1, NaN, 0, 3, NaN);
    encodeSnapshot(slots, f64, 64, -1, NaN, 1, 0, NaN);
    gate.attachFeed({ name: 'positions', source: { module: REPLAY, options: { slots, stayOpen: true } } });
    await gate.waitForFeed('positions', ['ready']);
    const feed = gate.feeds.find((f) => f.name === 'positions')!;
    assertPlacement('feed worker', feed.placement, [0]);
    await until(() => gate.state()?.instruments[1]?.health === 0, 'both snapshots applied');

    const strategy = new Worker(new URL('./fixtures/strategy-worker.js', import.meta.url), { workerData: { channel: gate.createStrategy('worker-strategy') } });
    const codes = await new Promise<{ spin: number; promised: number; cancel: number }>((resolve, reject) => {
      strategy.once('message', resolve);
      strategy.once('error', reject);
    });
    assert.deepEqual(codes, { spin: DenyReason.APPROVED, promised: DenyReason.POSITION_LIMIT, cancel: DenyReason.APPROVED });

    await until(() => gate.state()?.instruments[0]?.openBuy === 2, 'the approved order in the state');
    const s = gate.state()!;
    assert.deepEqual([s.instruments[0]!.estPosMin, s.instruments[0]!.estPosMax, s.instruments[0]!.openBuy], [3, 3, 2], 'cancel requested is not cancel confirmed');
    assert.equal(s.decisions[DenyReason.POSITION_LIMIT], 1);

    assert.equal(await gate.kill(KillMode.HALT, 'ETH'), DenyReason.APPROVED);
    const local = gate.client(gate.createStrategy('local'));
    assert.equal(local.decideOrder(7, 1, 1, 1, 100), DenyReason.KILL_SWITCH);
    assert.equal(await local.orderAsync(8, 0, -1, 1, 100), DenyReason.APPROVED, 'BTC is not halted');
    const cancelAlls: string[] = [];
    await until(() => {
      cancelAlls.push(...gate.takeCancelAlls().map((c) => c.symbol));
      return cancelAlls.length > 0;
    }, 'the cancel-all');
    assert.deepEqual(cancelAlls, ['ETH']);
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true);
    assert.equal(report.lostEvents, 0);
  }
});
