import type { TornReason } from './torn-tail.js';

/**
 * Bytes of a journal the reader could not trust, between two valid records or from one to the
 * end of the file: `[offset, offset + bytes)`. Found by resynchronising: after a record fails
 * (length, checksum, decoding, sequence) the reader tries every later 8-aligned offset for a
 * record whose length, identifier, checksum and decoding hold and whose sequence number is
 * above the last good one, and goes on from there.
 *
 * Never silently dropped: `riskgate replay` lists every range with its offsets and exits
 * non-zero; the decisions after one are replayed but cannot be checked (their history is not
 * whole). The one exception is the crash tail (`TornTail`): a final partial record, or zeros
 * the file system extended the file with, with nothing valid after it.
 */
export interface DamagedRange {
  readonly offset: number;
  readonly bytes: number;
  /**
   * Why the record at `offset` was rejected, or `foreign`: another journal's file header starts
   * at `offset` (journals concatenated into one file); nothing from there on is replayed as
   * part of this journal.
   */
  readonly reason: TornReason | 'foreign';
  /** The sequence number the reader expected at `offset`. */
  readonly expectedSeq: number;
  /** The sequence number of the record it resumed at; absent when nothing valid follows. */
  readonly resumedSeq?: number;
  /** The file the range is in (a rotated set has several). */
  readonly path: string;
}

/** Records a damaged range accounts for: the sequence numbers it skipped (0 when unknown: to the end). */
export function recordsLostIn(d: DamagedRange): number {
  return d.resumedSeq === undefined ? 0 : d.resumedSeq - d.expectedSeq;
}
