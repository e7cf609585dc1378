/**
 * An error raised by the feed layer (config, credentials, REST, connection). Identity across
 * threads is the stable `code`, not `instanceof`. Messages never contain an API key, secret,
 * passphrase or signature: callers build them from names (env var, file path, venue), never
 * from credential values.
 */
import type { BackoffKind } from './come-back-later.js';
export type FeedErrorCode =
  | 'ERR_RISKGATE_FEED_CREDENTIALS'
  | 'ERR_RISKGATE_FEED_AUTH'
  | 'ERR_RISKGATE_FEED_REST'
  | 'ERR_RISKGATE_FEED_CONFIG'
  | 'ERR_RISKGATE_FEED_PROTOCOL';

export class FeedError extends Error {
  /** `backoff`: set when a REST call was answered "come back later" (come-back-later.ts), its kind. */
  constructor(readonly code: FeedErrorCode, message: string, readonly backoff?: BackoffKind) {
    super(message);
    this.name = 'FeedError';
  }
}
