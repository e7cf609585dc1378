import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { issueSentences } from '../config/validate-config.js';

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

/** The error of a leaf: `must be <what>` (the path is prefixed by `validateJournalConfig`). */
const must = (what: string) => ({ error: () => `must be ${what}` });
const AT_LEAST_1 = must('an integer >= 1');
const BLOCK = must('a multiple of 512 from 512 to 16777216');
const ROTATE_BYTES = must('an integer >= 4096');

/**
 * The config's `journal` section, declared once: the type a consumer writes (`JournalSectionInput`,
 * with `path` the type of `RiskGate`'s `options.journal`) and the validation of untrusted JSON
 * (`validateJournalConfig`) both come from it. Unknown keys are refused.
 */
export const JournalSectionSchema = z.strictObject({
  fsync: z.enum(['none', 'everyRecord', 'intervalMs'], must('one of none, everyRecord, intervalMs')).optional(),
  /** With `fsync: 'intervalMs'` (ms). */
  intervalMs: z.int(AT_LEAST_1).min(1, AT_LEAST_1).optional(),
  /** Write size (bytes, 512..16 MiB, multiple of 512). */
  blockBytes: z.int(BLOCK).min(512, BLOCK).max(16 * 1024 * 1024, BLOCK).multipleOf(512, BLOCK).optional(),
  onFailure: z.enum(['halt', 'continue'], must('one of halt, continue')).optional(),
  /** A new file when the current one reaches this size (bytes). */
  rotateBytes: z.int(ROTATE_BYTES).min(4096, ROTATE_BYTES).optional(),
  /** A new file when the current one has been open this long (ms). */
  rotateMs: z.int(AT_LEAST_1).min(1, AT_LEAST_1).optional(),
}, must('an object'));

/** The `journal` section as a consumer writes it. */
export type JournalSectionInput = z.input<typeof JournalSectionSchema>;

/**
 * Validates the config's `journal` section (untrusted) with `JournalSectionSchema`, collecting
 * every problem into one `ConfigError`, each a sentence naming its path under `path`.
 */
export function validateJournalConfig(json: unknown, path = 'journal'): JournalConfig {
  if (json === undefined) return JOURNAL_DEFAULTS;
  const section = z.strictObject({ [path]: JournalSectionSchema });
  const parsed = section.safeParse({ [path]: json });
  const problems = parsed.success ? [] : issueSentences(section, parsed.error.issues);
  const raw = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  // Across keys: read from the raw section so that it is reported with the others.
  if (raw['intervalMs'] !== undefined && (raw['fsync'] ?? JOURNAL_DEFAULTS.policy.fsync) !== 'intervalMs') {
    problems.push(`${path}.intervalMs is only meaningful with fsync "intervalMs"`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const o = parsed.data[path] as z.output<typeof JournalSectionSchema>;
  const fsync = o.fsync ?? JOURNAL_DEFAULTS.policy.fsync;
  const rotate: JournalRotation | undefined = o.rotateBytes === undefined && o.rotateMs === undefined ? undefined
    : { ...(o.rotateBytes !== undefined ? { bytes: o.rotateBytes } : {}), ...(o.rotateMs !== undefined ? { ms: o.rotateMs } : {}) };
  const policy: FsyncPolicy =
    fsync === 'none' ? { fsync: 'none' } : fsync === 'everyRecord' ? { fsync: 'everyRecord' }
      : { fsync: 'intervalMs', intervalMs: o.intervalMs ?? 50 };
  return {
    policy, blockBytes: o.blockBytes ?? JOURNAL_DEFAULTS.blockBytes, onFailure: o.onFailure ?? 'halt',
    ...(rotate !== undefined ? { rotate } : {}),
  };
}
