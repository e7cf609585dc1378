import type { RecordBody } from '../schema/record-body.js';

/**
 * Where journal records go: the seam between whoever produces records and the journal file.
 *
 * `JournalingGate` (edge-side, one thread) is one producer. In the threaded engine the
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
 * where `slotToRecordBody` (src/engine/journal-record-decoder.ts) turns instrument indices back
 * into symbols through the name table the writer thread receives at start-up, and records order
 * and exec ids as the integer handles the risk thread saw (record-handles.ts): the edge interned
 * or hashed the strings before the risk thread, and only the edge knows them. The sink never
 * sees a slot, and the ring never sees a string: each side keeps its own representation.
 */
export interface RecordSink {
  /** Appends one record with engine time `at`; returns its sequence number. */
  append(at: number, body: RecordBody): number;
  /** Marks the end of a batch of appends: applies the fsync policy to all of them at once. */
  endBatch(): void;
  /** Whether the file system takes the writes (a `JournalWriter` reports it; absent: always). */
  readonly status?: { readonly state: 'ok' | 'failing' };
}
