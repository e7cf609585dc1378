/**
 * The one door every REST call of a venue goes through: the token budget, back-off after
 * "come back later" answers, and counters.
 *
 * - No token left, or still backing off: the call is not made (`skippedBudget`, `skippedBackoff`).
 * - "Come back later" (come-back-later.ts): the hook's venue rule is asked first (a code in an
 *   HTTP 200 body, a venue-specific status, the venue's documented wait), then the generic one
 *   (HTTP 429, 418, 5xx). Either way the answer is counted under its kind (`rateLimited`, `banned`,
 *   `overloaded`, `serverErrors`), never as `ok`, adds one to the failure streak, and no call is
 *   made for the longest of: the streak delay (`backoffMs` doubling per consecutive failure up to
 *   `maxBackoffMs`), the venue's wait, `Retry-After`. Rejects with the venue's reason and the wait.
 * - A network error or timeout: counted (`networkErrors`), waits the streak delay.
 * - Any other answer resolves to the caller, who parses the body; a 2xx is `ok` and resets the streak.
 *
 * Error texts name the method, path and status or venue code, never headers or the signed query.
 */
import { httpComeBackLater, retryAfterMs, type BackoffKind, type ComeBackLater, type ComeBackLaterRule } from './come-back-later.js';
import { FeedError } from './feed-error.js';
import type { FeedClock } from './feed-timers.js';
import { sendHttp, type HttpRequest, type HttpResponse } from './http-request.js';
import { TokenBucket } from './token-bucket.js';
import type { RestPolicy } from './venue-config.js';

export interface RestStats {
  requests: number;
  ok: number;
  rateLimited: number;
  banned: number;
  /** The venue said it is overloaded (BitMEX 503 "overloaded", OKX 50013 "system is busy"). */
  overloaded: number;
  serverErrors: number;
  networkErrors: number;
  skippedBudget: number;
  skippedBackoff: number;
}

/** The counter each kind of "come back later" adds to. */
const COUNTER: Readonly<Record<BackoffKind, keyof RestStats>> = Object.freeze({
  'rate-limited': 'rateLimited',
  banned: 'banned',
  overloaded: 'overloaded',
  'server-error': 'serverErrors',
});

export type Send = (req: HttpRequest) => Promise<HttpResponse>;

export interface CallOptions {
  readonly body?: string;
  /** The venue's documented "come back later" answers beyond HTTP 429/418/5xx. */
  readonly comeBackLater?: ComeBackLaterRule;
}

export class RestClient {
  readonly stats: RestStats = { requests: 0, ok: 0, rateLimited: 0, banned: 0, overloaded: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 };
  readonly #bucket: TokenBucket;
  #failures = 0;
  #until = 0;

  constructor(readonly baseUrl: string, private readonly policy: RestPolicy, private readonly clock: FeedClock, private readonly send: Send = sendHttp) {
    this.#bucket = new TokenBucket(policy.maxRequests, policy.perMs, clock);
  }

  /** How long a request may wait for its answer (ms): the policy's `timeoutMs`. */
  get timeoutMs(): number {
    return this.policy.timeoutMs;
  }

  /** Ms until calls are allowed again (0: now). */
  get backoffRemainingMs(): number {
    return Math.max(0, this.#until - this.clock.nowMs());
  }

  /**
   * Makes one call to `pathAndQuery` (already signed by the caller). Throws `FeedError`
   * (ERR_RISKGATE_FEED_REST) when skipped, answered "come back later", or on a network error.
   */
  async call(method: HttpRequest['method'], pathAndQuery: string, headers: Record<string, string>, options: CallOptions = {}): Promise<HttpResponse> {
    const what = `${method} ${pathAndQuery.split('?')[0]}`;
    this.admit(what);
    let res: HttpResponse;
    try {
      res = await this.send({ method, url: this.baseUrl + pathAndQuery, headers, ...(options.body !== undefined ? { body: options.body } : {}), timeoutMs: this.policy.timeoutMs });
    } catch (e) {
      this.stats.networkErrors++;
      this.#backOff(0);
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: ${(e as Error).message}`);
    }
    const later = options.comeBackLater?.(res) ?? httpComeBackLater(res);
    if (later !== undefined) {
      this.cameBackLater(later, retryAfterMs(res));
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: ${later.reason}, backing off ${this.backoffRemainingMs} ms`, later.kind);
    }
    if (res.status >= 200 && res.status < 300) this.succeeded();
    return res;
  }

  /**
   * Lets one request of the account through this door's budget and back-off, whichever door it
   * then leaves by (a venue's WebSocket order API draws on the same budget as its REST calls):
   * throws `FeedError` (ERR_RISKGATE_FEED_REST) when backing off or out of tokens, as `call` does;
   * otherwise takes the token and counts the request.
   */
  admit(what: string): void {
    if (this.clock.nowMs() < this.#until) {
      this.stats.skippedBackoff++;
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: backing off for ${this.backoffRemainingMs} ms`);
    }
    if (!this.#bucket.take()) {
      this.stats.skippedBudget++;
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: REST budget exhausted (${this.policy.maxRequests} per ${this.policy.perMs} ms)`);
    }
    this.stats.requests++;
  }

  /** A "come back later" answer to an admitted request: counted under its kind, and no call for its wait (at least `retryAfter` ms). */
  cameBackLater(later: ComeBackLater, retryAfter = 0): void {
    this.stats[COUNTER[later.kind]]++;
    this.#backOff(Math.max(later.afterMs, retryAfter));
  }

  /** An admitted request the venue answered: counted `ok`, the failure streak reset. */
  succeeded(): void {
    this.stats.ok++;
    this.#failures = 0;
  }

  /** An admitted request that got no answer (connection lost, timeout): counted, and the streak's wait. */
  unanswered(): void {
    this.stats.networkErrors++;
    this.#backOff(0);
  }

  /** One more consecutive failure: no call for max(streak delay, `atLeastMs`); never shortens a wait already set. */
  #backOff(atLeastMs: number): void {
    const delay = Math.min(this.policy.maxBackoffMs, this.policy.backoffMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    this.#until = Math.max(this.#until, this.clock.nowMs() + Math.max(delay, atLeastMs));
  }
}
