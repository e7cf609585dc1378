/**
 * The shared wall clock of a threaded engine: a real ticker thread writes the clock block
 * (clock-block-layout.ts), a ClockReader reads it. It advances with the wall clock, never moves
 * back, stops on request (joined, the test process exits by itself), its reader falls back to
 * `Date.now()` when the block is not TICKING, and the writer's stores come in protocol order.
 * Pinned to the CPU map's `clock` CPU, it says where it runs, checked against the kernel's view
 * of its thread (/proc/self/task/<tid>/status).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/index.js';
import { RiskGateErrorCode } from '../../src/engine/index.js';
import { CLOCK_MAX_MS, CLOCK_STATE_WORD, ClockState, NOW_WORD, createClockBlock } from '../../src/engine/clock-block-layout.js';
import { ClockReader } from '../../src/engine/clock-reader.js';
import { ClockTicker } from '../../src/engine/clock-ticker.js';
import { ClockWriter } from '../../src/engine/clock-writer.js';
import { hostCpuCount } from '../../src/native/cpu-map.js';
import { NativeErrorCode } from '../../src/native/native-error-code.js';
import { expandCpuList, skipWithoutNative, taskCpusAllowed } from '../support/thread-status.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('when the ticker runs then the reader advances with the wall clock, monotonically, and stop joins the thread', { timeout: 10_000 }, async () => {
  const epoch = Date.now();
  const ticker = new ClockTicker(epoch, 250);
  await ticker.start(5000);
  const i32 = new Int32Array(ticker.block);
  try {
    assert.equal(Atomics.load(i32, CLOCK_STATE_WORD), ClockState.TICKING);
    const reader = new ClockReader(ticker.block);
    const cell = new Float64Array(1);
    reader.readInto(cell, 0);
    const first = cell[0]!; // the thread's start-up may already have taken a while on a busy host
    let prev = first;
    let steps = 0;
    // Until the reader has advanced another 250 ms: a loaded host only makes this take longer (the test's
    // own timeout bounds it); how stale a read may be is the scheduler's, measured in the bench.
    while (prev < first + 250) {
      reader.readInto(cell, 0);
      const ms = cell[0]!;
      assert.ok(ms >= prev, `monotone: ${ms} after ${prev}`);
      assert.equal(ms, Math.floor(ms), 'integral ms');
      const lag = Date.now() - epoch - ms;
      assert.ok(lag >= -1, `never ahead of the wall clock (lag ${lag} ms)`);
      if (ms > prev) steps++;
      prev = ms;
      await sleep(0);
    }
    assert.ok(steps > 1, `advanced in steps, not one jump: ${steps}`);
  } finally {
    const report = await ticker.stop(2000);
    assert.equal(report.cleanExit, true);
    assert.ok(report.ticks > 1, `ticked: ${report.ticks}`);
  }
  assert.equal(Atomics.load(i32, CLOCK_STATE_WORD), ClockState.STOPPED);
  const frozen = Atomics.load(i32, NOW_WORD);
  await sleep(20);
  assert.equal(Atomics.load(i32, NOW_WORD), frozen, 'no tick after stop');
  assert.deepEqual(await ticker.stop(2000), { cleanExit: true, ticks: (await ticker.stop(10)).ticks, expired: false }, 'stop is idempotent');
});

test('when the block is not TICKING then the reader falls back to Date.now() since the epoch and never moves back', () => {
  const epoch = Date.now() - 5000;
  const block = createClockBlock(epoch);
  const i32 = new Int32Array(block);
  const reader = new ClockReader(block);
  const cell = new Float64Array(1);
  reader.readInto(cell, 0); // STARTING
  assert.ok(cell[0]! >= 5000 && cell[0]! < 6000, `fallback: ${cell[0]}`);
  Atomics.store(i32, NOW_WORD, 1000);
  Atomics.store(i32, CLOCK_STATE_WORD, ClockState.TICKING);
  reader.readInto(cell, 0);
  assert.ok(cell[0]! >= 5000, `an older published value does not move time back: ${cell[0]}`);
  Atomics.store(i32, NOW_WORD, 9000);
  reader.readInto(cell, 0);
  assert.equal(cell[0], 9000, 'TICKING: the published value');
  for (const state of [ClockState.STOPPED, ClockState.EXPIRED, ClockState.DEAD]) {
    Atomics.store(i32, CLOCK_STATE_WORD, state);
    reader.readInto(cell, 0);
    assert.equal(cell[0], 9000, `state ${state}: the fallback (~5000) never moves time back`);
  }
});

test('when the writer ticks then it publishes now before TICKING, skips unchanged or earlier ms, and expires past 2^31-1 ms', () => {
  const block = createClockBlock(1_000_000);
  const i32 = new Int32Array(block);
  let wall = 1_000_000 + 10.7;
  const writer = new ClockWriter(block, () => wall);
  assert.equal(writer.tick(), true);
  assert.equal(Atomics.load(i32, NOW_WORD), 10, 'floor of ms since the epoch');
  assert.equal(Atomics.load(i32, CLOCK_STATE_WORD), ClockState.TICKING, 'TICKING after the first value');
  wall -= 5; // the source stepped back
  writer.tick();
  assert.equal(Atomics.load(i32, NOW_WORD), 10, 'never back');
  wall = 1_000_000 + CLOCK_MAX_MS;
  assert.equal(writer.tick(), true);
  assert.equal(Atomics.load(i32, NOW_WORD), CLOCK_MAX_MS, 'the last representable ms');
  wall += 1;
  assert.equal(writer.tick(), false, 'expired: the ticker stops');
  assert.equal(Atomics.load(i32, CLOCK_STATE_WORD), ClockState.EXPIRED);
  writer.stopped();
  assert.equal(Atomics.load(i32, CLOCK_STATE_WORD), ClockState.EXPIRED, 'expired stays expired');
  const reader = new ClockReader(block);
  const cell = new Float64Array(1);
  reader.readInto(cell, 0);
  assert.ok(Math.abs(cell[0]! - (Date.now() - 1_000_000)) < 1000, 'expired: the reader uses Date.now() - epoch');
});

test('when the writer sees a time before its epoch then it publishes engine time 0, never a negative time', () => {
  const block = createClockBlock(Date.now() + 60_000);
  const writer = new ClockWriter(block);
  writer.tick();
  assert.equal(Atomics.load(new Int32Array(block), CLOCK_STATE_WORD), ClockState.TICKING);
  assert.equal(Atomics.load(new Int32Array(block), NOW_WORD), 0, 'clamped to engine time 0');
});

test('when clockTickUs is out of range then RiskGate names it with a stable code', () => {
  for (const clockTickUs of [0, 49, 10_001, 250.5, '500']) {
    assert.throws(() => new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] }, { clockTickUs } as never), (e: Error & { code?: string }) => {
      assert.equal(e.code, RiskGateErrorCode.OPTIONS);
      assert.match(e.message, /options\.clockTickUs must be an integer from 50 to 10000/);
      return true;
    });
  }
});

test('when a system-clock engine runs then its state time follows the ticker and stop leaves no thread behind', { timeout: 15_000 }, async () => {
  const gate = new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] }, { clock: 'system', clockTickUs: 200 });
  await gate.start();
  // state() is undefined when every try raced a publish: read again, bounded.
  const time = (): number => {
    for (let k = 0; k < 1000; k++) {
      const s = gate.state();
      if (s !== undefined) return s.time;
    }
    return -1;
  };
  try {
    const w0 = Date.now();
    await gate.kill(0); // a pass with work: reads the clock, publishes the state
    const t1 = time();
    assert.ok(t1 >= 0, `state published: ${t1}`);
    await sleep(60);
    // Until the engine's time has moved 50 ms: a loaded host may deschedule the ticker, which only
    // makes this take longer (the test's timeout bounds it).
    let t2 = t1;
    while (t2 - t1 < 50) {
      await gate.kill(0);
      t2 = time();
      if (t2 - t1 < 50) await sleep(5);
    }
    const w3 = Date.now();
    // Never faster than the wall clock around both reads; the slack is a reader that was up to a
    // second stale at the first read (a descheduled ticker), not a timing figure.
    assert.ok(t2 - t1 <= w3 - w0 + 1000, `engine time ran no faster than the wall clock: ${t1} -> ${t2} in ${w3 - w0} ms`);
  } finally {
    const report = await gate.stop();
    assert.equal(report.cleanExit, true);
  }
});

// Thread topology of the pinning cases: the test's main thread (never pinned) and one ticker
// thread, which pins itself before its first tick; the main thread reads its /proc status.

/** Starts a ticker, hands it to `inspect` while it runs, then stops it (cleanly) and returns what it ticked. */
async function withTicker(cpu: number | undefined, inspect: (ticker: ClockTicker) => void | Promise<void>): Promise<number> {
  const ticker = new ClockTicker(Date.now(), 500, cpu);
  await ticker.start(5000);
  const now = new Int32Array(ticker.block);
  const atReady = Atomics.load(now, NOW_WORD); // its tick before READY
  try {
    await inspect(ticker);
    // Until it ticked again (engine time moved past its READY value): a ticker pinned to a busy
    // CPU may not run for a while on a loaded host. Bounded by the test's timeout.
    while (Atomics.load(now, NOW_WORD) === atReady) await sleep(5);
  } finally {
    const report = await ticker.stop(2000);
    assert.equal(report.cleanExit, true);
  }
  return (await ticker.stop(10)).ticks;
}

for (let cpu = 0; cpu < Math.min(hostCpuCount(), 2); cpu++) {
  test(`when the ticker is given CPU ${cpu} then it pins itself there: its placement, currentCpu and the kernel's view of its thread agree`, { skip: skipWithoutNative, timeout: 10_000 }, async () => {
    const ticks = await withTicker(cpu, (ticker) => {
      const p = ticker.placement;
      assert.ok(p !== undefined, 'placement reported with READY');
      assert.equal(p.pinned, true, `placement: ${JSON.stringify(p)}`);
      assert.deepEqual(p.cpus, [cpu]);
      assert.equal(p.currentCpu, cpu);
      assert.equal(p.reason, undefined);
      assert.ok(p.tid !== undefined && p.tid > 0 && p.tid !== process.pid, `the ticker's own tid: ${String(p.tid)}`);
      assert.equal(taskCpusAllowed(p.tid), String(cpu), 'the kernel shows only the clock CPU for the ticker thread');
    });
    assert.ok(ticks > 0, 'it ticked pinned');
  });
}

test('when the ticker is given no CPU then it runs unpinned and says why', { timeout: 10_000 }, async () => {
  await withTicker(undefined, (ticker) => {
    const p = ticker.placement;
    assert.equal(p?.pinned, false);
    assert.equal(p?.reason, 'no CPU configured for the clock ticker');
    if (p?.tid !== undefined) assert.equal(p.cpus?.join(','), expandCpuList(taskCpusAllowed(p.tid)).join(','), 'its affinity is the inherited one');
  });
});

test('when the ticker cannot pin (a CPU the host lacks) then it ticks unpinned and the placement carries the addon\'s code', { skip: skipWithoutNative, timeout: 10_000 }, async () => {
  const ticks = await withTicker(hostCpuCount() + 7, (ticker) => {
    const p = ticker.placement;
    assert.equal(p?.pinned, false);
    assert.match(p?.reason ?? '', new RegExp(`^${NativeErrorCode.CPU_NOT_ALLOWED}: `));
  });
  assert.ok(ticks > 0, 'the clock keeps ticking unpinned');
});

