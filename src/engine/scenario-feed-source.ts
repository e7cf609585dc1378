import { RING_FULL } from '../ring/index.js';
import type { FeedSink } from './feed-sink.js';
import type { FeedSource } from './feed-source.js';

/** Options of the replay source: pre-encoded 64-byte slots (16 int32 words each). */
export interface ScenarioFeedOptions {
  /** Slot images in publish order: `slots.length / 16` slots. */
  readonly slots: Int32Array;
  /**
   * On a full ring: 'wait' retries (a replay can: it owns no socket; the default), 'drop'
   * records a drop and moves on (what a live venue handler does).
   */
  readonly onFull?: 'wait' | 'drop';
  /** Slots per publish (default 32). */
  readonly batch?: number;
  /** Sleep this long (ms) after every batch (tests: a slow producer). Default 0. */
  readonly pauseMs?: number;
  /** Give up a full-ring wait after this long (ms). Default 10000. */
  readonly waitLimitMs?: number;
  /**
   * After the last slot, keep `run()` in progress until stopped (a source of snapshots that
   * stays up with nothing more to say). Default false: `run()` resolves, and a feed whose source
   * ended is held down in 'system' clock mode (its instruments are feed down: known loss).
   */
  readonly stayOpen?: boolean;
}

/**
 * Replays pre-encoded slots (a scenario's market events, compiled on the embedding thread:
 * strings already integers) into the feed ring. Yields to the worker's event loop between
 * batches so a `stop` command is seen.
 */
export function createFeedSource(sink: FeedSink, options: unknown): FeedSource {
  const o = options as ScenarioFeedOptions;
  const slots = o.slots;
  const count = slots.length >> 4;
  const onFull = o.onFull ?? 'wait';
  const batch = o.batch ?? 32;
  const pauseMs = o.pauseMs ?? 0;
  const waitLimitMs = o.waitLimitMs ?? 10_000;
  let stopped = false;
  return {
    stop(): void {
      stopped = true;
    },
    async run(): Promise<void> {
      let next = 0;
      while (next < count && !stopped) {
        const end = Math.min(count, next + batch);
        const deadline = Date.now() + waitLimitMs;
        while (next < end) {
          const off = sink.tryClaim();
          if (off === RING_FULL) {
            if (onFull === 'drop') {
              sink.recordDrop();
              next++;
              continue;
            }
            sink.publish();
            if (Date.now() > deadline) throw new Error(`scenario feed: ring still full after ${waitLimitMs} ms`);
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          const a = next << 4;
          const b = off >> 2;
          for (let k = 0; k < 16; k++) sink.i32[b + k] = slots[a + k]!;
          next++;
        }
        sink.publish();
        await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
      }
      while (o.stayOpen === true && !stopped) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
