/**
 * Entry of the clock ticker (a `worker_threads` Worker, loaded compiled from dist/): keeps the
 * clock block's `now` current for the risk thread (clock-block-layout.ts).
 *
 * Pins itself to `cpu` when the CPU map gives one (before the first tick, so every wake-up
 * lands there), publishes the first value, posts `ready` with where it runs (its tid included,
 * so a test can read /proc/self/task/<tid>/status), then ticks: sleep up to one tick on the stop word
 * (`Atomics.wait`, bounded by the tick), publish. Exits by itself when the embedding stores
 * `stop` (and notifies: the exit is then immediate) or when the block expires (24.8 days).
 * Allocates per tick (the time source's heap numbers): this isolate's young generation, never
 * the risk thread's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { placeCurrentThread } from './thread-placement.js';
import { CLOCK_STOP_WORD } from './clock-block-layout.js';
import type { ClockTickerData, ClockTickerMessage } from './clock-ticker-data.js';
import { ClockWriter } from './clock-writer.js';

const data = workerData as ClockTickerData;
const i32 = new Int32Array(data.block);
const writer = new ClockWriter(data.block);
const tickMs = data.tickUs / 1000;

const placement = placeCurrentThread(data.cpu, 'clock ticker');
let ticks = 0;
let live = writer.tick();
parentPort!.postMessage({ type: 'ready', placement } satisfies ClockTickerMessage);
while (live && Atomics.load(i32, CLOCK_STOP_WORD) === 0) { // stop requested?
  Atomics.wait(i32, CLOCK_STOP_WORD, 0, tickMs); // sleep one tick, or until stop() notifies
  live = writer.tick();
  ticks++;
}
writer.stopped();
parentPort!.postMessage({ type: 'stopped', ticks, expired: !live } satisfies ClockTickerMessage);
