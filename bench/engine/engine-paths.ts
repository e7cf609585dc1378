import { Worker } from 'node:worker_threads';
import { encodeMark, encodeSnapshot, EVENT_SLOT_BYTES, ARRIVAL_ORDER } from '../../src/codec/index.js';
import { RiskGate, type RiskGateOptions } from '../../src/gate/index.js';
import { SCENARIO_FEED_SOURCE, type AllocationReport, type StopReport } from '../../src/engine/index.js';
import { BenchInconclusiveError, BenchVerificationError } from '../bench-case.js';
import { readSummary, type LatencySummary } from '../latency-summary.js';
import { benchPinning } from '../pinning.js';
import { benchRiskConfig, maxOrdersFor } from './bench-risk-config.js';
import { FEED_RESULT_BYTES, FeedStatus, MARK, R_APPLIED, R_STATUS, R_SUMMARY, R_THROUGHPUT, expectedFeedCounters, type BenchFeedOptions } from './bench-feed-source.js';
import type { StrategyJob, StrategyOutcome } from './strategy-worker.js';
import { expectedFrameCounters } from './bench-frame-source.js';
import { D_FRAMES, D_GC, D_HEAP, D_RATE, D_STATUS, D_SUMMARY, DECODE_RESULT_BYTES, type BenchDecodeOptions } from './bench-decode-source.js';

/**
 * The threaded engine's two hot paths, end to end through the real threads (src/engine/):
 *
 *   feed path:     feed worker (bench-feed-source.ts) -> feed ring -> risk thread applies
 *                  -> ring tail observed by the feed worker
 *   strategy path: strategy worker (strategy-worker.ts) -> request ring -> risk thread checks
 *                  -> decision ring -> StrategyClient sees the decision
 *
 * for each idle strategy of the risk thread ('spin', 'park' = spin-then-park). Each run starts
 * a fresh `RiskGate` with the 'slots' clock (engine time from the producer's stamps: the
 * 'system' clock reads `Date.now()` once per pass, which allocates on Node 20) and the engine's
 * allocation probe over the measured slots, so each result carries the risk thread's own GC
 * count and heap growth. Pinned when RISKGATE_CPU_MAP is set (`cpuMap: 'env'`).
 */
export type IdleName = 'spin' | 'park';

export interface EnginePathResult {
  readonly summary: LatencySummary;
  /** Events (feed) or round trips (strategy) per second. */
  readonly throughput: number;
  readonly riskThread: AllocationReport;
  readonly riskPinned: boolean;
}

const FEED_SOURCE = new URL('./bench-feed-source.js', import.meta.url).href;
const STRATEGY_WORKER = new URL('./strategy-worker.js', import.meta.url);

function gateOptions(idle: IdleName, warmUpSlots: number, measuredSlots: number): RiskGateOptions {
  return {
    idle,
    clock: 'slots',
    allocationProbe: { warmUpSlots, measuredSlots },
    ...(benchPinning().map !== undefined ? { cpuMap: 'env' as const } : {}),
  };
}

function fail(name: string, what: string): never {
  throw new BenchVerificationError(name, what);
}

/**
 * The bench feed worker ended without its 'done': a worker that did not post READY within the
 * supervisor's start-up wait did not get the CPU on a busy host (inconclusive, like a decision
 * that timed out); anything else is a failure, named with the worker's lifecycle events.
 */
function feedNotDone(name: string, gate: RiskGate, state: string): never {
  const events = gate.feedEvents.filter((e) => e.feed === 'bench');
  const slowStart = events.find((e) => e.kind === 'start-failed' && (e.detail ?? '').startsWith('no READY within'));
  if (slowStart !== undefined) throw new BenchInconclusiveError(name, `the feed worker did not start in time (${slowStart.detail})`);
  fail(name, `feed worker ended ${state} (${events.map((e) => `${e.kind}${e.detail === undefined ? '' : ` ${e.detail}`}`).join(', ')})`);
}

function checkAllocation(name: string, a: AllocationReport | undefined): AllocationReport {
  if (a === undefined) fail(name, 'the risk thread returned no allocation report (it did not exit cleanly, or the probe never started)');
  if (!a.gcAvailable) fail(name, 'global.gc is not available in the risk thread: run with node --expose-gc');
  if (a.slots === 0) fail(name, 'the allocation probe measured no slot (it started after the last one)');
  return a;
}

/**
 * Feed path: `count` measured events after `warmup`, at `rate` events/s (0: max throughput).
 * `input` 'frames': each event starts as a Bybit frame's bytes decoded in the feed worker
 * (bench-frame-source.ts); 'slots': pre-built slots.
 */
export async function runFeedPath(name: string, idle: IdleName, warmup: number, count: number, rate: number, input: 'slots' | 'frames' = 'slots'): Promise<EnginePathResult> {
  const gate = new RiskGate(benchRiskConfig(16), gateOptions(idle, warmup + 2, count - 4));
  await gate.start();
  const result = new SharedArrayBuffer(FEED_RESULT_BYTES);
  const timeLimitMs = 30_000 + (rate > 0 ? ((warmup + count) / rate) * 1000 : 0);
  const options: BenchFeedOptions = { result, warmup, count, rate, timeLimitMs, input };
  let stop: StopReport;
  try {
    gate.attachFeed({ name: 'bench', source: { module: FEED_SOURCE, options } });
    const handle = await gate.waitForFeed('bench', ['done', 'failed'], timeLimitMs + 5000);
    if (handle.state !== 'done') feedNotDone(name, gate, handle.state);
  } finally {
    stop = await gate.stop();
  }
  const r = new Float64Array(result);
  if (r[R_STATUS] === FeedStatus.TIMEOUT) throw new BenchInconclusiveError(name, `the feed source hit its time limit after ${r[R_APPLIED]} events`);
  if (r[R_STATUS] !== FeedStatus.OK) fail(name, `feed source status ${r[R_STATUS]} (2 timeout, 3 tail ahead of head, 4 a frame not decoded to one event or a full ring) after ${r[R_APPLIED]} events`);
  if (!stop.cleanExit) fail(name, 'risk thread did not exit by itself');
  const state = gate.state();
  if (state === undefined) fail(name, 'no consistent state block read');
  const exp = input === 'frames' ? { marks: 0, heartbeats: 0, ...expectedFrameCounters(warmup + count) } : expectedFeedCounters(warmup + count);
  const c = state.counters;
  const got = { marks: c['MARKS'], heartbeats: c['HEARTBEATS'], fills: c['FILLS'], snapshots: c['SNAPSHOTS'] };
  for (const k of ['marks', 'heartbeats', 'fills', 'snapshots'] as const) {
    if ((got[k] ?? 0) !== exp[k]) fail(name, `risk thread applied ${got[k]} ${k}, expected ${exp[k]}`);
  }
  const inst = state.instruments[0]!;
  if (inst.estPosMin !== exp.position || inst.estPosMax !== exp.position) {
    fail(name, `position interval [${inst.estPosMin}, ${inst.estPosMax}], expected [${exp.position}, ${exp.position}]`);
  }
  if (state.lostEvents !== 0) fail(name, `${state.lostEvents} events lost`);
  return { summary: readSummary(r, R_SUMMARY), throughput: r[R_THROUGHPUT]!, riskThread: checkAllocation(name, stop.allocation), riskPinned: gate.placement?.pinned ?? false };
}

/** One snapshot (position 0, seq 0) and a mark: the instrument is healthy for orders. */
function warmState(): Int32Array {
  const buf = new ArrayBuffer(2 * EVENT_SLOT_BYTES);
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  encodeSnapshot(i32, f64, 0, ARRIVAL_ORDER, 0, 0, 0, 0);
  encodeMark(i32, f64, EVENT_SLOT_BYTES, ARRIVAL_ORDER, 0, 0, MARK);
  return i32;
}

/** Strategy path: `count` measured round trips after `warmup` at `rate` requests/s (0: back to back). */
export async function runStrategyPath(name: string, idle: IdleName, form: 'spin' | 'promise', warmup: number, count: number, rate: number): Promise<EnginePathResult> {
  const gate = new RiskGate(benchRiskConfig(maxOrdersFor(warmup + count)), gateOptions(idle, warmup + 4, count - 4));
  await gate.start();
  let outcome: StrategyOutcome | undefined;
  let stop: StopReport;
  try {
    gate.attachFeed({ name: 'state', source: { module: SCENARIO_FEED_SOURCE, options: { slots: warmState() } } });
    await gate.waitForFeed('state', ['done'], 10_000);
    for (let t = 0; ; t++) {
      const s = gate.state();
      if (s !== undefined && s.counters['SNAPSHOTS'] === 1 && s.instruments[0]!.health === 0) break;
      if (t > 500) fail(name, 'the instrument did not become healthy after its snapshot');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const pin = benchPinning().map;
    const timeLimitMs = 30_000 + (rate > 0 ? ((warmup + count) / rate) * 1000 : 0);
    const job: StrategyJob = { channel: gate.createStrategy('bench'), form, warmup, count, rate, cpu: pin?.control, timeLimitMs };
    const worker = new Worker(STRATEGY_WORKER, { workerData: job });
    outcome = await new Promise<StrategyOutcome>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`strategy worker exited (code ${code}) without a result`)));
    });
    await worker.terminate();
  } finally {
    stop = await gate.stop();
  }
  if (outcome === undefined) fail(name, 'no outcome');
  if (outcome.wrong > 0) fail(name, `${outcome.wrong} wrong decisions; first: ${outcome.firstWrong}`);
  if (outcome.timedOut > 0) throw new BenchInconclusiveError(name, `${outcome.timedOut} requests without a decision in time (first: ${outcome.firstTimedOut})`);
  if (!stop.cleanExit) fail(name, 'risk thread did not exit by itself');
  const state = gate.state();
  const approved = state?.decisions[0];
  if (approved !== warmup + count) fail(name, `risk thread approved ${approved} requests, expected ${warmup + count}`);
  return { summary: outcome.summary, throughput: outcome.throughput, riskThread: checkAllocation(name, stop.allocation), riskPinned: gate.placement?.pinned ?? false };
}

const DECODE_SOURCE = new URL('./bench-decode-source.js', import.meta.url).href;

/** The feed worker's GCs and heap growth over `frames` documented frames of `venue`, decoded and published (bench-decode-source.ts). */
export async function runFeedDecode(name: string, venue: string, warmup: number, frames: number): Promise<{ gc: number; heapGrowthBytes: number; frames: number; throughput: number }> {
  const gate = new RiskGate(benchRiskConfig(16), { idle: 'spin', clock: 'slots', ...(benchPinning().map !== undefined ? { cpuMap: 'env' as const } : {}) });
  await gate.start();
  const result = new SharedArrayBuffer(DECODE_RESULT_BYTES);
  const options: BenchDecodeOptions = { result, venue, warmup, frames };
  try {
    gate.attachFeed({ name: 'bench', source: { module: DECODE_SOURCE, options } });
    const handle = await gate.waitForFeed('bench', ['done', 'failed'], 600_000);
    if (handle.state !== 'done') feedNotDone(name, gate, handle.state);
  } finally {
    await gate.stop();
  }
  const r = new Float64Array(result);
  if (r[D_STATUS] !== 1) fail(name, `feed source status ${r[D_STATUS]} (2: a frame decoded to another outcome than its first decode)`);
  return { gc: r[D_GC]!, heapGrowthBytes: r[D_HEAP]!, frames: r[D_FRAMES]!, throughput: r[D_RATE]! };
}

/**
 * Frame bytes -> risk applied, any venue: `frames` measured frames of `venue`'s documented data
 * frames after `warmup`, at `rate` frames/s, decoded and published in the feed worker while the
 * risk thread (idle spin) applies them (bench-decode-source.ts, latency mode).
 */
export async function runFeedDecodeLatency(name: string, venue: string, warmup: number, frames: number, rate: number): Promise<EnginePathResult> {
  const gate = new RiskGate(benchRiskConfig(16), gateOptions('spin', warmup, frames));
  await gate.start();
  const result = new SharedArrayBuffer(DECODE_RESULT_BYTES);
  const timeLimitMs = 30_000 + ((warmup + frames) / rate) * 1000;
  const options: BenchDecodeOptions = { result, venue, warmup, frames, rate, timeLimitMs };
  let stop: StopReport;
  try {
    gate.attachFeed({ name: 'bench', source: { module: DECODE_SOURCE, options } });
    const handle = await gate.waitForFeed('bench', ['done', 'failed'], timeLimitMs + 5000);
    if (handle.state !== 'done') fail(name, `feed worker ended ${handle.state}`);
  } finally {
    stop = await gate.stop();
  }
  const r = new Float64Array(result);
  if (r[D_STATUS] === 3) throw new BenchInconclusiveError(name, `the feed source hit its time limit after ${r[D_FRAMES]} frames`);
  if (r[D_STATUS] !== 1) fail(name, `feed source status ${r[D_STATUS]} (2: a frame decoded to another outcome than its first decode, 4: a full ring)`);
  if (r[D_FRAMES] !== frames) fail(name, `${r[D_FRAMES]} frames measured, expected ${frames}`);
  if (!stop.cleanExit) fail(name, 'risk thread did not exit by itself');
  const state = gate.state();
  if (state === undefined) fail(name, 'no consistent state block read');
  if (state.lostEvents !== 0) fail(name, `${state.lostEvents} events lost`);
  return { summary: readSummary(r, D_SUMMARY), throughput: r[D_RATE]!, riskThread: checkAllocation(name, stop.allocation), riskPinned: gate.placement?.pinned ?? false };
}
