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
  /** Largest batch released at once; batch sizes are random below it when `batches` is set. */
  readonly maxBatch: number;
  readonly batches?: Prng;
  readonly timeoutMs: number;
  /** Polled between chunks: a producer failure ends the drain with that error. */
  readonly failure: () => Error | undefined;
}

/**
 * Verifier loop: poll, check each slot in order, release in (random) batches, idle when empty.
 * Runs in chunks of ~20 ms and yields to the event loop between them so worker errors arrive.
 * Resolves with the number of slots received; rejects on the first wrong slot or the timeout.
 */
export async function drain(plan: DrainPlan): Promise<number> {
  const { consumer, idle } = plan;
  const deadline = performance.now() + plan.timeoutMs;
  let seq = 0;
  while (seq < plan.expected) {
    const chunkEnd = performance.now() + 20;
    for (let round = 0; seq < plan.expected; round++) {
      const available = consumer.poll();
      let n = Math.min(available, plan.maxBatch);
      if (plan.batches !== undefined && n > 0) n = Math.min(n, 1 + plan.batches.below(plan.maxBatch));
      for (let i = 0; i < n; i++) {
        const problem = plan.check(consumer.slotOffset(i), seq);
        if (problem !== '') throw new Error(problem);
        seq++;
      }
      consumer.release(n);
      idle.idle(n);
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
