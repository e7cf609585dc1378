import { ConfigError } from './config-error.js';
import { describeDuplicate, findDuplicateKeys } from '../json/duplicate-keys.js';

export { describeDuplicate, DuplicateKeyError, findDuplicateKeys, parseJsonStrict, type DuplicateKey } from '../json/duplicate-keys.js';

/**
 * A config file's text to its JSON value (the duplicate-key scanner itself is
 * json/duplicate-keys.ts, which the CPU map, credential files and kill bodies use without config):
 * malformed JSON and duplicate keys are `ConfigError`
 * problems naming `source` (a file name, an environment variable) and every place.
 */
export function parseConfigText(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${source} is not valid JSON: ${(err as Error).message}`]);
  }
  const dups = findDuplicateKeys(text);
  if (dups.length > 0) throw new ConfigError(dups.map((d) => describeDuplicate(d, source)));
  return value;
}
