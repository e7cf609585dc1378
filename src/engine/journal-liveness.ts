import { JOURNAL_BEAT_WORD, JOURNAL_ERRORS_WORD, JOURNAL_FAILING_WORD, JOURNAL_PRESENT_WORD } from './liveness-block-layout.js';

/**
 * The journal thread's line of the liveness block (liveness-block-layout.ts): the hook through
 * which the journal writer tells `/health` and `/metrics` that it is alive (`beat`, every poll),
 * how many write errors it has had (`setErrors`) and whether it has stopped writing
 * (`setFailing`). The control server reads it without asking the journal thread.
 * Journal thread only (the embedding calls `markPresent` once before the thread starts).
 */
export class JournalLiveness {
  private readonly i32: Int32Array;

  constructor(block: SharedArrayBuffer) {
    this.i32 = new Int32Array(block);
  }

  /** A journal thread runs for this engine (embedding thread, before it starts). */
  static markPresent(block: SharedArrayBuffer): void {
    Atomics.store(new Int32Array(block), JOURNAL_PRESENT_WORD, 1); // registered
  }

  beat(): void {
    Atomics.add(this.i32, JOURNAL_BEAT_WORD, 1); // proof of life
  }

  /** Write errors counted so far (total, not a delta). */
  setErrors(total: number): void {
    Atomics.store(this.i32, JOURNAL_ERRORS_WORD, total); // error count
  }

  /** True once the writer can no longer write (records are being lost); false when it recovered. */
  setFailing(failing: boolean): void {
    Atomics.store(this.i32, JOURNAL_FAILING_WORD, failing ? 1 : 0); // failing flag
  }
}
