import { ConfigError } from '../config/config-error.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { validateConfig } from '../config/validate-config.js';
import type { HeaderBody } from '../schema/record-body.js';
import type { TornTail } from '../journal/torn-tail.js';

/** What a replay needs to know of a journal before reading its records: where, and its header. */
export interface JournalHead {
  readonly path: string;
  readonly header?: HeaderBody | undefined;
  readonly tornTail?: TornTail | undefined;
}
import { ReplayError } from './replay-error.js';

/** The config JSON a journal recorded (parsed, not yet validated). */
export function recordedConfigJson(journal: JournalHead): unknown {
  if (journal.header === undefined) {
    throw new ReplayError('ERR_RISKGATE_REPLAY_NO_HEADER', `${journal.path} has no readable header record (the first record is damaged or torn): nothing can be replayed without the recorded config`);
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
export function recordedConfig(journal: JournalHead): ResolvedConfig {
  return resolveConfig(recordedConfigJson(journal), journal.path);
}
