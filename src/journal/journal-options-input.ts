import type { JournalSectionInput } from './fsync-policy.js';

/**
 * `RiskGate`'s `options.journal` as a consumer writes it: the journal's `path` plus the keys of
 * the config's `journal` section (`JournalSectionSchema`, fsync-policy.ts, which gives their
 * type, their validation and their defaults).
 */
export type JournalOptionsInput = JournalSectionInput & {
  /** A new file (never overwritten); with rotation, the set's index. */
  readonly path: string;
};
