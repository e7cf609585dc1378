import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { IdleStrategy, RingConsumer } from '../../../src/ring/index.js';
import type { Prng } from './prng.js';

/** How a test drains a ring on the main thread. */
export interface DrainPlan {
  readonly consumer: RingConsumer;
  readonly idle: IdleStrategy;
  /** Slots to receive before returning. */
  readonly expected: number;
  /** Checks the slot with sequence number `seq` at byte offset `off`: '' when it is right. */
  readonly check: (off: number, seq: number) => string;
  /**
   * Slots read and released per batch: exactly `batch`, or, when `batches` is set, a random
   * size from 1 to `batch` drawn per batch (fewer only for the last one). The drain waits until
   * that many are published, so batch sizes depend on the seed, not on thread scheduling.
   * Must not exceed the ring's capacity.
   */
  readonly batch: number;
  readonly batches?: Prng;
  readonly timeoutMs: number;
  /** Polled between chunks: a producer failure ends the drain with that error. */
  readonly failure: () => Error | undefined;
}

/**
 * Verifier loop: poll until a batch is published, check its slots in order, release it with one
 * `release`, idle while short.
 * Runs in chunks of ~20 ms and yields to the event loop between them so worker errors arrive.
 * Resolves with the number of slots received; rejects on the first wrong slot or the timeout.
 */
export async function drain(plan: DrainPlan): Promise<number> {
  const { consumer, idle } = plan;
  const deadline = performance.now() + plan.timeoutMs;
  let seq = 0;
  let want = 0;
  while (seq < plan.expected) {
    const chunkEnd = performance.now() + 20;
    for (let round = 0; seq < plan.expected; round++) {
      if (want === 0) {
        want = plan.batches === undefined ? plan.batch : 1 + plan.batches.below(plan.batch);
        want = Math.min(want, plan.expected - seq);
      }
      if (consumer.poll() < want) {
        idle.idle(0);
      } else {
        for (let i = 0; i < want; i++) {
          const problem = plan.check(consumer.slotOffset(i), seq);
          if (problem !== '') throw new Error(problem);
          seq++;
        }
        consumer.release(want);
        idle.idle(want);
        want = 0;
      }
      if ((round & 63) === 63 && performance.now() > chunkEnd) break;
    }
    const failure = plan.failure();
    if (failure !== undefined) throw failure;
    if (performance.now() > deadline) throw new Error(`drain timed out after ${plan.timeoutMs} ms at seq ${seq} of ${plan.expected}`);
    await yieldToEventLoop();
  }
  return seq;
}

/** After the last slot: waits (bounded) until the producer's close is visible and the ring is empty. */
export async function awaitClosed(consumer: RingConsumer, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(consumer.isClosed() && consumer.poll() === 0)) {
    if (performance.now() > deadline) throw new Error(`ring not closed within ${timeoutMs} ms`);
    await yieldToEventLoop();
  }
}
