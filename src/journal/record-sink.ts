import type { RecordBody } from '../schema/record-body.js';

/**
 * Where journal records go: the seam between whoever produces records and the journal file.
 *
 * Today `JournalingGate` (edge-side, one thread) is the producer. In the threaded engine the
 * risk thread must not encode or write: it publishes fixed-size slots (src/codec layouts:
 * integer handles, f64 values) into an SPSC ring, and a journal-writer thread runs
 *
 * ```
 *   for (;;) {
 *     n = consumer.drain(slot => sink.append(slot.at, slotToRecordBody(slot, names)))
 *     if (n > 0) sink.endBatch()          // one write (+ fsync per policy) per drained batch
 *     else idle.idle()                    // spin, then park
 *   }
 * ```
 *
 * where `slotToRecordBody` turns handles back into strings through name tables the writer
 * thread receives at start-up (symbols) or through the ring (order and exec ids interned by the
 * edge before the risk thread sees them). The sink never sees a slot, and the ring never sees a
 * string: each side keeps its own representation.
 */
export interface RecordSink {
  /** Appends one record with engine time `at`; returns its sequence number. */
  append(at: number, body: RecordBody): number;
  /** Marks the end of a batch of appends: applies the fsync policy to all of them at once. */
  endBatch(): void;
}
