import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { createRing, RingConsumer } from '../../src/ring/index.js';
import { createMinimalRing, MinimalConsumer } from './minimal-sab-ring.js';
import { BenchVerificationError } from '../bench-case.js';
import { countGc, type GcCount } from '../gc-count.js';
import { newHistogram, recordMs, summarize, type LatencySummary } from '../latency-summary.js';
import { pinFor } from '../pinning.js';
import { MESSAGE_F64, payloadSum, TRANSPORTS, type ProducerJob, type TransportName } from './transport.js';

export interface CrossThreadResult {
  readonly transport: TransportName;
  readonly mode: 'latency' | 'throughput';
  /** Nanoseconds from intended send to receipt (latency mode); undefined in throughput mode (untimed messages). */
  readonly summary: LatencySummary | undefined;
  /** Messages per second received (measured ones; in latency mode about `rate`). */
  readonly throughput: number;
  /** GCs and heap growth of the consuming thread (this one) over all messages (warm-up included). */
  readonly consumerGc: GcCount;
}

/** Where the two threads run (pinned runs): producer worker and consumer (this thread). */
export interface TransportPinning {
  readonly producer: number | undefined;
  readonly consumer: number | undefined;
}

const WORKER = new URL('./producer-worker.js', import.meta.url);

/**
 * Runs one transport: starts the producer worker, consumes on this thread until every message
 * arrived (bounded by a deadline), records latencies of the `count` measured messages (after
 * `warmup`) in an HDR histogram (ns), and verifies that every sequence number arrived once, in
 * order, with the payload its producer wrote (throws `BenchVerificationError` otherwise). Every
 * transport carries the same `MESSAGE_F64` doubles per message, each read by the consumer. Latency mode sends at `rate` msg/s, timed
 * from each message's *intended* send time (coordinated omission handled); throughput mode
 * (`rate` 0) sends as fast as possible and reports the rate.
 *
 * The consumer spins (poll loops) except for `postMessage`, which waits in the event loop, and
 * `riskgate-ring-park`, which parks after 1000 empty polls (as the engine's risk thread does).
 */
export async function runCrossThread(transport: TransportName, warmup: number, count: number, rate: number, pin: TransportPinning = { producer: undefined, consumer: undefined }): Promise<CrossThreadResult> {
  const name = `${transport} ${rate > 0 ? 'latency' : 'throughput'}`;
  const histogram = newHistogram();
  const timed = rate > 0;
  const total = warmup + count;
  let ring: SharedArrayBuffer | undefined;
  let channel: MessageChannel | undefined;
  if (transport.startsWith('riskgate-ring')) ring = createRing({ capacity: 4096, slotSize: 64 });
  if (transport === 'ringbuf.js') ring = RingBuffer.getStorageForCapacity(4096 * MESSAGE_F64, Float64Array);
  if (transport === 'minimal-sab') ring = createMinimalRing(4096);
  if (transport === 'messageport-poll') channel = new MessageChannel();
  const startAt = performance.now() + 200;
  const job: ProducerJob = {
    transport, warmup, count, rate, cpu: pin.producer, consumerOrigin: performance.timeOrigin, startAt,
    ...(ring !== undefined ? { ring } : {}),
    ...(channel !== undefined ? { port: channel.port2 } : {}),
  };
  const worker = new Worker(WORKER, { workerData: job, transferList: channel !== undefined ? [channel.port2 as MessagePort] : [] });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  const unpin = pinFor(pin.consumer);
  let expected = 0;
  let ordered = true;
  let firstAt = 0;
  let lastAt = 0;
  const gc = countGc();
  // Latency mode: one clock read and one histogram record per message. Throughput mode: only
  // the sequence check (the producer sends no time), so the figure is the transport's own.
  // `sum`: words 2.. of the message as the consumer read them (payloadSum checks them).
  let payloadOk = true;
  const record = (seq: number, sentAt: number, sum: number): void => {
    if (seq !== expected) ordered = false;
    if (sum !== payloadSum(seq)) payloadOk = false;
    expected++;
    if (expected <= warmup) return;
    if (timed) {
      const t = performance.now();
      if (expected === warmup + 1) firstAt = sentAt;
      recordMs(histogram, t - sentAt);
      lastAt = t;
    } else if (expected === warmup + 1 || expected === total) {
      if (expected === warmup + 1) firstAt = performance.now();
      else lastAt = performance.now();
    }
  };
  // Spinning consumers check the deadline every 4096 polls: Date.now() allocates a HeapNumber.
  let polls = 0;
  const open = (): boolean => expected < total && ((++polls & 4095) !== 0 || Date.now() < deadline);
  const deadline = Date.now() + 60_000 + (rate > 0 ? (total / rate) * 1000 : 0);
  const done = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  gc.start(); // collects now, before message 0 is due (startAt): the pause is not in any latency
  worker.postMessage('go');
  try {
    if (transport === 'postMessage') {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: unknown): void => {
          if (m === 'done') return;
          const msg = m as number[];
          let sum = 0;
          for (let k = 2; k < MESSAGE_F64; k++) sum += msg[k]!;
          record(msg[0]!, msg[1]!, sum);
          if (expected === total) {
            worker.off('message', onMessage);
            resolve();
          }
        };
        worker.on('message', onMessage);
        const timer = setTimeout(() => reject(new BenchVerificationError(name, `timed out after ${expected} messages`)), deadline - Date.now());
        timer.unref();
      });
    } else if (transport === 'messageport-poll') {
      const port = channel!.port1;
      while (open()) {
        const m = receiveMessageOnPort(port);
        if (m !== undefined) {
          const msg = m.message as number[];
          let sum = 0;
          for (let k = 2; k < MESSAGE_F64; k++) sum += msg[k]!;
          record(msg[0]!, msg[1]!, sum);
        }
      }
      port.close();
    } else if (transport === 'ringbuf.js') {
      const rb = new RingBuffer(ring!, Float64Array);
      const msg = new Float64Array(MESSAGE_F64);
      while (open()) {
        if (rb.available_read() >= MESSAGE_F64) {
          rb.pop(msg);
          let sum = 0;
          for (let k = 2; k < MESSAGE_F64; k++) sum += msg[k]!;
          record(msg[0]!, msg[1]!, sum);
        }
      }
    } else if (transport === 'minimal-sab') {
      const c = new MinimalConsumer(ring!);
      while (open()) {
        const at = c.poll();
        if (at < 0) continue;
        let sum = 0;
        for (let k = 2; k < MESSAGE_F64; k++) sum += c.f64[at + k]!;
        record(c.f64[at]!, c.f64[at + 1]!, sum);
        c.release();
      }
    } else {
      const c = new RingConsumer(ring!);
      const park = transport === 'riskgate-ring-park';
      let idle = 0;
      while (open()) {
        const n = c.poll();
        if (n === 0) {
          if (park && ++idle > 1000) {
            c.park(1);
            idle = 0;
          }
          continue;
        }
        idle = 0;
        for (let i = 0; i < n; i++) {
          const at = c.slotOffset(i) >> 3;
          let sum = 0;
          for (let k = 2; k < MESSAGE_F64; k++) sum += c.f64[at + k]!;
          record(c.f64[at]!, c.f64[at + 1]!, sum);
        }
        c.release(n);
      }
    }
  } finally {
    unpin();
  }
  const consumerGc = await gc.stop(total);
  await done;
  await worker.terminate();
  if (expected !== total) throw new BenchVerificationError(name, `received ${expected} of ${total} messages before the deadline`);
  if (!ordered) throw new BenchVerificationError(name, 'sequence numbers out of order or duplicated');
  if (!payloadOk) throw new BenchVerificationError(name, 'a message\'s payload words differ from what its producer wrote');
  return { transport, mode: timed ? 'latency' : 'throughput', summary: timed ? summarize(histogram) : undefined, throughput: count / ((lastAt - firstAt) / 1000), consumerGc };
}

export { TRANSPORTS };
