/**
 * The journal's resolved settings and their defaults, apart from their validation
 * (fsync-policy.ts, which declares the config section with zod): the journal thread's writer
 * reads these, and a thread that imports no zod starts without loading it (about 150 ms of CPU
 * per thread start).
 */

/**
 * When the journal writer makes records durable (`fsync`), the trade between losing the last
 * records on a power cut and the cost per record:
 * - `none`: blocks go to the OS when full and on `flush()`/`close()`; never fsync. A process
 *   crash loses only the unflushed block; an OS crash or power cut may lose more.
 * - `everyRecord`: every `append` writes and fsyncs before it returns. Durable, slowest.
 * - `intervalMs`: the block is written and fsynced when `intervalMs` has passed since the last
 *   sync (checked on every append and by an idle timer): at most ~`intervalMs` of records lost.
 */
export type FsyncPolicy =
  | { readonly fsync: 'none' }
  | { readonly fsync: 'everyRecord' }
  | { readonly fsync: 'intervalMs'; readonly intervalMs: number };

/**
 * What the engine does while the journal cannot write (a full disk, an I/O error; the calls it
 * cannot keep are counted and marked by gap records either way):
 * - `halt` (default): deny every order `JOURNAL_DOWN` until the journal writes again. A
 *   pre-trade gate's audit trail is mandatory: no approval without its record.
 * - `continue`: keep deciding; the journal has holes, visible in state, metrics and health.
 */
export type JournalFailurePolicy = 'halt' | 'continue';

/**
 * Rotation: a new file when the current one reaches `bytes` (at the end of a batch, so a file
 * may pass it by one batch) or has been open `ms` (of the writer's clock, checked at each batch).
 * Each key off when absent. See rotating-journal.ts.
 */
export interface JournalRotation {
  readonly bytes?: number;
  readonly ms?: number;
}

/** The `journal` section of the config. */
export interface JournalConfig {
  readonly policy: FsyncPolicy;
  /** Write size (bytes, 512..16 MiB, multiple of 512): records are batched into blocks this big. */
  readonly blockBytes: number;
  /** `onFailure`; absent: `halt`. */
  readonly onFailure?: JournalFailurePolicy;
  /** `rotateBytes` / `rotateMs`: absent, one file. */
  readonly rotate?: JournalRotation;
}

/** Defaults: interval fsync every 50 ms, 64 KiB blocks, halt on a write failure, no rotation. */
export const JOURNAL_DEFAULTS: JournalConfig = Object.freeze({
  policy: Object.freeze({ fsync: 'intervalMs', intervalMs: 50 }) as FsyncPolicy,
  blockBytes: 64 * 1024,
  onFailure: 'halt' as const,
});
