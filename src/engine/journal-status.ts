import { FAILING_WORD, UNMARKED_DWORD, WRITE_ERRORS_DWORD, WRITE_LOST_DWORD } from './journal-status-layout.js';

/**
 * The journal's health (threaded engine with a journal): what `/health`, `/metrics` and
 * `state()` say about the audit trail.
 */
export interface JournalStatus {
  /** `failing` while the file system refuses the journal's writes (full disk, I/O error). */
  readonly state: 'ok' | 'failing';
  /** The `onFailure` policy: `halt` denies every order JOURNAL_DOWN while failing. */
  readonly onFailure: 'halt' | 'continue';
  /** Writes and syncs the file system refused since start. */
  readonly writeErrors: number;
  /** Engine calls not in the journal: the file system refused them, or the journal ring was full. */
  readonly lostWriteFailed: number;
  readonly lostRingFull: number;
  /** Lost calls no gap record in the file accounts for yet (the disk refused that too). */
  readonly unmarked: number;
  /** The last refusal, when there was one. */
  readonly lastError: string | null;
}

/**
 * Reads the journal thread's status block (journal-status-layout.ts) into a `JournalStatus`;
 * `lostRingFull` and `lastError` come from the risk thread's state block and the journal
 * thread's handle. Never waits. Cold: allocates its answer.
 */
export function readJournalStatus(block: SharedArrayBuffer, onFailure: 'halt' | 'continue', lostRingFull: number, lastError: string | null): JournalStatus {
  const i32 = new Int32Array(block);
  const f = new Float64Array(block);
  return {
    state: Atomics.load(i32, FAILING_WORD) === 1 ? 'failing' : 'ok', // acquire the journal thread's publish
    onFailure,
    writeErrors: f[WRITE_ERRORS_DWORD]!, lostWriteFailed: f[WRITE_LOST_DWORD]!, lostRingFull,
    unmarked: f[UNMARKED_DWORD]!, lastError,
  };
}
