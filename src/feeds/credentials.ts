/**
 * API credentials of one venue connection, loaded from the environment or a file named by the
 * config (the config never holds a secret).
 *
 * - `{ "apiKeyEnv": "BYBIT_KEY", "secretEnv": "BYBIT_SECRET", "passphraseEnv"?: "..." }`
 * - `{ "file": "/etc/riskgate/bybit.json" }`: a JSON object `{ "apiKey", "secret", "passphrase"? }`
 *
 * The values are held in private fields: `JSON.stringify`, `util.inspect` and template strings
 * show `[credentials redacted]`. Load errors name the variable or the file, never a value (and a
 * file's parse error text is not echoed, as it could quote the file).
 */
import { readFileSync } from 'node:fs';
import { FeedError } from './feed-error.js';
import { describeDuplicate, findDuplicateKeys } from '../json/duplicate-keys.js';

export type CredentialSpec =
  | { readonly apiKeyEnv: string; readonly secretEnv: string; readonly passphraseEnv?: string }
  | { readonly file: string };

export class Credentials {
  readonly #apiKey: string;
  readonly #secret: string;
  readonly #passphrase: string;

  constructor(apiKey: string, secret: string, passphrase = '') {
    this.#apiKey = apiKey;
    this.#secret = secret;
    this.#passphrase = passphrase;
  }

  /** The API key (Deribit: client_id). Sent to the venue; never logged. */
  get apiKey(): string {
    return this.#apiKey;
  }

  /** The signing secret (Deribit: client_secret). Only passed to HMAC. */
  get secret(): string {
    return this.#secret;
  }

  /** OKX passphrase; "" elsewhere. */
  get passphrase(): string {
    return this.#passphrase;
  }

  /** Every value that must never appear in a log or an error (for `redact`). */
  sensitive(): string[] {
    return [this.#apiKey, this.#secret, this.#passphrase].filter((s) => s.length > 0);
  }

  toJSON(): string {
    return '[credentials redacted]';
  }

  toString(): string {
    return '[credentials redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[credentials redacted]';
  }
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, what: string, venue: string): string {
  const v = env[name];
  if (v === undefined || v.length === 0) throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `${venue}: environment variable ${name} (${what}) is not set`);
  return v;
}

/** Loads the credentials `spec` names. `needsPassphrase`: OKX. Throws `FeedError` naming the source only. */
export function loadCredentials(spec: CredentialSpec, venue: string, needsPassphrase: boolean, env: NodeJS.ProcessEnv = process.env): Credentials {
  if ('file' in spec) {
    let text: string;
    try {
      text = readFileSync(spec.file, 'utf8');
    } catch (e) {
      throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `${venue}: cannot read credentials file ${spec.file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `${venue}: credentials file ${spec.file} is not valid JSON`);
    }
    // Keys and places only: never a value.
    const dups = findDuplicateKeys(text);
    if (dups.length > 0) throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `${venue}: ${dups.map((d) => describeDuplicate(d, `credentials file ${spec.file}`)).join('; ')}`);
    const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
    const field = (k: string, required: boolean): string => {
      const v = o[k];
      if (typeof v === 'string' && v.length > 0) return v;
      if (required) throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `${venue}: credentials file ${spec.file} must hold a non-empty string "${k}"`);
      return '';
    };
    return new Credentials(field('apiKey', true), field('secret', true), field('passphrase', needsPassphrase));
  }
  const passphrase = spec.passphraseEnv !== undefined ? fromEnv(env, spec.passphraseEnv, 'passphrase', venue) : '';
  if (needsPassphrase && passphrase === '') throw new FeedError('ERR_RISKGATE_FEED_CREDENTIALS', `${venue}: credentials need passphraseEnv`);
  return new Credentials(fromEnv(env, spec.apiKeyEnv, 'API key', venue), fromEnv(env, spec.secretEnv, 'secret', venue), passphrase);
}
