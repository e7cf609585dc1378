/**
 * A venue's "come back later", read out of one HTTP answer: why (`kind`, each with its own counter
 * in `RestStats`) and how long the venue asked for (`afterMs`, from when the answer arrived).
 *
 * Venues say it in different places: HTTP 429/418/5xx (the generic rule below), a code inside an
 * HTTP 200 body (Bybit retCode 10006, OKX code 50011), a venue-specific status (Bybit's 403 IP
 * ban), a JSON-RPC error (Deribit 10028). A hook passes its venue's rule (`ComeBackLaterRule`) to
 * `RestClient.call`; the client asks it before the generic rule, before counting anything, so such
 * an answer is never counted `ok` and never resets the failure streak.
 *
 * Cost: a rule that looks into the body parses it once more than the hook does; REST calls are
 * rare (reconciliation, listen keys), far from the hot path, so one rule per venue in one place is
 * worth the second parse.
 *
 * Only a delay, never an absolute time: a venue's reset time is on the venue's clock, so a rule
 * converts it with the answer's own timestamp (Bybit's `time` field, the HTTP `Date` header), and
 * the skew between our clock and the venue's never enters the wait.
 */
import type { HttpResponse } from './http-request.js';

export type BackoffKind = 'rate-limited' | 'banned' | 'overloaded' | 'server-error';

export interface ComeBackLater {
  readonly kind: BackoffKind;
  /** The venue's wait in ms from the answer; 0 when it named none (the client's streak delay applies). */
  readonly afterMs: number;
  /** What the venue said, for the error text ("HTTP 429", "retCode 10006 ..."): codes and statuses, never header values or secrets. */
  readonly reason: string;
}

/** A venue's reading of one answer: `undefined` when it is not a "come back later" the venue documents (the generic rule then applies). Must not throw. */
export type ComeBackLaterRule = (res: HttpResponse) => ComeBackLater | undefined;

/** One header's value (the first when repeated). */
export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * `Retry-After` in ms: delay-seconds, or an HTTP-date measured against the answer's own `Date`
 * header (never our clock). 0 when absent or unreadable.
 */
export function retryAfterMs(res: HttpResponse): number {
  const v = header(res, 'retry-after');
  if (v === undefined || v.trim() === '') return 0;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  const now = Date.parse(header(res, 'date') ?? '');
  return Number.isFinite(at) && Number.isFinite(now) ? Math.max(0, at - now) : 0;
}

/**
 * The rule every venue shares: HTTP 429 rate limited, 418 banned (Binance: IP banned after ignoring
 * 429s), 5xx server error. The wait is the streak's (the client adds `Retry-After` when sent).
 */
export function httpComeBackLater(res: HttpResponse): ComeBackLater | undefined {
  const s = res.status;
  if (s === 429) return { kind: 'rate-limited', afterMs: 0, reason: 'HTTP 429' };
  if (s === 418) return { kind: 'banned', afterMs: 0, reason: 'HTTP 418' };
  if (s >= 500) return { kind: 'server-error', afterMs: 0, reason: `HTTP ${s}` };
  return undefined;
}
