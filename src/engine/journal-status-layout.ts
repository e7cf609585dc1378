/**
 * Byte layout of the journal status block: what the journal thread tells the rest of the engine
 * about its file. One writer (the journal thread); readers: the risk thread (the failing word,
 * once per pass, with the `halt` policy) and the embedding (`RiskGate.journalStatus()`, the
 * control server's state, `/metrics`, `/health`).
 *
 * ```
 *  offset  line (128 B)  field                                                    written by
 *  ------  ------------  -------------------------------------------------------  --------------
 *     0    FAILING       +0 failing  i32  1 while the file system refuses writes   journal thread
 *   128    COUNTERS      +0 writeErrors    f64  refused writes and syncs           journal thread
 *                        +8 writeLost      f64  engine calls not written (refused) journal thread
 *                        +16 unmarked      f64  of those, not yet in a gap record  journal thread
 *   256    end
 * ```
 *
 * - The failing word has a line to itself: the risk thread loads it every pass, and nothing
 *   else written often shares its cache line.
 * - Counters are monotone f64 (exact integers), each written with one aligned 8-byte store and
 *   read on its own: a reader may see one counter a publish ahead of another, never a torn value.
 */
export const JOURNAL_STATUS_LINE_BYTES = 128;
export const FAILING_OFFSET = 0;
export const COUNTERS_OFFSET = FAILING_OFFSET + JOURNAL_STATUS_LINE_BYTES;
export const WRITE_ERRORS_OFFSET = COUNTERS_OFFSET;
export const WRITE_LOST_OFFSET = WRITE_ERRORS_OFFSET + 8;
export const UNMARKED_OFFSET = WRITE_LOST_OFFSET + 8;
export const JOURNAL_STATUS_BYTES = COUNTERS_OFFSET + JOURNAL_STATUS_LINE_BYTES;

export const FAILING_WORD = FAILING_OFFSET >> 2;
export const WRITE_ERRORS_DWORD = WRITE_ERRORS_OFFSET >> 3;
export const WRITE_LOST_DWORD = WRITE_LOST_OFFSET >> 3;
export const UNMARKED_DWORD = UNMARKED_OFFSET >> 3;

/** A zeroed block: not failing, nothing lost. */
export function createJournalStatusBlock(): SharedArrayBuffer {
  return new SharedArrayBuffer(JOURNAL_STATUS_BYTES);
}
