import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseScenario, type Scenario } from '../scenario/parse-scenario.js';
import type { ConfigError } from '../config/config-error.js';
import { parseConfigText } from '../config/parse-json-strict.js';
import { CliError } from './cli-error.js';

/** Reads and validates a scenario file; every problem becomes a `CliError` (exit code 2). */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, 2);
  }
  let json: unknown;
  try {
    json = parseConfigText(text, file);
  } catch (err) {
    throw new CliError((err as ConfigError).problems.join('\n'), 2);
  }
  try {
    return parseScenario(json, basename(file, '.json'));
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_RISKGATE_SCENARIO') {
      throw new CliError(`${file}: ${(err as Error).message}`, 2);
    }
    throw err;
  }
}
