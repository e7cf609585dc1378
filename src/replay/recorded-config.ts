import { ConfigError } from '../config/config-error.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { validateConfig } from '../config/validate-config.js';
import type { OpenedJournal } from '../journal/open-journal.js';
import { ReplayError } from './replay-error.js';

/** The config JSON a journal recorded (parsed, not yet validated). */
export function recordedConfigJson(journal: OpenedJournal): unknown {
  if (journal.header === undefined) {
    throw new ReplayError('ERR_RISKGATE_REPLAY_NO_HEADER', `${journal.path} has no header record (torn at offset ${journal.tornTail?.offset ?? 0})`);
  }
  try {
    return JSON.parse(journal.header.configJson) as unknown;
  } catch (err) {
    throw new ReplayError('ERR_RISKGATE_REPLAY_CONFIG', `${journal.path}: the recorded config is not JSON: ${(err as Error).message}`);
  }
}

/** Validates a config for a replay; every problem becomes one `ReplayError` naming `where`. */
export function resolveConfig(json: unknown, where: string): ResolvedConfig {
  try {
    return validateConfig(json);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ReplayError('ERR_RISKGATE_REPLAY_CONFIG', `${where}: config rejected:\n  - ${err.problems.join('\n  - ')}`);
  }
}

/** The engine config a journal was recorded with. */
export function recordedConfig(journal: OpenedJournal): ResolvedConfig {
  return resolveConfig(recordedConfigJson(journal), journal.path);
}
