import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { issueSentences } from '../config/validate-config.js';
import { JOURNAL_DEFAULTS, type FsyncPolicy, type JournalConfig, type JournalRotation } from './journal-config.js';

export { JOURNAL_DEFAULTS, type FsyncPolicy, type JournalConfig, type JournalFailurePolicy, type JournalRotation } from './journal-config.js';

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
