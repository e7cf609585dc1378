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

const KEYS = ['fsync', 'intervalMs', 'blockBytes', 'onFailure', 'rotateBytes', 'rotateMs'];
const POLICIES = ['none', 'everyRecord', 'intervalMs'];
const ON_FAILURE = ['halt', 'continue'];

/**
 * Validates `{"fsync": "none" | "everyRecord" | "intervalMs", "intervalMs"?: ms, "blockBytes"?: n,
 * "onFailure"?: "halt" | "continue", "rotateBytes"?: n, "rotateMs"?: ms}` (the config's `journal`
 * section), collecting every problem into one `ConfigError`.
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
  const onFailure = o['onFailure'] ?? 'halt';
  if (typeof onFailure !== 'string' || !ON_FAILURE.includes(onFailure)) problems.push(`${path}.onFailure must be one of ${ON_FAILURE.join(', ')}`);
  const rb = o['rotateBytes'];
  if (rb !== undefined && (typeof rb !== 'number' || !Number.isSafeInteger(rb) || rb < 4096)) problems.push(`${path}.rotateBytes must be an integer >= 4096`);
  const rm = o['rotateMs'];
  if (rm !== undefined && (typeof rm !== 'number' || !Number.isSafeInteger(rm) || rm < 1)) problems.push(`${path}.rotateMs must be an integer >= 1`);
  if (problems.length > 0) throw new ConfigError(problems);
  const rotate: JournalRotation | undefined = rb === undefined && rm === undefined ? undefined
    : { ...(rb !== undefined ? { bytes: rb as number } : {}), ...(rm !== undefined ? { ms: rm as number } : {}) };
  const policy: FsyncPolicy =
    fsync === 'none' ? { fsync: 'none' } : fsync === 'everyRecord' ? { fsync: 'everyRecord' }
      : { fsync: 'intervalMs', intervalMs: (iv as number | undefined) ?? 50 };
  return {
    policy, blockBytes: (bb as number | undefined) ?? JOURNAL_DEFAULTS.blockBytes, onFailure: onFailure as JournalFailurePolicy,
    ...(rotate !== undefined ? { rotate } : {}),
  };
}
