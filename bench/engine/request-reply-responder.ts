/**
 * Responder worker of the request-reply baselines (request-reply-message.ts): the risk thread a
 * user would build with Node's own tools. It owns one `RiskEngine` with the engine path's config
 * and warm state (one snapshot at position 0, seq 0, and a mark, at engine time 0; engine time
 * never moves, as on the engine path where requests carry no time), and answers each request
 * with the core's entry point (`decide`, on an event slot the request is written into:
 * src/codec/event-slot-layout.ts), exactly as the engine's risk loop does with a ring slot. Only the
 * transport differs from the engine's strategy path.
 *
 * Protocol with the main thread: 'ready' once built (pinned, engine warm and healthy); on 'go'
 * it collects garbage, starts counting its GCs, answers 'started' and serves `total` requests;
 * then it posts its `RequestReplyResponderOutcome`. A failed run ends it early: the stop flag
 * (spinning transports) or a 'stop' message (event-loop transport).
 *
 * Allocation: decide() allocates nothing; the ringbuf.js loop allocates nothing per request;
 * the MessagePort transports allocate the received message (structured clone), the reply array
 * and, polling, `receiveMessageOnPort`'s result object. Those are the baseline's own costs and
 * show in its GC count.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { pinCurrentThread } from '../../src/native/index.js';
import { ManualClock } from '../../src/risk/clock.js';
import { Counter } from '../../src/risk/codes.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { ARG_WORD, EVENT_SLOT_BYTES, INST_WORD, SlotType, TAG_WORD, V0_DWORD, V2_DWORD, V3_DWORD, V4_DWORD } from '../../src/codec/index.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { countGc } from '../gc-count.js';
import { MARK } from './bench-feed-source.js';
import { Rep, REPLY_DOUBLES, Req, REQUEST_DOUBLES, RequestKind, type RequestReplyResponderJob, type RequestReplyResponderOutcome } from './request-reply-message.js';

const job = workerData as RequestReplyResponderJob;
if (job.cpu !== undefined) {
  const r = pinCurrentThread([job.cpu]);
  if (!r.pinned) throw new Error(`request-reply responder: cannot pin to CPU ${job.cpu}: ${r.reason}`);
}
const parent = parentPort!;
const stop = new Int32Array(job.stop);

const engine = new RiskEngine(validateConfig(job.config), new ManualClock(0));
engine.readClock();
engine.applySnapshot(0, 0, 0);
engine.applyMark(0, MARK);
const health = engine.healthCode(0);
if (health !== DenyReason.APPROVED) throw new Error(`request-reply responder: instrument not healthy after the warm state (code ${health})`);

/** The event slot each request is written into and handed to the engine (its `decide`). */
const slot = new ArrayBuffer(EVENT_SLOT_BYTES);
const si32 = new Int32Array(slot);
const sf64 = new Float64Array(slot);
/** The request being decided (filled from the transport's message). */
const req = new Float64Array(REQUEST_DOUBLES);
const rep = new Float64Array(REPLY_DOUBLES);
let answered = 0;
let outOfOrder = 0;

/** @hot Decides `req` through the core's entry point on a slot, as the engine's risk loop does; fills `rep`. Allocation-free. */
function decide(): void {
  if (req[Req.ID] !== answered) outOfOrder++;
  answered++;
  sf64[V0_DWORD] = req[Req.ORDER_KEY]!;
  rep[Rep.ID] = req[Req.ID]!;
  if (req[Req.KIND] === RequestKind.CANCEL) {
    si32[TAG_WORD] = SlotType.CANCEL;
    rep[Rep.CODE] = engine.decide(si32, sf64, 0);
    return;
  }
  si32[TAG_WORD] = SlotType.ORDER;
  si32[INST_WORD] = req[Req.INST]!;
  si32[ARG_WORD] = req[Req.SIDE]!;
  sf64[V2_DWORD] = req[Req.QTY]!;
  sf64[V3_DWORD] = req[Req.PRICE]!;
  sf64[V4_DWORD] = 0;
  rep[Rep.CODE] = engine.decide(si32, sf64, 0);
}

/** Copies a MessagePort request (an array of numbers) into `req`. */
function load(m: readonly number[]): void {
  for (let k = 0; k < REQUEST_DOUBLES; k++) req[k] = m[k]!;
}

/** Spinning loops look at the stop flag every 1024 empty polls (an Atomics.load: no allocation, unlike Date.now()). */
const stopped = (polls: number): boolean => (polls & 1023) === 0 && Atomics.load(stop, 0) !== 0; // acquire stop

function serveRingbuf(): void {
  const requests = new RingBuffer(job.links.receiveRing!, Float64Array);
  const replies = new RingBuffer(job.links.sendRing!, Float64Array);
  let polls = 0;
  while (answered < job.total) {
    if (requests.available_read() < REQUEST_DOUBLES) {
      if (stopped(++polls)) return;
      continue;
    }
    requests.pop(req, REQUEST_DOUBLES);
    decide();
    while (replies.available_write() < REPLY_DOUBLES) {
      // never: one request is in flight at a time, the ring holds hundreds of replies
    }
    replies.push(rep, REPLY_DOUBLES);
  }
}

function servePoll(): void {
  const requests = job.links.receive!;
  const replies = job.links.send!;
  let polls = 0;
  while (answered < job.total) {
    const m = receiveMessageOnPort(requests);
    if (m === undefined) {
      if (stopped(++polls)) return;
      continue;
    }
    load(m.message as number[]);
    decide();
    replies.postMessage([rep[Rep.ID]!, rep[Rep.CODE]!]);
  }
}

/** Event loop: resolves once `total` requests are answered or the main thread says 'stop'. */
function serveEvents(): Promise<void> {
  const port = job.links.send!;
  return new Promise<void>((resolve) => {
    const finish = (): void => {
      port.off('message', onRequest);
      parent.off('message', onStop);
      resolve();
    };
    const onRequest = (m: number[]): void => {
      load(m);
      decide();
      port.postMessage([rep[Rep.ID]!, rep[Rep.CODE]!]);
      if (answered === job.total) finish();
    };
    const onStop = (m: unknown): void => {
      if (m === 'stop') finish();
    };
    port.on('message', onRequest);
    parent.on('message', onStop);
  });
}

const gc = countGc();
parent.once('message', async () => {
  gc.start(); // collects now, before the strategy sends request 0
  parent.postMessage('started');
  if (job.transport === 'ringbuf.js') serveRingbuf();
  else if (job.transport === 'messageport-poll') servePoll();
  else await serveEvents();
  const outcome: RequestReplyResponderOutcome = {
    answered,
    outOfOrder,
    approved: engine.counters[Counter.DECISIONS + DenyReason.APPROVED]!,
    gcExposed: typeof globalThis.gc === 'function',
    gc: await gc.stop(answered),
  };
  parent.postMessage(outcome);
});
parent.postMessage('ready');
