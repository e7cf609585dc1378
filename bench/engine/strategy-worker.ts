/**
 * Strategy worker of the engine's strategy path benchmark (strategy worker -> request ring ->
 * risk thread -> decision ring -> decision visible to the strategy): one `StrategyClient` round
 * trip per request, spin (`decideOrder`/`decideCancel`) or Promise (`orderAsync`/`cancelAsync`).
 *
 * Requests (strategy-requests.ts, shared with the request-reply baselines): order j (even j:
 * approved, sides alternating), then its cancel (approved: a cancel of a live order never adds
 * risk). The expected code of every request is known, so a wrong decision fails the run.
 * Latency mode: request j is due at `start + j / rate` and timed from that due time
 * (coordinated omission: a slow round trip delays the next send, and the delay is counted).
 * Throughput mode: back-to-back round trips.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StrategyChannel } from '../../src/engine/strategy-channel.js';
import { StrategyClient, StrategyStatus } from '../../src/engine/strategy-client.js';
import { pinCurrentThread } from '../../src/native/index.js';
import { newHistogram, recordMs, summarize, type LatencySummary } from '../latency-summary.js';
import { EXPECTED_CODE, STRATEGY_PRICE, describeRequest, isCancel, orderKeyOf, sideOf } from './strategy-requests.js';

export interface StrategyJob {
  readonly channel: StrategyChannel;
  readonly form: 'spin' | 'promise';
  readonly warmup: number;
  readonly count: number;
  readonly rate: number;
  readonly cpu: number | undefined;
  readonly timeLimitMs: number;
}

export interface StrategyOutcome {
  readonly summary: LatencySummary;
  readonly throughput: number;
  /** Decisions that were answered with the wrong code: the run fails. */
  readonly wrong: number;
  readonly firstWrong: string | undefined;
  /** Requests with no decision within the client's wait (or cut by the time limit): inconclusive, never wrong. */
  readonly timedOut: number;
  readonly firstTimedOut: string | undefined;
}

const job = workerData as StrategyJob;
if (job.cpu !== undefined) {
  const r = pinCurrentThread([job.cpu]);
  if (!r.pinned) throw new Error(`strategy worker: cannot pin to CPU ${job.cpu}: ${r.reason}`);
}
const client = new StrategyClient(job.channel);

async function main(): Promise<void> {
  const total = job.warmup + job.count;
  const interval = job.rate > 0 ? 1000 / job.rate : 0;
  const h = newHistogram();
  let wrong = 0;
  let firstWrong: string | undefined;
  let timedOut = 0;
  let firstTimedOut: string | undefined;
  const deadline = Date.now() + job.timeLimitMs;
  const start = performance.now() + 1;
  let measuredFrom = 0;
  let last = 0;
  for (let j = 0; j < total; j++) {
    let sendAt = performance.now();
    if (interval > 0) {
      const due = start + j * interval;
      while (sendAt < due) sendAt = performance.now(); // spin to the intended time
      sendAt = due;
    }
    if (j === job.warmup) measuredFrom = sendAt;
    const key = orderKeyOf(j);
    let code: number;
    if (!isCancel(j)) {
      const side = sideOf(j);
      code = job.form === 'spin' ? client.decideOrder(key, 0, side, 1, STRATEGY_PRICE) : await client.orderAsync(key, 0, side, 1, STRATEGY_PRICE);
    } else {
      code = job.form === 'spin' ? client.decideCancel(key) : await client.cancelAsync(key);
    }
    last = performance.now();
    if (j >= job.warmup) recordMs(h, last - sendAt);
    if (code === StrategyStatus.TIMEOUT || code === StrategyStatus.REQUEST_RING_FULL) {
      // No decision within the wait: the risk thread was not scheduled in time (a busy host).
      timedOut++;
      firstTimedOut ??= `${describeRequest(j)}: ${code === StrategyStatus.TIMEOUT ? 'no decision within the wait' : 'the request ring stayed full'}`;
    } else if (code !== EXPECTED_CODE) {
      wrong++;
      firstWrong ??= `${describeRequest(j)}: code ${code}, expected ${EXPECTED_CODE}`;
    }
    if ((j & 1023) === 0 && Date.now() > deadline) {
      timedOut++;
      firstTimedOut ??= `time limit ${job.timeLimitMs} ms reached after ${j} requests`;
      break;
    }
  }
  const outcome: StrategyOutcome = { summary: summarize(h), throughput: job.count / ((last - measuredFrom) / 1000), wrong, firstWrong, timedOut, firstTimedOut };
  parentPort!.postMessage(outcome);
}

await main();
