import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { BenchInconclusiveError, BenchVerificationError } from '../bench-case.js';
import type { GcCount } from '../gc-count.js';
import type { LatencySummary } from '../latency-summary.js';
import { benchPinning } from '../pinning.js';
import { benchRiskConfig, maxOrdersFor } from './bench-risk-config.js';
import {
  RINGBUF_CAPACITY,
  type RequestReplyLinks, type RequestReplyResponderJob, type RequestReplyResponderOutcome,
  type RequestReplyStrategyJob, type RequestReplyStrategyOutcome, type RequestReplyTransport,
} from './request-reply-message.js';

/**
 * The request-reply baselines of the engine's strategy path, run from the main thread:
 *
 *   strategy worker (request-reply-strategy.ts, CPU `control`)
 *     ──request──► responder worker (request-reply-responder.ts, CPU `risk`): RiskEngine decides
 *     ◄──reply───
 *   main thread: starts both, waits, verifies (CPU unpinned, idle during the run, as on the
 *   engine path where it only waits for the strategy worker)
 *
 * Same requests (strategy-requests.ts), same risk config and warm state (bench-risk-config.ts),
 * same hot risk calls and the same timing as `runStrategyPath` in engine-paths.ts: only the
 * transport differs (request-reply-message.ts lists them).
 *
 * Start-up: both workers answer 'ready' (a READY handshake: pinned, connected, engine warm)
 * before anything is sent; the responder gets 'go' first (it collects garbage and starts its GC
 * count, then answers 'started'), then the strategy. Every worker has 'error' and 'exit'
 * handlers: a worker that dies fails the run, never hangs it.
 */
export interface RequestReplyResult {
  readonly summary: LatencySummary;
  /** Round trips per second (measured requests). */
  readonly throughput: number;
  /** The responder thread's GCs and heap growth over every request it answered. */
  readonly responder: GcCount;
}

export interface RequestReplyOptions {
  /** Risk config for the responder; default `benchRiskConfig(maxOrdersFor(warmup + count))`, the engine path's. */
  readonly config?: unknown;
  /** A reply not seen this long after its request fails the run; default 5000 ms. */
  readonly replyTimeoutMs?: number;
}

const STRATEGY = new URL('./request-reply-strategy.js', import.meta.url);
const RESPONDER = new URL('./request-reply-responder.js', import.meta.url);
/** Module loading, pinning and the engine's construction on a loaded 2-core host. */
const READY_TIMEOUT_MS = 30_000;
/** After the strategy is done: the responder has answered (or sees the stop) within this. */
const REPORT_TIMEOUT_MS = 10_000;

/** A worker's messages, in order, and its failure ('error', or 'exit' before the run ends). */
interface Supervised {
  next(what: string, timeoutMs: number): Promise<unknown>;
}

function supervise(name: string, role: string, worker: Worker): Supervised {
  const queue: unknown[] = [];
  let failure: Error | undefined;
  let waiter: { resolve: (m: unknown) => void; reject: (e: Error) => void } | undefined;
  const fail = (e: Error): void => {
    failure ??= e;
    const w = waiter;
    waiter = undefined;
    w?.reject(failure);
  };
  worker.on('message', (m: unknown) => {
    const w = waiter;
    waiter = undefined;
    if (w !== undefined) w.resolve(m);
    else queue.push(m);
  });
  worker.on('error', (e) => fail(new Error(`${name}: ${role} worker failed: ${e.stack ?? e.message}`)));
  worker.on('exit', (code) => fail(new Error(`${name}: ${role} worker exited (code ${code})`)));
  return {
    next(what: string, timeoutMs: number): Promise<unknown> {
      if (queue.length > 0) return Promise.resolve(queue.shift());
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new BenchInconclusiveError(name, `no ${what} from the ${role} worker within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = {
          resolve: (m) => (clearTimeout(timer), resolve(m)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        };
      });
    },
  };
}

/** Each end's links, and what each end's worker must be transferred. */
function connect(transport: RequestReplyTransport): { strategy: RequestReplyLinks; responder: RequestReplyLinks; strategyTransfer: MessagePort[]; responderTransfer: MessagePort[] } {
  if (transport === 'postMessage') {
    const ch = new MessageChannel();
    return { strategy: { send: ch.port1, receive: ch.port1 }, responder: { send: ch.port2, receive: ch.port2 }, strategyTransfer: [ch.port1], responderTransfer: [ch.port2] };
  }
  if (transport === 'messageport-poll') {
    const requests = new MessageChannel();
    const replies = new MessageChannel();
    return {
      strategy: { send: requests.port1, receive: replies.port2 },
      responder: { receive: requests.port2, send: replies.port1 },
      strategyTransfer: [requests.port1, replies.port2],
      responderTransfer: [requests.port2, replies.port1],
    };
  }
  const requests = RingBuffer.getStorageForCapacity(RINGBUF_CAPACITY, Float64Array);
  const replies = RingBuffer.getStorageForCapacity(RINGBUF_CAPACITY, Float64Array);
  return { strategy: { sendRing: requests, receiveRing: replies }, responder: { receiveRing: requests, sendRing: replies }, strategyTransfer: [], responderTransfer: [] };
}

/**
 * One run: `count` measured round trips after `warmup`, at `rate` requests/s (0: back to back).
 * Throws `BenchVerificationError` when a reply is wrong or missing, when the responder did not
 * answer every request once and in order, or when its engine did not approve them all.
 */
export async function runRequestReply(name: string, transport: RequestReplyTransport, warmup: number, count: number, rate: number, options: RequestReplyOptions = {}): Promise<RequestReplyResult> {
  const fail = (what: string): never => {
    throw new BenchVerificationError(name, what);
  };
  const total = warmup + count;
  const pin = benchPinning().map;
  // A hang is caught per reply (`replyTimeoutMs`); the whole-run limit only bounds a slow
  // baseline. It is wider than the engine path's 30 s: under other load a polling baseline's
  // back-to-back run has measured 700 round trips/s (22k requests: 31 s), a slow answer and a
  // legitimate one, not a wrong one.
  const timeLimitMs = 120_000 + (rate > 0 ? (total / rate) * 1000 : 0);
  const links = connect(transport);
  const stop = new SharedArrayBuffer(4);
  const responderJob: RequestReplyResponderJob = { transport, links: links.responder, total, config: options.config ?? benchRiskConfig(maxOrdersFor(total)), cpu: pin?.risk, stop };
  const strategyJob: RequestReplyStrategyJob = { transport, links: links.strategy, warmup, count, rate, cpu: pin?.control, timeLimitMs, replyTimeoutMs: options.replyTimeoutMs ?? 5000 };
  const responder = new Worker(RESPONDER, { workerData: responderJob, transferList: links.responderTransfer });
  const strategy = new Worker(STRATEGY, { workerData: strategyJob, transferList: links.strategyTransfer });
  const r = supervise(name, 'responder', responder);
  const s = supervise(name, 'strategy', strategy);
  let so: RequestReplyStrategyOutcome;
  let ro: RequestReplyResponderOutcome;
  try {
    await Promise.all([r.next('ready', READY_TIMEOUT_MS), s.next('ready', READY_TIMEOUT_MS)]);
    responder.postMessage('go');
    await r.next('start', REPORT_TIMEOUT_MS);
    strategy.postMessage('go');
    so = (await s.next('outcome', timeLimitMs + REPORT_TIMEOUT_MS)) as RequestReplyStrategyOutcome;
    if (so.replies < total) {
      Atomics.store(new Int32Array(stop), 0, 1); // publish stop: a spinning responder would wait for requests that never come
      responder.postMessage('stop'); // the event-loop responder
    }
    ro = (await r.next('outcome', REPORT_TIMEOUT_MS)) as RequestReplyResponderOutcome;
  } finally {
    await Promise.all([strategy.terminate(), responder.terminate()]);
  }
  if (so.wrong > 0) fail(`${so.wrong} wrong replies; first: ${so.firstWrong}`);
  if (so.timedOut > 0) throw new BenchInconclusiveError(name, `no reply in time: ${so.firstWrong}`);
  if (!ro.gcExposed) fail('global.gc is not available in the responder: run with node --expose-gc');
  if (ro.answered !== total) fail(`the responder answered ${ro.answered} requests, expected ${total}`);
  if (ro.outOfOrder > 0) fail(`the responder saw ${ro.outOfOrder} requests out of order`);
  if (ro.approved !== total) fail(`the responder's engine approved ${ro.approved} requests, expected ${total}`);
  return { summary: so.summary, throughput: so.throughput, responder: ro.gc };
}
