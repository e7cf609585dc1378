/**
 * Feed source of the engine's feed path benchmark (feed worker -> ring -> risk state applied).
 * Loaded by the engine's feed worker (`createFeedSource(sink, options)`, compiled JS).
 *
 * It is both the producer and the observer: the risk thread `release()`s a batch of slots
 * (stores the ring's `tail`) only after it has applied every one of them to the risk core, so
 * the tail this worker loads is the point where the event's effect is in the risk state. The
 * worker spins anyway (to send at the intended times), so observing costs no extra thread: on
 * 2 cores, two spinning threads (this one and the risk thread) is already all the machine has.
 *
 * Coordinated omission: in latency mode event j is due at `start + j / rate`; it is published
 * at that time (or as soon as the ring has room) and its latency is measured from the due time,
 * not from when it was actually published. Throughput mode publishes as fast as the ring takes
 * events and measures from the actual publish.
 *
 * Events (instrument 0, in a cycle of 4): mark, heartbeat, fill (foreign, sequenced, sides
 * alternating), snapshot confirming that fill. The slot's `at` carries the send time (whole ms,
 * this worker's clock): with the engine's 'slots' clock it is the engine time. The main thread
 * verifies the engine's counters and position after the run (`expectedFeedCounters`).
 *
 * Results go into `options.result` (a SharedArrayBuffer, layout `FeedResult*`): the worker has
 * no channel of its own to the bench.
 */
import { ARRIVAL_ORDER, encodeFill, encodeHeartbeat, encodeMark, encodeSnapshot } from '../../src/codec/index.js';
import type { FeedSink } from '../../src/engine/feed-sink.js';
import type { FeedSource } from '../../src/engine/feed-source.js';
import { RING_FULL } from '../../src/ring/index.js';
import { HEAD_OFFSET, TAIL_OFFSET } from '../../src/ring/spsc-ring-layout.js';
import { newHistogram, recordMs, summarize, writeSummary } from '../latency-summary.js';
import { publishDecodedSlots } from '../../src/venue-bridge/publish-decoded-slots.js';
import { BybitByteDecoder } from '../../src/venues/bybit/bybit-byte-decoder.js';
import { Outcome } from '../../src/venues/scan/byte-decoder.js';
import { FRAME_SYMBOLS, FrameCycle } from './bench-frame-source.js';

export interface BenchFeedOptions {
  /** Float64Array storage: `FEED_RESULT_BYTES`. */
  readonly result: SharedArrayBuffer;
  /** Events sent before measuring (same rate), a multiple of 4. */
  readonly warmup: number;
  /** Events measured, a multiple of 4. */
  readonly count: number;
  /** Events per second; 0: as fast as the ring takes them. */
  readonly rate: number;
  /** Give up (status ERROR_TIMEOUT) after this long. */
  readonly timeLimitMs: number;
  /**
   * 'slots' (default): events encoded straight into the ring (the cycle below). 'frames': each
   * event is a Bybit frame's bytes, decoded in this worker by the byte decoder and published as
   * the live feed publishes it (bench-frame-source.ts): latency from the frame's due time.
   */
  readonly input?: 'slots' | 'frames';
}

export const FeedStatus = { RUNNING: 0, OK: 1, TIMEOUT: 2, OUT_OF_ORDER: 3, NOT_DECODED: 4 } as const;
/** f64 indices of the result block. */
export const R_STATUS = 0;
export const R_APPLIED = 1;
export const R_THROUGHPUT = 2;
export const R_SUMMARY = 4;
export const FEED_RESULT_BYTES = 8 * 64;

export const MARK = 30_000.5;
/** Frames mode: most events published and not yet applied (well below any feed ring's capacity). */
const FRAME_BACKLOG = 256;
const EXEC_BASE = 2 ** 52;

/** Counter values the engine must show after `total` events of the cycle (from a fresh engine). */
export function expectedFeedCounters(total: number): { marks: number; heartbeats: number; fills: number; snapshots: number; position: number } {
  const cycles = total / 4;
  return { marks: cycles, heartbeats: cycles, fills: cycles, snapshots: cycles, position: (cycles - 1) % 2 === 0 ? 1 : 0 };
}

/** @hot Writes event `j` of the cycle at `off`. */
function encodeEvent(sink: FeedSink, off: number, j: number, at: number): void {
  const i32 = sink.i32;
  const f64 = sink.f64;
  const fillNo = j >> 2;
  switch (j & 3) {
    case 0:
      encodeMark(i32, f64, off, ARRIVAL_ORDER, at, 0, MARK + ((fillNo & 15) - 8) * 0.5);
      break;
    case 1:
      encodeHeartbeat(i32, f64, off, ARRIVAL_ORDER, at, 0);
      break;
    case 2:
      encodeFill(i32, f64, off, ARRIVAL_ORDER, at, 0, -1, EXEC_BASE + fillNo, (fillNo & 1) === 0 ? 1 : -1, 1, MARK, fillNo + 1);
      break;
    default:
      encodeSnapshot(i32, f64, off, ARRIVAL_ORDER, at, 0, (fillNo & 1) === 0 ? 1 : 0, fillNo + 1);
  }
}

export function createFeedSource(sink: FeedSink, options: unknown): FeedSource {
  const o = options as BenchFeedOptions;
  const out = new Float64Array(o.result);
  let stopped = false;
  return {
    stop(): void {
      stopped = true;
    },
    run(): Promise<void> {
      const total = o.warmup + o.count;
      const frames = o.input === 'frames' ? new FrameCycle() : undefined;
      const decoder = frames !== undefined ? new BybitByteDecoder(FRAME_SYMBOLS) : undefined;
      const instOf = new Int32Array([0]);
      const clock = new Float64Array(1);
      const interval = o.rate > 0 ? 1000 / o.rate : 0;
      const sentAt = new Float64Array(total);
      const h = newHistogram();
      const i32 = sink.i32;
      const base = Atomics.load(i32, HEAD_OFFSET >> 2); // own published head: our first slot's index
      const deadline = Date.now() + o.timeLimitMs;
      const start = performance.now() + 1;
      let sent = 0;
      let done = 0;
      let firstMeasuredSend = 0;
      let lastApplied = 0;
      let spins = 0;
      let status: number = FeedStatus.OK;
      while (done < total) {
        const applied = (Atomics.load(i32, TAIL_OFFSET >> 2) - base) | 0; // acquire tail: every slot before it is applied
        if (applied > sent) {
          status = FeedStatus.OUT_OF_ORDER;
          break;
        }
        if (applied > done) {
          const t = performance.now();
          for (; done < applied; done++) if (done >= o.warmup) recordMs(h, t - sentAt[done]!);
          lastApplied = t;
        }
        if (sent < total) {
          const due = start + sent * interval;
          const now = performance.now();
          if (interval === 0 || now >= due) {
            const at = interval === 0 ? now : due;
            if (frames !== undefined && sent - done >= FRAME_BACKLOG) {
              // the risk thread is behind (preempted): wait for room, as the slot path waits on
              // a full ring (latency still counts from the due time)
            } else if (frames !== undefined) {
              // The live feed's path: bytes -> byte decoder -> slots -> ring (arrival time in whole ms).
              clock[0] = Math.floor(at);
              const bytes = frames.frame(sent);
              if (decoder!.decode(bytes, 0, bytes.length) !== Outcome.DECODED || publishDecodedSlots(sink, decoder!.slots, instOf, clock) !== 1) {
                status = FeedStatus.NOT_DECODED; // a frame that did not decode to one event, or a full ring
                break;
              }
              sentAt[sent] = at;
              if (sent === o.warmup) firstMeasuredSend = at;
              sent++;
            } else {
              const off = sink.tryClaim();
              if (off !== RING_FULL) {
                // Engine time in whole ms: a fractional `at` is boxed by the risk loop's setTime
                // call (measured: ~20 B per slot, 3 scavenges per 400k slots on the risk thread).
                encodeEvent(sink, off, sent, Math.floor(at));
                sink.publish();
                sentAt[sent] = at;
                if (sent === o.warmup) firstMeasuredSend = at;
                sent++;
              }
            }
          }
        }
        if ((++spins & 4095) === 0 && (Date.now() > deadline || stopped)) {
          status = FeedStatus.TIMEOUT;
          break;
        }
      }
      out[R_APPLIED] = done;
      out[R_THROUGHPUT] = o.count / ((lastApplied - firstMeasuredSend) / 1000);
      writeSummary(out, R_SUMMARY, summarize(h));
      out[R_STATUS] = status; // read by the bench after the worker's 'done' message (ordered by the message)
      return Promise.resolve();
    },
  };
}
