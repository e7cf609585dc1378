import type { MessagePort } from 'node:worker_threads';

/**
 * The transports compared by the cross-thread benchmark: riskgate's SPSC ring against what a
 * Node.js user would pick instead. One producer worker thread, one consumer (the bench's main
 * thread). Each message is two doubles: a sequence number and its intended send time.
 *
 *   producer worker ──(transport)──► main thread: record (receive time − intended time)
 */
export type TransportName = 'riskgate-ring-spin' | 'riskgate-ring-park' | 'postMessage' | 'messageport-poll' | 'ringbuf.js' | 'minimal-sab';

export const TRANSPORTS: readonly TransportName[] = ['riskgate-ring-spin', 'riskgate-ring-park', 'postMessage', 'messageport-poll', 'ringbuf.js', 'minimal-sab'];

/** What the producer worker receives. */
export interface ProducerJob {
  readonly transport: TransportName;
  /** Messages sent first and not recorded (JIT warm-up); `count` measured ones follow. */
  readonly warmup: number;
  readonly count: number;
  /** CPU the producer pins itself to (pinned runs), or undefined. */
  readonly cpu: number | undefined;
  /** Messages per second; 0 = as fast as possible (throughput run). */
  readonly rate: number;
  /** The consumer's `performance.timeOrigin`, to express times in its time base. */
  readonly consumerOrigin: number;
  /** Consumer-time at which message 0 is due. */
  readonly startAt: number;
  readonly ring?: SharedArrayBuffer;
  readonly port?: MessagePort;
}
