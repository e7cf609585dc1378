import { ConfigError } from '../config/config-error.js';

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

/** The `journal` section of the config. */
export interface JournalConfig {
  readonly policy: FsyncPolicy;
  /** Write size (bytes, 512..16 MiB, multiple of 512): records are batched into blocks this big. */
  readonly blockBytes: number;
}

/** Defaults: interval fsync every 50 ms, 64 KiB blocks. */
export const JOURNAL_DEFAULTS: JournalConfig = Object.freeze({
  policy: Object.freeze({ fsync: 'intervalMs', intervalMs: 50 }) as FsyncPolicy,
  blockBytes: 64 * 1024,
});

const KEYS = ['fsync', 'intervalMs', 'blockBytes'];
const POLICIES = ['none', 'everyRecord', 'intervalMs'];

/**
 * Validates `{"fsync": "none" | "everyRecord" | "intervalMs", "intervalMs"?: ms, "blockBytes"?: n}`
 * (the config's `journal` section), collecting every problem into one `ConfigError`.
 */
export function validateJournalConfig(json: unknown, path = 'journal'): JournalConfig {
  if (json === undefined) return JOURNAL_DEFAULTS;
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError([`${path} must be an object`]);
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) problems.push(`${path}.${k} is not a known key (known: ${KEYS.join(', ')})`);
  const fsync = o['fsync'] ?? JOURNAL_DEFAULTS.policy.fsync;
  if (typeof fsync !== 'string' || !POLICIES.includes(fsync)) problems.push(`${path}.fsync must be one of ${POLICIES.join(', ')}`);
  const iv = o['intervalMs'];
  if (iv !== undefined && (typeof iv !== 'number' || !Number.isSafeInteger(iv) || iv < 1)) problems.push(`${path}.intervalMs must be an integer >= 1`);
  if (iv !== undefined && fsync !== 'intervalMs') problems.push(`${path}.intervalMs is only meaningful with fsync "intervalMs"`);
  const bb = o['blockBytes'];
  if (bb !== undefined && (typeof bb !== 'number' || !Number.isSafeInteger(bb) || bb < 512 || bb > 16 * 1024 * 1024 || bb % 512 !== 0)) {
    problems.push(`${path}.blockBytes must be a multiple of 512 from 512 to 16777216`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const policy: FsyncPolicy =
    fsync === 'none' ? { fsync: 'none' } : fsync === 'everyRecord' ? { fsync: 'everyRecord' }
      : { fsync: 'intervalMs', intervalMs: (iv as number | undefined) ?? 50 };
  return { policy, blockBytes: (bb as number | undefined) ?? JOURNAL_DEFAULTS.blockBytes };
}
