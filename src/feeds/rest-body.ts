/** Parsing a venue's REST answer: JSON, then the venue's success envelope. Errors name the path and the venue's code only. */
import { FeedError } from './feed-error.js';
import type { HttpResponse } from './http-request.js';

export function jsonBody(res: HttpResponse, what: string): unknown {
  if (res.status < 200 || res.status >= 300) throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: HTTP ${res.status}`);
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: answer is not JSON`);
  }
}

/** The answer's JSON, or `undefined` when it is not JSON (for "come back later" rules, which must not throw). */
export function tryJson(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    return undefined;
  }
}

export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

export function restError(what: string, detail: string): FeedError {
  return new FeedError('ERR_RISKGATE_FEED_REST', `${what}: ${detail.slice(0, 120)}`);
}
