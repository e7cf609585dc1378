/**
 * JSON text to a value, refusing what `JSON.parse` silently resolves: a key that appears twice
 * in one object (`{"maxLong": 5, "maxLong": 1000}` is 1000 for `JSON.parse`, and a risk limit
 * must never depend on which copy a reader keeps). Every duplicate is reported with its path and
 * both places (line:column). Off the hot path: config files, credential files, kill bodies.
 */

/** A key found twice in one object. */
export interface DuplicateKey {
  /** Where the object is (`instruments[0]`, or `(root)`). */
  readonly path: string;
  readonly key: string;
  /** 1-based line:column of the first and of the repeated key. */
  readonly first: string;
  readonly second: string;
}

/** One sentence per duplicate, for `ConfigError` problems and CLI messages. */
export function describeDuplicate(d: DuplicateKey, source: string): string {
  const at = d.path === '' ? '' : ` in ${d.path}`;
  return `${source}: key "${d.key}" appears twice${at}, at ${d.first} and at ${d.second} (JSON would silently keep the last): remove one`;
}

/**
 * Parses `text`; throws `SyntaxError` (from `JSON.parse`) for malformed JSON, and
 * `DuplicateKeyError` listing every duplicate key.
 */
export function parseJsonStrict(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const dups = findDuplicateKeys(text);
  if (dups.length > 0) throw new DuplicateKeyError(dups);
  return value;
}

export class DuplicateKeyError extends Error {
  readonly code = 'ERR_RISKGATE_DUPLICATE_KEY';
  constructor(readonly duplicates: readonly DuplicateKey[]) {
    super(duplicates.map((d) => describeDuplicate(d, 'JSON')).join('; '));
    this.name = 'DuplicateKeyError';
  }
}

/** Every duplicate key of valid JSON `text` (call after `JSON.parse` accepted it). */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  let i = 0;
  const where = (at: number): string => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    return `line ${line} column ${col}`;
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Map<string, number>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const at = i;
        const key = str();
        const prev = seen.get(key);
        if (prev !== undefined) out.push({ path, key, first: where(prev), second: where(at) });
        else seen.set(key, at);
        ws();
        i++; // colon
        value(path === '' ? key : `${path}.${key}`);
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        value(`${path}[${k}]`);
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++; // number, true, false, null
  };
  value('');
  return out;
}
