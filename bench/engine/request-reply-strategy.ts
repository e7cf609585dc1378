/**
 * Strategy worker of the request-reply baselines (request-reply-message.ts): the same requests
 * as the engine path's strategy worker (strategy-requests.ts), each sent to the responder worker
 * and its reply awaited (postMessage: on the event loop, a Promise per request, like the engine's
 * `orderAsync`) or spun for (messageport-poll, ringbuf.js: like the engine's `decideOrder`).
 *
 * Timing is strategy-worker.ts's: latency mode sends request j at `start + j / rate` (spinning to
 * that time) and times it from that intended time, so a slow round trip delays the next request
 * and the delay is counted (coordinated omission handled); throughput mode runs back to back.
 *
 * Verification: every reply must echo its request's ID and carry `EXPECTED_CODE`. A reply that
 * does not come within `replyTimeoutMs`, or is for another request, stops the run (what follows
 * would be misattributed); a wrong code is counted and the run goes on. The main thread turns
 * any of them into a `BenchVerificationError`.
 *
 * Protocol with the main thread: 'ready' once connected; on 'go' it runs and posts its
 * `RequestReplyStrategyOutcome`.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { pinCurrentThread } from '../../src/native/index.js';
import { newHistogram, recordMs, summarize } from '../latency-summary.js';
import { Rep, REPLY_DOUBLES, Req, REQUEST_DOUBLES, RequestKind, type RequestReplyStrategyJob, type RequestReplyStrategyOutcome } from './request-reply-message.js';
import { EXPECTED_CODE, STRATEGY_PRICE, describeRequest, isCancel, orderKeyOf, sideOf } from './strategy-requests.js';

const job = workerData as RequestReplyStrategyJob;
if (job.cpu !== undefined) {
  const r = pinCurrentThread([job.cpu]);
  if (!r.pinned) throw new Error(`request-reply strategy: cannot pin to CPU ${job.cpu}: ${r.reason}`);
}
const parent = parentPort!;
const req = new Float64Array(REQUEST_DOUBLES);
const rep = new Float64Array(REPLY_DOUBLES);
let stray = 0;

const requestArray = (): number[] => [req[0]!, req[1]!, req[2]!, req[3]!, req[4]!, req[5]!, req[6]!];

let waitingSince = 0;
/**
 * Spin-wait bound, called with the spin count (1, 2, ...) of the current wait: true once a reply
 * has been awaited for `replyTimeoutMs`. Reads the clock only every 1024 spins (a fast reply
 * never reads it) and allocates nothing per call (no closure per wait).
 */
function late(spins: number): boolean {
  if ((spins & 1023) !== 0) return false;
  const t = performance.now();
  if (spins === 1024) waitingSince = t;
  return t - waitingSince > job.replyTimeoutMs;
}

/** Spinning transports: one round trip of `req`; fills `rep`; false when no reply came in time. */
function spinExchange(): () => boolean {
  if (job.transport === 'ringbuf.js') {
    const requests = new RingBuffer(job.links.sendRing!, Float64Array);
    const replies = new RingBuffer(job.links.receiveRing!, Float64Array);
    return () => {
      while (requests.available_write() < REQUEST_DOUBLES) {
        // never: one request is in flight at a time
      }
      requests.push(req, REQUEST_DOUBLES);
      let spins = 0;
      while (replies.available_read() < REPLY_DOUBLES) if (late(++spins)) return false;
      replies.pop(rep, REPLY_DOUBLES);
      return true;
    };
  }
  const send = job.links.send!;
  const receive = job.links.receive!;
  return () => {
    send.postMessage(requestArray());
    let spins = 0;
    let m = receiveMessageOnPort(receive);
    while (m === undefined) {
      if (late(++spins)) return false;
      m = receiveMessageOnPort(receive);
    }
    const r = m.message as number[];
    rep[Rep.ID] = r[0]!;
    rep[Rep.CODE] = r[1]!;
    return true;
  };
}

/**
 * postMessage: one round trip as a Promise (true: `rep` filled; false: no reply in time). A
 * watchdog timer, not a timer per request, bounds the wait: a per-request timer would add its
 * own cost to every round trip of the baseline.
 */
function eventExchange(): { exchange: () => Promise<boolean>; close: () => void } {
  const port = job.links.send!;
  let pending: ((ok: boolean) => void) | undefined;
  let pendingSince = 0;
  port.on('message', (m: number[]) => {
    rep[Rep.ID] = m[0]!;
    rep[Rep.CODE] = m[1]!;
    const p = pending;
    pending = undefined;
    if (p === undefined) stray++;
    else p(true);
  });
  const watchdog = setInterval(() => {
    if (pending !== undefined && performance.now() - pendingSince > job.replyTimeoutMs) {
      const p = pending;
      pending = undefined;
      p(false);
    }
  }, Math.min(200, job.replyTimeoutMs));
  return {
    exchange: () =>
      new Promise<boolean>((resolve) => {
        pending = resolve;
        pendingSince = performance.now();
        port.postMessage(requestArray());
      }),
    close: () => {
      clearInterval(watchdog);
      port.close();
    },
  };
}

async function main(): Promise<RequestReplyStrategyOutcome> {
  const spin = job.transport !== 'postMessage';
  const exchange = spin ? spinExchange() : undefined;
  const events = spin ? undefined : eventExchange();
  const total = job.warmup + job.count;
  const interval = job.rate > 0 ? 1000 / job.rate : 0;
  const h = newHistogram();
  let wrong = 0;
  let firstWrong: string | undefined;
  let replies = 0;
  let timedOut = 0;
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
    req[Req.ID] = j;
    req[Req.KIND] = isCancel(j) ? RequestKind.CANCEL : RequestKind.ORDER;
    req[Req.ORDER_KEY] = orderKeyOf(j);
    req[Req.INST] = 0;
    req[Req.SIDE] = sideOf(j);
    req[Req.QTY] = 1;
    req[Req.PRICE] = STRATEGY_PRICE;
    const ok = exchange !== undefined ? exchange() : await events!.exchange();
    last = performance.now();
    if (!ok) {
      timedOut++;
      firstWrong ??= `${describeRequest(j)}: no reply within ${job.replyTimeoutMs} ms`;
      break;
    }
    replies++;
    if (j >= job.warmup) recordMs(h, last - sendAt);
    if (rep[Rep.ID] !== j) {
      wrong++;
      firstWrong ??= `${describeRequest(j)}: the reply is for request ${rep[Rep.ID]}`;
      break;
    }
    if (rep[Rep.CODE] !== EXPECTED_CODE) {
      wrong++;
      firstWrong ??= `${describeRequest(j)}: code ${rep[Rep.CODE]}, expected ${EXPECTED_CODE}`;
    }
    if ((j & 1023) === 0 && Date.now() > deadline) {
      timedOut++;
      firstWrong ??= `time limit ${job.timeLimitMs} ms reached after ${j} requests`;
      break;
    }
  }
  events?.close();
  if (stray > 0) {
    wrong++;
    firstWrong ??= `${stray} replies arrived with no request outstanding`;
  }
  return { summary: summarize(h), throughput: job.count / ((last - measuredFrom) / 1000), replies, wrong, timedOut, firstWrong };
}

parent.once('message', async () => {
  parent.postMessage(await main());
});
parent.postMessage('ready');
