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
 * feed worker does. Results go into `options.result` (layout `R_*`).
 */
import { getHeapStatistics } from 'node:v8';
import type { FeedSink } from '../../src/engine/feed-sink.js';
import type { FeedSource } from '../../src/engine/feed-source.js';
import { GcCounter } from '../../src/engine/gc-counter.js';
import { HEAD_OFFSET, TAIL_OFFSET } from '../../src/ring/spsc-ring-layout.js';
import { publishDecodedSlots } from '../../src/venue-bridge/publish-decoded-slots.js';
import { documentedFrames } from '../venues/documented-frames.js';

export interface BenchDecodeOptions {
  /** Float64Array storage: `DECODE_RESULT_BYTES`. */
  readonly result: SharedArrayBuffer;
  readonly venue: string;
  readonly warmup: number;
  readonly frames: number;
}

export const DECODE_RESULT_BYTES = 8 * 8;
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
