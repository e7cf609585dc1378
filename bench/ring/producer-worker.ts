import { parentPort, workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { pinCurrentThread } from '../../src/native/index.js';
import { RING_FULL, RingProducer } from '../../src/ring/index.js';
import { MinimalProducer } from './minimal-sab-ring.js';
import { MESSAGE_F64, payloadWord, type ProducerJob } from './transport.js';

/**
 * Producer side of the cross-thread benchmark. Sends `count` messages [seq, intended time,
 * payload words] (`MESSAGE_F64` doubles, transport.ts)
 * at a fixed rate, each timed from its *intended* send time (so a stalled consumer shows up as
 * latency instead of silently slowing the schedule: coordinated omission handled), or as fast
 * as the transport takes them when `rate` is 0. Spins on a full ring (never drops).
 */
const job = workerData as ProducerJob;
if (job.cpu !== undefined) {
  const r = pinCurrentThread([job.cpu]);
  if (!r.pinned) throw new Error(`producer worker: cannot pin to CPU ${job.cpu}: ${r.reason}`);
}
const offset = performance.timeOrigin - job.consumerOrigin;
const now = (): number => performance.now() + offset;
const interval = job.rate > 0 ? 1000 / job.rate : 0;

function waitUntil(t: number): void {
  while (now() < t) {
    // spin: sleeping would add the timer's own jitter to every message
  }
}

function run(): void {
  const { startAt } = job;
  const count = job.warmup + job.count;
  switch (job.transport) {
    case 'riskgate-ring-spin':
    case 'riskgate-ring-park': {
      const p = new RingProducer(job.ring!);
      for (let i = 0; i < count; i++) {
        const due = startAt + i * interval;
        if (interval > 0) waitUntil(due);
        let off = p.tryClaim();
        while (off === RING_FULL) off = p.tryClaim();
        const at = off >> 3;
        p.f64[at] = i;
        p.f64[at + 1] = interval > 0 ? due : 0;
        for (let k = 2; k < MESSAGE_F64; k++) p.f64[at + k] = payloadWord(i, k);
        p.publish();
      }
      break;
    }
    case 'ringbuf.js': {
      const rb = new RingBuffer(job.ring!, Float64Array);
      const msg = new Float64Array(MESSAGE_F64);
      for (let i = 0; i < count; i++) {
        const due = startAt + i * interval;
        if (interval > 0) waitUntil(due);
        msg[0] = i;
        msg[1] = interval > 0 ? due : 0;
        for (let k = 2; k < MESSAGE_F64; k++) msg[k] = payloadWord(i, k);
        while (rb.available_write() < MESSAGE_F64) {
          // full: spin
        }
        rb.push(msg);
      }
      break;
    }
    case 'minimal-sab': {
      const p = new MinimalProducer(job.ring!);
      for (let i = 0; i < count; i++) {
        const due = startAt + i * interval;
        if (interval > 0) waitUntil(due);
        let at = p.claim();
        while (at < 0) at = p.claim(); // full: spin
        p.f64[at] = i;
        p.f64[at + 1] = interval > 0 ? due : 0;
        for (let k = 2; k < MESSAGE_F64; k++) p.f64[at + k] = payloadWord(i, k);
        p.publish();
      }
      break;
    }
    case 'postMessage':
    case 'messageport-poll': {
      const port = job.transport === 'postMessage' ? parentPort! : job.port!;
      for (let i = 0; i < count; i++) {
        const due = startAt + i * interval;
        if (interval > 0) waitUntil(due);
        const msg = [i, interval > 0 ? due : 0];
        for (let k = 2; k < MESSAGE_F64; k++) msg.push(payloadWord(i, k));
        port.postMessage(msg);
      }
      break;
    }
  }
}

parentPort!.once('message', () => {
  run();
  parentPort!.postMessage('done');
});
parentPort!.postMessage('ready');
