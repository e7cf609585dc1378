import type { MessagePort } from 'node:worker_threads';
import type { GcCount } from '../gc-count.js';
import type { LatencySummary } from '../latency-summary.js';

/**
 * The request-reply baselines of the strategy path: what a Node.js user would build instead of
 * riskgate's request and decision rings, carrying the same requests to the same risk core.
 *
 *   strategy worker ──request──► responder worker: RiskEngine.decide() on an event slot
 *   (control CPU)   ◄──reply───  (risk CPU; stands in for a risk thread built with Node's tools)
 *
 * Transports (the same message in each: numbers only):
 * - `postMessage`: one MessageChannel, both ends on their event loop (`'message'` listeners);
 *   the strategy awaits each reply. Between two workers a transferred MessageChannel is the
 *   `postMessage` route (`worker.postMessage` is a MessagePort pair underneath too).
 * - `messageport-poll`: a MessageChannel each way; both ends spin on `receiveMessageOnPort`.
 * - `ringbuf.js`: a ringbuf.js `RingBuffer` (Float64Array) each way; both ends spin.
 *
 * A message is a record of doubles (a plain array on the MessagePort transports, the ring's
 * elements on ringbuf.js):
 *
 *   request (REQUEST_DOUBLES):  [ ID | KIND | ORDER_KEY | INST | SIDE | QTY | PRICE ]
 *   reply   (REPLY_DOUBLES):    [ ID | CODE ]
 *
 * ID is the request's index j (strategy-requests.ts); the reply echoes it, so a lost, duplicated
 * or reordered reply is caught by the strategy.
 */
export type RequestReplyTransport = 'postMessage' | 'messageport-poll' | 'ringbuf.js';

export const REQUEST_REPLY_TRANSPORTS: readonly RequestReplyTransport[] = ['postMessage', 'messageport-poll', 'ringbuf.js'];

/** Request record indices. */
export const Req = { ID: 0, KIND: 1, ORDER_KEY: 2, INST: 3, SIDE: 4, QTY: 5, PRICE: 6 } as const;
export const REQUEST_DOUBLES = 7;
/** Reply record indices. */
export const Rep = { ID: 0, CODE: 1 } as const;
export const REPLY_DOUBLES = 2;
export const RequestKind = { ORDER: 0, CANCEL: 1 } as const;

/** Elements of each ringbuf.js ring (a power of two; far more than the one request in flight). */
export const RINGBUF_CAPACITY = 1024;

/** One end's connections: what it sends on and what it receives from. */
export interface RequestReplyLinks {
  /** postMessage: the same port as `receive`; messageport-poll: the other channel's port. */
  readonly send?: MessagePort;
  readonly receive?: MessagePort;
  /** ringbuf.js: the storage of the ring this end pushes to. */
  readonly sendRing?: SharedArrayBuffer;
  /** ringbuf.js: the storage of the ring this end pops from. */
  readonly receiveRing?: SharedArrayBuffer;
}

/** workerData of request-reply-strategy.ts. */
export interface RequestReplyStrategyJob {
  readonly transport: RequestReplyTransport;
  readonly links: RequestReplyLinks;
  readonly warmup: number;
  readonly count: number;
  /** Requests per second; 0: back to back. */
  readonly rate: number;
  readonly cpu: number | undefined;
  readonly timeLimitMs: number;
  /** A reply not seen this long after its request was sent is missing: the run stops. */
  readonly replyTimeoutMs: number;
}

/** The strategy's result (posted to the main thread). */
export interface RequestReplyStrategyOutcome {
  readonly summary: LatencySummary;
  readonly throughput: number;
  /** Requests whose reply arrived (the run stops at the first missing or mismatched reply). */
  readonly replies: number;
  readonly wrong: number;
  /** Replies that did not come in time (or the run's time limit): inconclusive, never wrong. */
  readonly timedOut: number;
  readonly firstWrong: string | undefined;
}

/** workerData of request-reply-responder.ts. */
export interface RequestReplyResponderJob {
  readonly transport: RequestReplyTransport;
  readonly links: RequestReplyLinks;
  /** Requests to answer before reporting (warm-up included). */
  readonly total: number;
  /** The risk config (bench-risk-config.ts), validated by the responder. */
  readonly config: unknown;
  readonly cpu: number | undefined;
  /** Int32Array[1]: the main thread stores 1 to end a spinning responder early (a failed run). */
  readonly stop: SharedArrayBuffer;
}

/** The responder's result (posted to the main thread). */
export interface RequestReplyResponderOutcome {
  /** Requests answered. */
  readonly answered: number;
  /** Requests whose ID was not the next expected one. */
  readonly outOfOrder: number;
  /** The engine's APPROVED decision counter. */
  readonly approved: number;
  readonly gcExposed: boolean;
  /** This thread's GCs and heap growth from 'go' to the last answer, over every request (warm-up included). */
  readonly gc: GcCount;
}
