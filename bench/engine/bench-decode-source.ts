/**
 * Feed source of the "feed worker decode" GC case: in the engine's feed worker, one venue's byte
 * decoder reads that venue's documented frames (bench/venues/documented-frames.ts) in turn from
 * their bytes and publishes each frame's events into the feed ring (`publishDecodedSlots`, the
 * live feed's path after the socket), while the risk thread applies them. After `warmup` frames
 * it counts this worker's garbage collections (`GcCounter`) and heap growth over `frames` frames.
 *
 * Flow control: it waits (spinning) while more than `BACKLOG` published slots are not yet
 * applied, so no frame is dropped on a full ring. The decoder's symbols map to no engine
 * instrument (-2): the risk thread rejects the events as unknown, which does not change what the
 * feed worker does. Results go into `options.result` (layout `D_*`).
 *
 * With `rate` > 0 it measures latency instead ("frame bytes -> risk applied", every venue): the
 * venue's documented frames that carry events (fills, order updates, snapshots, heartbeats), in
 * turn, one due every 1/rate s; each is decoded when due and its slots published, and its latency
 * runs from its due time until the risk thread's tail passes its last slot. Every symbol maps to
 * the engine's instrument 0, so the risk thread applies the events to its state (a repeated
 * execution id is recognised as a duplicate fill, as a live replay would be): the cost is what
 * the risk thread does with such a frame, not only its rejection. Summary at `D_SUMMARY`.
 */
import { getHeapStatistics } from 'node:v8';
import type { FeedSink } from '../../src/engine/feed-sink.js';
import type { FeedSource } from '../../src/engine/feed-source.js';
import { GcCounter } from '../../src/engine/gc-counter.js';
import { HEAD_OFFSET, TAIL_OFFSET } from '../../src/ring/spsc-ring-layout.js';
import { publishDecodedSlots } from '../../src/venue-bridge/publish-decoded-slots.js';
import { documentedFrames } from '../venues/documented-frames.js';
import { newHistogram, recordMs, summarize, SUMMARY_LENGTH, writeSummary } from '../latency-summary.js';

export interface BenchDecodeOptions {
  /** Float64Array storage: `DECODE_RESULT_BYTES`. */
  readonly result: SharedArrayBuffer;
  readonly venue: string;
  readonly warmup: number;
  readonly frames: number;
  /** Frames per second for the latency mode; 0 or absent: the GC mode (as fast as the ring takes them). */
  readonly rate?: number;
  /** Latency mode: give up (status 3) after this long. */
  readonly timeLimitMs?: number;
}

/** f64 index of the latency mode's summary (`writeSummary` layout). */
export const D_SUMMARY = 8;
export const DECODE_RESULT_BYTES = 8 * (D_SUMMARY + SUMMARY_LENGTH);
/** f64 indices of the result block: status (1 done, 2 a frame decoded differently than the first time), GCs, heap growth (bytes), frames measured, frames/s, slots published. */
export const D_STATUS = 0;
export const D_GC = 1;
export const D_HEAP = 2;
export const D_FRAMES = 3;
export const D_RATE = 4;
export const D_SLOTS = 5;
const BACKLOG = 256;

export function createFeedSource(sink: FeedSink, options: unknown): FeedSource {
  const o = options as BenchDecodeOptions;
  const out = new Float64Array(o.result);
  return {
    stop(): void {},
    run(): Promise<void> {
      if ((o.rate ?? 0) > 0) return runLatency(sink, o, out);
      const frames = documentedFrames().filter((f) => f.venue === o.venue);
      const decoder = frames[0]!.makeByte();
      const bytes = frames.map((f) => f.bytes);
      const outcomes = new Int32Array(bytes.map((b) => decoder.decode(b, 0, b.length)));
      const instOf = new Int32Array(decoder.symbols().length).fill(-2);
      const clock = new Float64Array([Math.floor(Date.now())]);
      const i32 = sink.i32;
      const base = Atomics.load(i32, HEAD_OFFSET >> 2); // own published head
      let published = 0;
      let wrong = 0;
      const step = (j: number): void => {
        const b = bytes[j % bytes.length]!;
        while (published - ((Atomics.load(i32, TAIL_OFFSET >> 2) - base) | 0) > BACKLOG); // acquire tail: wait for room
        if (decoder.decode(b, 0, b.length) !== outcomes[j % bytes.length]) wrong++;
        if (decoder.slots.count > 0) published += publishDecodedSlots(sink, decoder.slots, instOf, clock);
      };
      for (let j = 0; j < o.warmup; j++) step(j);
      globalThis.gc?.();
      const heap0 = getHeapStatistics().used_heap_size;
      const counter = new GcCounter();
      const t0 = performance.now();
      counter.start();
      for (let j = 0; j < o.frames; j++) step(j);
      const gc = counter.stop();
      const t = performance.now() - t0;
      out[D_GC] = gc;
      out[D_HEAP] = getHeapStatistics().used_heap_size - heap0;
      out[D_FRAMES] = o.frames;
      out[D_RATE] = o.frames / (t / 1000);
      out[D_SLOTS] = published;
      out[D_STATUS] = wrong === 0 ? 1 : 2;
      return Promise.resolve();
    },
  };
}

/** Frames due but not yet applied, at most (a power of two, well below the feed ring's capacity). */
const PENDING = 256;

/**
 * The latency mode: `warmup` then `frames` measured frames at `rate` per second. Status 1 done,
 * 2 a frame decoded differently than the first time, 3 time limit, 4 a full ring.
 */
function runLatency(sink: FeedSink, o: BenchDecodeOptions, out: Float64Array): Promise<void> {
  const decoder = documentedFrames().find((f) => f.venue === o.venue)!.makeByte();
  const bytes = documentedFrames()
    .filter((f) => f.venue === o.venue)
    .map((f) => f.bytes)
    .filter((b) => decoder.decode(b, 0, b.length) === 0 && decoder.slots.count > 0);
  const instOf = new Int32Array(decoder.symbols().length); // every symbol: engine instrument 0
  const clock = new Float64Array(1);
  const interval = 1000 / o.rate!;
  const total = o.warmup + o.frames;
  /** Per pending frame (ring of PENDING): its due time and the published count after its slots. */
  const dueAt = new Float64Array(PENDING);
  const endsAt = new Float64Array(PENDING);
  const h = newHistogram();
  const i32 = sink.i32;
  const base = Atomics.load(i32, HEAD_OFFSET >> 2); // own published head
  const deadline = Date.now() + (o.timeLimitMs ?? 60_000);
  const start = performance.now() + 1;
  let sent = 0;
  let done = 0;
  let published = 0;
  let spins = 0;
  let status = 1;
  while (done < total) {
    const applied = (Atomics.load(i32, TAIL_OFFSET >> 2) - base) | 0; // acquire tail: every slot before it is applied
    if (done < sent && applied >= endsAt[done & (PENDING - 1)]!) {
      const t = performance.now();
      for (; done < sent && applied >= endsAt[done & (PENDING - 1)]!; done++) if (done >= o.warmup) recordMs(h, t - dueAt[done & (PENDING - 1)]!);
    }
    if (sent < total && sent - done < PENDING) {
      const due = start + sent * interval;
      if (performance.now() >= due) {
        const b = bytes[sent % bytes.length]!;
        clock[0] = Math.floor(due);
        if (decoder.decode(b, 0, b.length) !== 0) {
          status = 2;
          break;
        }
        const n = publishDecodedSlots(sink, decoder.slots, instOf, clock);
        if (n !== decoder.slots.count) {
          status = 4;
          break;
        }
        published += n;
        dueAt[sent & (PENDING - 1)] = due;
        endsAt[sent & (PENDING - 1)] = published;
        sent++;
      }
    }
    if ((++spins & 4095) === 0 && Date.now() > deadline) {
      status = 3;
      break;
    }
  }
  out[D_FRAMES] = done - o.warmup;
  out[D_RATE] = o.rate!;
  out[D_SLOTS] = published;
  writeSummary(out, D_SUMMARY, summarize(h));
  out[D_STATUS] = status;
  return Promise.resolve();
}
