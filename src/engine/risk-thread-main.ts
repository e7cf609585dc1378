/**
 * Entry of the risk thread (a `worker_threads` Worker, loaded compiled from dist/). Owns the
 * one `RiskEngine` and every ring end it consumes; the single writer of all risk state.
 *
 * Start-up (allocates freely): pin to `cpu` when configured, build the engine from the
 * validated config, attach the lanes, post `ready` with where it runs. Then the loop:
 * `RiskLoop.runOnce()` → idle strategy, until the embedding sets `stop` in the control block.
 * New lanes arrive on `attachPort` (posted by the embedding, announced by a bump of the
 * control block's lane version, received with `receiveMessageOnPort` because this thread's
 * event loop never turns while it polls). On stop it drains every ring, publishes the final
 * state, posts `stopped` and returns: the worker exits by itself.
 */
import { getHeapStatistics } from 'node:v8';
import { receiveMessageOnPort, workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { ManualClock } from '../risk/clock.js';
import { RiskEngine } from '../risk/risk-engine.js';
import { BusySpinIdle, ParkIdle, RingConsumer, RingProducer, type IdleStrategy } from '../ring/index.js';
import { placeCurrentThread } from './thread-placement.js';
import { clockEpoch } from './clock-block-layout.js';
import { ClockReader } from './clock-reader.js';
import type { ClockThreadData } from './clock-ticker-data.js';
import { LANES_VERSION_WORD, LOOPS_WORD, RiskThreadStatus, STATUS_WORD, STOP_WORD } from './control-block-layout.js';
import { GcCounter } from './gc-counter.js';
import { DoorbellParkTarget } from './doorbell-park-target.js';
import { LaneTable } from './lane-table.js';
import { RiskLoop } from './risk-loop.js';
import type { AllocationReport, LaneSpec, RiskThreadData, RiskThreadMessage } from './risk-thread-data.js';
import { StateBlockWriter } from './state-block-writer.js';

const data = workerData as RiskThreadData & ClockThreadData & { readonly attachPort: MessagePort };
const control = new Int32Array(data.control);

const placement = placeCurrentThread(data.cpu, 'risk thread');
// 'system' clock: the ticker's clock block, read without allocating (clock-reader.ts).
const wallClock = data.clockBlock === null ? undefined : new ClockReader(data.clockBlock);
const epoch = data.clockBlock === null ? Date.now() : clockEpoch(data.clockBlock);
const clock = new ManualClock(0);
const engine = new RiskEngine(data.config, clock);
const lanes = new LaneTable();
const loop = new RiskLoop(engine, clock, lanes, new RingProducer(data.cancelAlls), new StateBlockWriter(data.state, engine), { clock: data.clock, epoch, wallClock });

if (data.journal !== null) loop.attachJournal(new RingProducer(data.journal));
if (wallClock !== undefined) loop.watchFeedBeats(data.liveness, wallClock);
if (data.journalHalt) loop.haltOnJournalFailure(new Int32Array(data.journalStatus));

function attach(spec: LaneSpec): void {
  const decisions = spec.decisions === null ? null : new RingProducer(spec.decisions);
  if (lanes.add(spec.kind, new RingConsumer(spec.input), decisions, Int32Array.from(spec.instruments)) < 0) {
    throw new Error(`risk thread: lane table full, cannot attach ${spec.name}`);
  }
}
for (const spec of data.lanes) attach(spec);
let lanesVersion = 0;
function attachPosted(): void {
  lanesVersion = Atomics.load(control, LANES_VERSION_WORD); // acquire lane-table version
  for (let m = receiveMessageOnPort(data.attachPort); m !== undefined; m = receiveMessageOnPort(data.attachPort)) {
    attach(m.message as LaneSpec);
  }
}

attachPosted(); // lanes posted while this thread started

const parkTarget = new DoorbellParkTarget(data.control, {
  pendingWork: () => loop.pendingSlots()
    + Atomics.load(control, STOP_WORD) // stop requested?
    + (Atomics.load(control, LANES_VERSION_WORD) !== lanesVersion ? 1 : 0), // lanes posted?
});
const idle: IdleStrategy = data.idle.strategy === 'spin'
  ? new BusySpinIdle()
  : new ParkIdle(parkTarget, { spins: data.idle.spins, parkTimeoutMs: data.idle.parkTimeoutMs });

// ---- allocation probe (tests only; inert when undefined)
// The probe starts once `warmUpSlots` slots are consumed and ends at the first loop pass that
// reaches `measuredSlots` more (or at stop): `runOnce` consumes batches, so the measured stretch
// is counted (`probeSlots`), not assumed. GCs are counted synchronously (gc-counter.ts).
const probe = data.allocationProbe;
let probeStartAt = probe === undefined ? Infinity : probe.warmUpSlots;
let probeEndAt = Infinity;
let probeFrom = 0;
let probeSlots = 0;
let probeGcs = 0;
let heapBefore = 0;
let heapAfter = 0;
const gcCounter = probe === undefined ? undefined : new GcCounter();
const gc = (globalThis as { gc?: () => void }).gc;
function startProbe(consumedNow: number): void {
  probeStartAt = Infinity;
  probeFrom = consumedNow;
  probeEndAt = consumedNow + probe!.measuredSlots;
  gc?.();
  heapBefore = getHeapStatistics().used_heap_size;
  gcCounter!.start();
}
function endProbe(consumedNow: number): void {
  probeGcs = gcCounter!.stop();
  heapAfter = getHeapStatistics().used_heap_size;
  probeSlots = consumedNow - probeFrom;
  probeEndAt = Infinity;
}

parentPort!.postMessage({ type: 'ready', placement } satisfies RiskThreadMessage);
Atomics.store(control, STATUS_WORD, RiskThreadStatus.RUNNING); // status

// ---- the loop: @hot, allocation-free
let consumed = 0;
let loops = 0;
while (Atomics.load(control, STOP_WORD) === 0) { // stop requested?
  if (Atomics.load(control, LANES_VERSION_WORD) !== lanesVersion) attachPosted(); // lanes posted?
  const work = loop.runOnce();
  consumed += work;
  loops = (loops + 1) | 0;
  Atomics.store(control, LOOPS_WORD, loops); // liveness: /health watches this counter move
  if (consumed >= probeStartAt) startProbe(consumed);
  else if (consumed >= probeEndAt) endProbe(consumed);
  idle.idle(work);
}

// ---- drain: the embedding stopped the producers first; apply what they published.
Atomics.store(control, STATUS_WORD, RiskThreadStatus.DRAINING); // status
attachPosted();
for (let quiet = 0; quiet < 2;) {
  const work = loop.runOnce();
  consumed += work;
  quiet = work === 0 ? quiet + 1 : 0;
}
if (probeEndAt !== Infinity) endProbe(consumed);
loop.publishState();
Atomics.store(control, LOOPS_WORD, loops); // diagnostics
Atomics.store(control, STATUS_WORD, RiskThreadStatus.STOPPED); // status

async function report(): Promise<void> {
  let allocation: AllocationReport | undefined;
  if (probe !== undefined) {
    allocation = {
      slots: probeSlots,
      gcCount: probeGcs,
      heapGrowthBytes: heapAfter - heapBefore,
      gcAvailable: typeof gc === 'function',
    };
  }
  const parks = idle instanceof ParkIdle ? idle.parks : 0;
  parentPort!.postMessage({
    type: 'stopped', loops, parks, events: loop.events, requests: loop.requests, lostEvents: loop.holds.lostEvents,
    journalRecords: loop.journal.records, journalLost: loop.journal.lost, allocation,
  } satisfies RiskThreadMessage);
  data.attachPort.close();
}
await report();
