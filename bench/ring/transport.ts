import type { MessagePort } from 'node:worker_threads';

/**
 * The transports compared by the cross-thread benchmark: riskgate's SPSC ring against what a
 * Node.js user would pick instead. One producer worker thread, one consumer (the bench's main
 * thread). Each message is `MESSAGE_F64` doubles (64 bytes, one event slot): a sequence number,
 * its intended send time and six payload words derived from the sequence number
 * (`payloadWord`), which the consumer reads and checks, so every transport moves and reads the
 * same bytes per message.
 *
 *   producer worker ──(transport)──► main thread: record (receive time − intended time)
 */
export type TransportName = 'riskgate-ring-spin' | 'riskgate-ring-park' | 'postMessage' | 'messageport-poll' | 'ringbuf.js' | 'minimal-sab';

/** Doubles per message: 64 bytes, riskgate's event slot (src/codec/event-slot-layout.ts). */
export const MESSAGE_F64 = 8;

/** Word `k` (2 <= k < MESSAGE_F64) of message `seq`: what the producer writes and the consumer checks. */
export function payloadWord(seq: number, k: number): number {
  return seq + k;
}

/** The sum of words 2..MESSAGE_F64-1 of message `seq`: the consumer's check of the payload it read. */
export function payloadSum(seq: number): number {
  return (MESSAGE_F64 - 2) * seq + ((MESSAGE_F64 - 1) * MESSAGE_F64) / 2 - 1;
}

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
