import type { JournalFailurePolicy } from './fsync-policy.js';

/**
 * `RiskGate`'s `options.journal` as a consumer writes it: the journal's `path` plus the keys of
 * the config's `journal` section that `validateJournalConfig` (fsync-policy.ts) reads, checks
 * and fills with defaults.
 */
export interface JournalOptionsInput {
  /** A new file (never overwritten); with rotation, the set's index. */
  readonly path: string;
  readonly fsync?: 'none' | 'everyRecord' | 'intervalMs';
  /** With `fsync: 'intervalMs'` (ms). */
  readonly intervalMs?: number;
  /** Write size (bytes, 512..16 MiB, multiple of 512). */
  readonly blockBytes?: number;
  readonly onFailure?: JournalFailurePolicy;
  /** A new file when the current one reaches this size (bytes). */
  readonly rotateBytes?: number;
  /** A new file when the current one has been open this long (ms). */
  readonly rotateMs?: number;
}
