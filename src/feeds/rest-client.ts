/**
 * The one door every REST call of a venue goes through: the token budget, back-off after
 * "come back later" answers, and counters.
 *
 * - No token left, or still backing off: the call is not made (`skipped`), counted.
 * - HTTP 429 (rate limited), 418 (Binance: IP banned after ignoring 429s) and 5xx, or a network
 *   error/timeout: counted per class, and further calls wait `backoffMs`, doubling per
 *   consecutive failure up to `maxBackoffMs`, or the venue's `Retry-After` (seconds) when longer.
 * - Any other status resolves to the caller, who parses the body; a success resets the back-off.
 *
 * Error texts name the method, path and status, never headers or the signed query string.
 */
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
  serverErrors: number;
  networkErrors: number;
  skippedBudget: number;
  skippedBackoff: number;
}

export type Send = (req: HttpRequest) => Promise<HttpResponse>;

export class RestClient {
  readonly stats: RestStats = { requests: 0, ok: 0, rateLimited: 0, banned: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 };
  readonly #bucket: TokenBucket;
  #failures = 0;
  #until = 0;

  constructor(readonly baseUrl: string, private readonly policy: RestPolicy, private readonly clock: FeedClock, private readonly send: Send = sendHttp) {
    this.#bucket = new TokenBucket(policy.maxRequests, policy.perMs, clock);
  }

  /** Ms until calls are allowed again (0: now). */
  get backoffRemainingMs(): number {
    return Math.max(0, this.#until - this.clock.nowMs());
  }

  /**
   * Makes one call to `pathAndQuery` (already signed by the caller). Throws `FeedError`
   * (ERR_RISKGATE_FEED_REST) when skipped or answered 429/418/5xx/network error.
   */
  async call(method: HttpRequest['method'], pathAndQuery: string, headers: Record<string, string>, body?: string): Promise<HttpResponse> {
    const what = `${method} ${pathAndQuery.split('?')[0]}`;
    if (this.clock.nowMs() < this.#until) {
      this.stats.skippedBackoff++;
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: backing off for ${this.backoffRemainingMs} ms`);
    }
    if (!this.#bucket.take()) {
      this.stats.skippedBudget++;
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: REST budget exhausted (${this.policy.maxRequests} per ${this.policy.perMs} ms)`);
    }
    this.stats.requests++;
    let res: HttpResponse;
    try {
      res = await this.send({ method, url: this.baseUrl + pathAndQuery, headers, ...(body !== undefined ? { body } : {}), timeoutMs: this.policy.timeoutMs });
    } catch (e) {
      this.stats.networkErrors++;
      this.#backOff(0);
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: ${(e as Error).message}`);
    }
    const s = res.status;
    if (s === 429 || s === 418 || s >= 500) {
      if (s === 429) this.stats.rateLimited++;
      else if (s === 418) this.stats.banned++;
      else this.stats.serverErrors++;
      const retryAfter = Number(res.headers['retry-after']);
      this.#backOff(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0);
      throw new FeedError('ERR_RISKGATE_FEED_REST', `${what}: HTTP ${s}, backing off ${this.backoffRemainingMs} ms`);
    }
    if (s >= 200 && s < 300) {
      this.stats.ok++;
      this.#failures = 0;
    }
    return res;
  }

  #backOff(atLeastMs: number): void {
    const delay = Math.min(this.policy.maxBackoffMs, this.policy.backoffMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    this.#until = this.clock.nowMs() + Math.max(delay, atLeastMs);
  }
}
