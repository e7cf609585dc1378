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
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
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
// Three samples, each the same straight-line code (`probeSample`): a rehearsal at the first slot,
// the start once `warmUpSlots` are consumed, the end at the first loop pass that reaches
// `measuredSlots` more (or at stop). `runOnce` consumes batches, so the measured stretch is
// counted (`probeSlots`), not assumed. Why a rehearsal: a call site or property load that has
// never run has no type feedback, and the first time optimized code reaches one it deoptimizes
// the whole loop; its callees, until then only ever inlined, would then run unoptimized and box
// doubles while they tier up again, inside the measured stretch (hundreds of KB, and a scavenge
// on a busy host where the background compiler is slow). Running the one sampling path once
// early gives every site feedback, so the loop's optimized code covers the start and the end.
// GCs are counted synchronously (gc-counter.ts), one counter per stretch between samples.
const probe = data.allocationProbe;
const PROBE_SAMPLES = 3;
let probeSamples = 0;
let probeNextAt = probe === undefined ? Infinity : 1;
let probeCounter = probe === undefined ? undefined : new GcCounter();
probeCounter?.start();
const probeConsumed = new Float64Array(PROBE_SAMPLES);
const probeRequests = new Float64Array(PROBE_SAMPLES); // strategy requests decided so far
const probeGcsBefore = new Float64Array(PROBE_SAMPLES); // GCs in the stretch that the sample ends
const probeHeapBefore = new Float64Array(PROBE_SAMPLES); // used heap as the sample begins
const probeHeapAfter = new Float64Array(PROBE_SAMPLES); // used heap after the sample's full GC
const probeSpacesBefore: ReturnType<typeof getHeapSpaceStatistics>[] = [];
const probeSpacesAfter: ReturnType<typeof getHeapSpaceStatistics>[] = [];
// The next sample's slot count after sample i: base + perSlot * (slots consumed at sample i).
const probeNextBase = Float64Array.of(probe?.warmUpSlots ?? Infinity, probe?.measuredSlots ?? Infinity, Infinity);
const probeNextPerSlot = Float64Array.of(0, 1, 0);
const gc = (globalThis as { gc?: () => void }).gc;
function probeSample(consumedNow: number): void {
  const i = probeSamples;
  probeHeapBefore[i] = getHeapStatistics().used_heap_size;
  probeSpacesBefore[i] = getHeapSpaceStatistics();
  probeGcsBefore[i] = probeCounter!.stop();
  gc?.();
  probeHeapAfter[i] = getHeapStatistics().used_heap_size;
  probeSpacesAfter[i] = getHeapSpaceStatistics();
  probeConsumed[i] = consumedNow;
  probeRequests[i] = loop.requests;
  probeSamples = i + 1;
  probeNextAt = probeNextBase[i]! + probeNextPerSlot[i]! * consumedNow; // no branch: every sample runs the same code
  probeCounter = new GcCounter();
  probeCounter.start();
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
  if (consumed >= probeNextAt) probeSample(consumed); // allocation probe (tests only)
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
if (probeSamples === 2) probeSample(consumed); // stopped while measuring: end the stretch here
loop.publishState();
Atomics.store(control, LOOPS_WORD, loops); // diagnostics
Atomics.store(control, STATUS_WORD, RiskThreadStatus.STOPPED); // status

function growthBySpace(before: ReturnType<typeof getHeapSpaceStatistics>, after: ReturnType<typeof getHeapSpaceStatistics>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of after) {
    const b = before.find((x) => x.space_name === a.space_name);
    const d = a.space_used_size - (b?.space_used_size ?? 0);
    if (d !== 0) out[a.space_name] = d;
  }
  return out;
}

async function report(): Promise<void> {
  let allocation: AllocationReport | undefined;
  if (probe !== undefined) {
    const measured = probeSamples === 3;
    allocation = {
      slots: measured ? probeConsumed[2]! - probeConsumed[1]! : 0,
      requests: measured ? probeRequests[2]! - probeRequests[1]! : 0,
      gcCount: measured ? probeGcsBefore[2]! : 0,
      heapGrowthBytes: measured ? probeHeapBefore[2]! - probeHeapAfter[1]! : 0,
      heapGrowthBySpace: measured ? growthBySpace(probeSpacesAfter[1]!, probeSpacesBefore[2]!) : {},
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
