import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import hdr from 'hdr-histogram-js';
import { RingBuffer } from 'ringbuf.js';
import { createRing, RingConsumer } from '../../src/ring/index.js';
import { TRANSPORTS, type ProducerJob, type TransportName } from './transport.js';

export interface CrossThreadResult {
  readonly transport: TransportName;
  readonly mode: 'latency' | 'throughput';
  readonly count: number;
  readonly rate: number;
  /** Nanoseconds from intended send to receipt (latency mode), or per message (throughput mode). */
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly p9999: number;
  readonly max: number;
  /** Messages per second actually received. */
  readonly throughput: number;
  /** Every sequence number arrived once, in order. */
  readonly verified: boolean;
}

const WORKER = new URL('./producer-worker.js', import.meta.url);

/**
 * Runs one transport: starts the producer worker, consumes on this thread until `count`
 * messages arrived (bounded by a deadline), records latencies in an HDR histogram (ns), and
 * verifies the sequence afterwards. Latency mode sends at `rate` msg/s; throughput mode
 * (`rate` 0) sends as fast as possible and reports the rate.
 */
export async function runCrossThread(transport: TransportName, count: number, rate: number): Promise<CrossThreadResult> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60e9, numberOfSignificantValueDigits: 3, autoResize: false });
  let ring: SharedArrayBuffer | undefined;
  let channel: MessageChannel | undefined;
  if (transport.startsWith('riskgate-ring')) ring = createRing({ capacity: 4096, slotSize: 64 });
  if (transport === 'ringbuf.js') ring = RingBuffer.getStorageForCapacity(4096 * 2, Float64Array);
  if (transport === 'messageport-poll') channel = new MessageChannel();
  const startAt = performance.now() + 200;
  const job: ProducerJob = {
    transport, count, rate, consumerOrigin: performance.timeOrigin, startAt,
    ...(ring !== undefined ? { ring } : {}),
    ...(channel !== undefined ? { port: channel.port2 } : {}),
  };
  const worker = new Worker(WORKER, { workerData: job, transferList: channel !== undefined ? [channel.port2 as MessagePort] : [] });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  let expected = 0;
  let ordered = true;
  let firstAt = 0;
  const record = (seq: number, sentAt: number): void => {
    const t = performance.now();
    if (expected === 0) firstAt = t;
    if (seq !== expected) ordered = false;
    expected++;
    histogram.recordValue(Math.max(1, Math.round((t - sentAt) * 1e6)));
  };
  const deadline = Date.now() + 60_000 + (rate > 0 ? (count / rate) * 1000 : 0);
  const done = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  worker.postMessage('go');

  if (transport === 'postMessage') {
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if (m === 'done') return;
        const [seq, sent] = m as [number, number];
        record(seq, sent);
        if (expected === count) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      const timer = setTimeout(() => reject(new Error(`postMessage: timed out after ${expected} messages`)), deadline - Date.now());
      timer.unref();
    });
  } else if (transport === 'messageport-poll') {
    const port = channel!.port1;
    while (expected < count && Date.now() < deadline) {
      const m = receiveMessageOnPort(port);
      if (m !== undefined) {
        const [seq, sent] = m.message as [number, number];
        record(seq, sent);
      }
    }
    port.close();
  } else if (transport === 'ringbuf.js') {
    const rb = new RingBuffer(ring!, Float64Array);
    const msg = new Float64Array(2);
    while (expected < count && Date.now() < deadline) {
      if (rb.available_read() >= 2) {
        rb.pop(msg);
        record(msg[0]!, msg[1]!);
      }
    }
  } else {
    const c = new RingConsumer(ring!);
    const park = transport === 'riskgate-ring-park';
    let idle = 0;
    while (expected < count && Date.now() < deadline) {
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
        const off = c.slotOffset(i);
        record(c.f64[off >> 3]!, c.f64[(off >> 3) + 1]!);
      }
      c.release(n);
    }
  }
  const elapsedMs = performance.now() - firstAt;
  await done;
  await worker.terminate();
  const result: CrossThreadResult = {
    transport, mode: rate > 0 ? 'latency' : 'throughput', count, rate,
    p50: histogram.getValueAtPercentile(50), p99: histogram.getValueAtPercentile(99),
    p999: histogram.getValueAtPercentile(99.9), p9999: histogram.getValueAtPercentile(99.99), max: histogram.maxValue,
    throughput: expected / (elapsedMs / 1000),
    verified: ordered && expected === count,
  };
  return result;
}

export { TRANSPORTS };
