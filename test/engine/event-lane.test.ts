/**
 * Event lanes: the embedding publishes what it learns on its own threads (order-entry outcomes,
 * REST snapshots) straight into a ring of its own, from the main thread or from a worker given
 * the channel; one publisher per lane; a full lane ring is the feed rule (counted, held down
 * until a fresh snapshot); names are shared with feeds; stop() applies every accepted event.
 * Every wait is bounded; no timing assertions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { RiskGate } from '../../src/gate/index.js';
import { EventLanePublisher, EventLaneStatus, RiskGateErrorCode, SCENARIO_FEED_SOURCE, type EngineState } from '../../src/engine/index.js';
import { OrderStatusCode, Side } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { stringKey } from '../../src/units/string-keys.js';
import type { EventLaneWorkerData, ScriptResult, UntilStoppedResult } from './fixtures/event-lane-worker.js';
import { until } from './support/slots.js';

const CONFIG = {
  instruments: [
    { symbol: 'BTC', maxLong: 5, maxShort: 5 },
    { symbol: 'ETH', maxLong: 5, maxShort: 5, priceBandBps: 100 },
  ],
};
const BTC = 0;
const ETH = 1;
const { ACCEPTED, LANE_FULL, ENGINE_STOPPED } = EventLaneStatus;
const WORKER = new URL('./fixtures/event-lane-worker.js', import.meta.url);

/** The state block's copy; retried while reads race the risk thread's publish (it may be preempted mid-publish). */
function state(gate: RiskGate): EngineState {
  for (const deadline = Date.now() + 1000; ;) {
    const s = gate.state();
    if (s !== undefined) return s;
    if (Date.now() > deadline) assert.fail('the state block did not read consistently within 1 s');
  }
}

/** Stops the engine: its risk thread must exit by itself, having counted `lostEvents`. */
async function stopCleanly(gate: RiskGate, lostEvents: number): Promise<void> {
  const report = await gate.stop();
  assert.equal(report.cleanExit, true, 'the risk thread exited by itself');
  assert.equal(report.lostEvents, lostEvents);
}

function worker<T>(data: EventLaneWorkerData): { result: Promise<T>; exited: Promise<number> } {
  const w = new Worker(WORKER, { workerData: data });
  const result = new Promise<T>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  const exited = new Promise<number>((resolve) => w.once('exit', resolve));
  return { result, exited };
}

test('when the embedding publishes an order-entry REJECTED on its own lane then the in-flight headroom is freed and the next order is approved', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const lane = gate.openEventLane('gateway');
    const client = gate.client(gate.createStrategy('taker'));
    assert.equal(lane.snapshot(BTC, 0), ACCEPTED);
    await until(() => gate.state()?.instruments[BTC]?.health === 0, 'the snapshot from the lane');
    assert.equal(client.decideOrder(1, BTC, Side.BUY, 5, 100), DenyReason.APPROVED);
    assert.equal(client.decideOrder(2, BTC, Side.BUY, 1, 100), DenyReason.POSITION_LIMIT, 'order 1 holds the headroom while in flight');
    assert.equal(lane.orderUpdate(BTC, 1, OrderStatusCode.REJECTED, 0, 0), ACCEPTED, 'the venue said: come back later');
    await until(() => gate.state()?.instruments[BTC]?.openBuy === 0, 'the rejection applied');
    assert.equal(client.decideOrder(3, BTC, Side.BUY, 5, 100), DenyReason.APPROVED, 'the headroom order 1 held is free again');

    // Acked, partly filled, the rest cancelled: exposure moves from open to position.
    assert.equal(lane.orderUpdate(BTC, 3, OrderStatusCode.NEW, 0, 5), ACCEPTED);
    assert.equal(lane.fill(BTC, 3, stringKey('exec-1'), Side.BUY, 2, 100.5), ACCEPTED);
    assert.equal(lane.orderUpdate(BTC, 3, OrderStatusCode.CANCELED, 2, 0), ACCEPTED);
    await until(() => gate.state()?.instruments[BTC]?.openBuy === 0, 'the cancel applied');
    let btc = state(gate).instruments[BTC]!;
    assert.deepEqual([btc.estPosMin, btc.estPosMax, btc.openBuy, btc.unconfirmedCount], [2, 2, 0, 1]);
    assert.equal(lane.snapshot(BTC, 2), ACCEPTED, 'a REST snapshot confirms the fill');
    await until(() => gate.state()?.instruments[BTC]?.unconfirmedCount === 0, 'the fill confirmed');
    assert.equal(client.decideOrder(4, BTC, Side.BUY, 3, 100), DenyReason.APPROVED);

    // The embedding's own venue connection went down, then up: a fresh snapshot is needed.
    assert.equal(lane.feedStatus(BTC, false), ACCEPTED);
    await until(() => gate.state()?.instruments[BTC]?.feedUp === false, 'feed down');
    assert.equal(client.decideOrder(5, BTC, Side.BUY, 1, 100), DenyReason.FEED_STALE, 'risk-increasing while the feed is down');
    assert.equal(client.decideReduceOnly(50, BTC, Side.SELL, 2, 100), DenyReason.APPROVED, 'a venue-enforced reduce-only exit passes through the ring');
    assert.equal(await client.reduceOnlyAsync(51, BTC, Side.SELL, 1, 100), DenyReason.APPROVED, 'the Promise form too');
    assert.equal(lane.feedStatus(BTC, true), ACCEPTED);
    assert.equal(lane.snapshot(BTC, 2, NaN, NaN, 1), ACCEPTED);
    await until(() => gate.state()?.instruments[BTC]?.health === 0, 'healthy again');

    // Mark and heartbeat: ETH's price band needs a mark.
    assert.equal(client.decideOrder(6, ETH, Side.BUY, 1, 100), DenyReason.PRICE_BAND, 'no mark yet');
    assert.equal(lane.mark(ETH, 100), ACCEPTED);
    assert.equal(lane.heartbeat(-1), ACCEPTED);
    assert.equal(lane.snapshot(ETH, 0, NaN, 2_000), ACCEPTED, 'with the venue\'s time of the position');
    await until(() => gate.state()?.instruments[ETH]?.health === 0, 'ETH healthy');
    assert.equal(client.decideOrder(7, ETH, Side.BUY, 1, 100), DenyReason.APPROVED);
    assert.equal(lane.snapshot(ETH, 3, NaN, 1_000), ACCEPTED, 'a REST answer older by venue time');
    await until(() => gate.state()?.counters['STALE_SNAPSHOTS'] === 1, 'the older snapshot counted stale');
    assert.equal(state(gate).instruments[ETH]!.snapPos, 0, 'and ignored: the venue time crossed the lane');

    const s = state(gate);
    assert.deepEqual(
      ['SNAPSHOTS', 'ORDER_UPDATES', 'FILLS', 'FEED_EVENTS', 'MARKS', 'HEARTBEATS'].map((k) => s.counters[k]),
      [5, 3, 1, 2, 1, 1],
      'every publisher method reached the core once per call',
    );
    assert.equal(s.lostEvents, 0);
    const ring = gate.ringStatus().find((r) => r.name === 'gateway:input');
    assert.deepEqual(ring && { used: ring.used, drops: ring.drops, capacity: ring.capacity }, { used: 0, drops: 0, capacity: 4096 }, 'the lane in ring status, drained');
    btc = s.instruments[BTC]!;
    assert.equal(btc.openBuy, 3, 'order 4 still open');
  } finally {
    await stopCleanly(gate, 0);
  }
});

test('when a worker opens a lane from its posted channel then its events are applied and no second publisher can take the same lane', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const channel = gate.createEventLane('rest-poller', { instruments: ['BTC'] });
    const w = worker<ScriptResult>({ channel, mode: 'script', inst: BTC });
    const r = await w.result;
    assert.deepEqual(r.codes, [ACCEPTED, ACCEPTED, ACCEPTED]);
    assert.equal(r.secondPublisher, RiskGateErrorCode.STATE, 'the same thread cannot build a second producer on the lane');
    assert.equal(await w.exited, 0, 'the worker exited by itself');
    assert.throws(() => new EventLanePublisher(channel), (e: Error & { code?: string }) => {
      assert.equal(e.code, RiskGateErrorCode.STATE);
      assert.match(e.message, /already has its publisher \(thread \d+\): one producer per ring/);
      return true;
    }, 'nor can another thread');
    await until(() => gate.state()?.instruments[BTC]?.estPosMax === 3, 'the worker\'s snapshot and fill');
    const btc = state(gate).instruments[BTC]!;
    assert.deepEqual([btc.snapPos, btc.estPosMin, btc.estPosMax, btc.unconfirmedCount], [4, 3, 3, 1]);
    assert.equal(state(gate).counters['UNKNOWN_ORDER_UPDATES'], 1, 'order 77 never went through the engine: its update is counted; its fill counts like any other');
  } finally {
    await stopCleanly(gate, 0);
  }
});

test('when a burst overflows a tiny lane ring then drops are counted, the lane\'s instruments are held down, and orders get FEED_STALE until a fresh snapshot, as for a feed', async () => {
  const gate = new RiskGate(CONFIG);
  // Before start() nothing consumes: a snapshot and 20 heartbeats into 4 slots, 17 dropped.
  const lane = gate.openEventLane('gateway', { instruments: ['BTC'], ringCapacity: 4 });
  const codes = [lane.snapshot(BTC, 0)];
  for (let k = 0; k < 20; k++) codes.push(lane.heartbeat(BTC));
  assert.deepEqual(codes, [...Array<number>(4).fill(ACCEPTED), ...Array<number>(17).fill(LANE_FULL)]);
  assert.equal(lane.drops, 17);
  await gate.start();
  try {
    const client = gate.client(gate.createStrategy('s'));
    await until(() => gate.state()?.lostEvents === 17 && gate.state()?.events === 4, '17 losses (before start: counted all the same) and the 4 published slots');
    let s = state(gate);
    assert.equal(s.lanesDown, 1);
    assert.equal(s.instruments[BTC]!.feedUp, false, 'BTC held down after the loss');
    assert.equal(s.instruments[ETH]!.feedUp, true, 'ETH is not on this lane: not held');
    assert.deepEqual(gate.ringStatus().find((r) => r.name === 'gateway:input'), { name: 'gateway:input', used: 0, capacity: 4, drops: 17 });
    assert.equal(client.decideOrder(1, BTC, Side.BUY, 1, 100), DenyReason.FEED_STALE, 'the snapshot published before the loss does not count');
    assert.equal(lane.heartbeat(BTC), ACCEPTED, 'the lane recovers: the loss-end marker rides ahead of this heartbeat');
    await until(() => gate.state()?.lanesDown === 0, 'the loss hold to end');
    s = state(gate);
    assert.equal(s.instruments[BTC]!.feedUp, true);
    assert.equal(s.instruments[BTC]!.awaitingSnapshot, true);
    assert.equal(client.decideOrder(2, BTC, Side.BUY, 1, 100), DenyReason.FEED_STALE, 'up, but no snapshot since the loss');
    assert.equal(lane.snapshot(BTC, 0, NaN, NaN, 1), ACCEPTED);
    await until(() => gate.state()?.instruments[BTC]?.health === 0, 'the fresh snapshot');
    assert.equal(client.decideOrder(3, BTC, Side.BUY, 1, 100), DenyReason.APPROVED);
  } finally {
    await stopCleanly(gate, 17);
  }
});

test('when a lane name is taken by a feed or another lane, or names an unknown instrument, then the lane is refused with a stable code', async () => {
  const gate = new RiskGate(CONFIG);
  try {
    gate.openEventLane('gateway');
    gate.attachFeed({ name: 'venue', source: { module: SCENARIO_FEED_SOURCE, options: { slots: new Int32Array(0) } } });
    const refused = (f: () => unknown, pattern: RegExp): void => {
      assert.throws(f, (e: Error & { code?: string }) => {
        assert.equal(e.code, RiskGateErrorCode.OPTIONS);
        assert.match(e.message, pattern);
        return true;
      });
    };
    refused(() => gate.openEventLane('gateway'), /event lane gateway: a feed or event lane of that name exists/);
    refused(() => gate.createEventLane('venue'), /event lane venue: a feed or event lane of that name exists/);
    refused(() => gate.attachFeed({ name: 'gateway', source: { module: SCENARIO_FEED_SOURCE } }), /feed gateway: a feed or event lane of that name exists/);
    refused(() => gate.openEventLane(''), /event lane name must be a non-empty string/);
    refused(() => gate.openEventLane('doge', { instruments: ['DOGE'] }), /event lane doge: instrument DOGE is not in the config/);
    assert.deepEqual(gate.ringStatus().map((r) => r.name), ['control:input', 'control:decisions', 'gateway:input', 'venue:input', 'cancel-alls']);
  } finally {
    await gate.stop();
  }
  assert.throws(() => gate.openEventLane('late'), (e: Error & { code?: string }) => e.code === RiskGateErrorCode.STATE);
});

test('when the engine stops while the main thread and a worker publish then every accepted event is applied and later calls return ENGINE_STOPPED', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  const lane = gate.openEventLane('main');
  const w = worker<UntilStoppedResult>({ channel: gate.createEventLane('worker', { ringCapacity: 1 << 16 }), mode: 'until-stopped', inst: ETH });
  await until(() => (gate.state()?.events ?? 0) >= 500, 'the worker publishing');
  let mainAccepted = 0;
  for (let k = 0; k < 100; k++) if (lane.heartbeat(BTC) === ACCEPTED) mainAccepted++;
  assert.equal(mainAccepted, 100);
  const report = await gate.stop(); // published, not yet applied: the drain applies them
  const r = await w.result;
  assert.equal(await w.exited, 0, 'the worker exited by itself: no handle left open');
  assert.equal(r.full, 0);
  assert.equal(report.cleanExit, true);
  assert.equal(report.lostEvents, 0);
  // The worker's one call that saw the stop may or may not have been applied; nothing else is unaccounted.
  assert.ok(report.events >= mainAccepted + r.accepted && report.events <= mainAccepted + r.accepted + 1,
    `applied ${report.events}, accepted ${mainAccepted} + ${r.accepted}`);
  assert.equal(lane.heartbeat(BTC), ENGINE_STOPPED);
  assert.equal(lane.snapshot(BTC, 0), ENGINE_STOPPED);
  assert.equal(lane.drops, 0, 'a stopped lane touches nothing');
});

test('when an engine that never started is stopped then its lanes refuse to publish', async () => {
  const gate = new RiskGate(CONFIG);
  const lane = gate.openEventLane('gateway');
  assert.equal(lane.heartbeat(BTC), ACCEPTED, 'before start(): kept for the risk thread\'s start-up');
  await gate.stop();
  assert.equal(lane.heartbeat(BTC), ENGINE_STOPPED);
});

test('when the worker publishing an event lane dies then the lane\'s instruments are marked down at once and risk-increasing orders on them get FEED_STALE, others unaffected', async () => {
  const gate = new RiskGate(CONFIG);
  await gate.start();
  try {
    const btcLane = gate.openEventLane('btc', { instruments: ['BTC'] });
    assert.equal(btcLane.snapshot(BTC, 0), ACCEPTED);
    assert.equal(btcLane.mark(ETH, 100), ACCEPTED); // ETH's price band needs a mark (a mark is not the lane's to hold)
    const channel = gate.createEventLane('gateway', { instruments: ['ETH'] });
    const release = new SharedArrayBuffer(4);
    const w = new Worker(WORKER, { workerData: { channel, mode: 'crash', inst: ETH, release } satisfies EventLaneWorkerData });
    gate.superviseEventLane(channel, w);
    const exited = new Promise<number>((resolve) => w.once('exit', resolve));
    w.on('error', () => {}); // the crash is the point of the test
    assert.equal(await new Promise<number>((resolve) => w.once('message', resolve)), ACCEPTED);
    await until(() => state(gate).instruments[ETH]!.health === 0 && state(gate).instruments[BTC]!.health === 0, 'both snapshots applied');
    const client = gate.client(gate.createStrategy('s'));
    assert.equal(client.decideOrder(1, ETH, Side.BUY, 1, 100), DenyReason.APPROVED, 'ETH trades while its publisher lives');
    assert.equal(state(gate).lanesDown, 0);

    Atomics.store(new Int32Array(release), 0, 1);
    Atomics.notify(new Int32Array(release), 0); // let it die
    assert.equal(await exited, 1);
    await until(() => state(gate).instruments[ETH]!.feedUp === false, 'ETH marked down');
    assert.equal(state(gate).lanesDown, 1);
    assert.equal(client.decideOrder(2, ETH, Side.BUY, 1, 100), DenyReason.FEED_STALE, 'risk-increasing on the dead lane\'s instrument');
    assert.equal(client.decideOrder(3, BTC, Side.BUY, 1, 100), DenyReason.APPROVED, 'another lane\'s instrument is unaffected');
    assert.deepEqual(gate.feedEvents.filter((e) => e.feed === 'gateway').map((e) => e.kind), ['exit']);
    assert.match(gate.feedEvents.find((e) => e.feed === 'gateway')!.detail ?? '', /exited with code 1: lane held down/);
  } finally {
    await stopCleanly(gate, 0);
  }
});

test('when a channel is not an event lane of this engine then superviseEventLane refuses it with OPTIONS', async () => {
  const gate = new RiskGate(CONFIG);
  const other = new RiskGate(CONFIG);
  const foreign = other.createEventLane('gateway');
  const w = new Worker('process.exit(0)', { eval: true });
  try {
    assert.throws(() => gate.superviseEventLane(foreign, w), (e: Error & { code?: string }) => e.code === RiskGateErrorCode.OPTIONS && /not an event lane of this engine/.test(e.message));
  } finally {
    await new Promise((resolve) => w.once('exit', resolve));
    await gate.stop();
    await other.stop();
  }
});
