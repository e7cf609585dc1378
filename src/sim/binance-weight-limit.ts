/**
 * Binance USD-M REST request weight per IP
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info, "Limits"),
 * counted on venue time (`SIM_EPOCH_MS` + simulated ms):
 *
 * - `REQUEST_WEIGHT` 2400 per minute, in fixed windows starting on each venue minute; every
 *   answer carries `X-MBX-USED-WEIGHT-1M`. A request that would exceed it is refused with HTTP
 *   429, `Retry-After` (s) until the window ends, code -1003 (its weight is not counted).
 * - "failing to back off after receiving 429s will result in an automated IP ban (HTTP status
 *   418)": Binance does not publish how many; here the first request sent before a 429's
 *   `Retry-After` elapsed is banned. Bans last 2 minutes, doubling with each further ban up to
 *   3 days (the documented range), `Retry-After` until the ban ends.
 */
export const BINANCE_WEIGHT = Object.freeze({ perMinute: 2400, firstBanMs: 2 * 60_000, maxBanMs: 3 * 24 * 3_600_000 });

export type WeightVerdict =
  | { readonly status: 200; readonly used: number }
  | { readonly status: 429 | 418; readonly used: number; readonly untilMs: number; readonly retryAfterS: number };

interface IpWeight {
  windowStart: number;
  used: number;
  /** End of the window a 429 told the client to wait for (0: no 429 outstanding). */
  limitedUntil: number;
  bannedUntil: number;
  bans: number;
}

export class BinanceWeightLimit {
  readonly #ips = new Map<string, IpWeight>();

  /** Counts a request of `weight` from `ip` at venue time `nowMs`. */
  take(ip: string, weight: number, nowMs: number): WeightVerdict {
    let s = this.#ips.get(ip);
    if (s === undefined) this.#ips.set(ip, (s = { windowStart: 0, used: 0, limitedUntil: 0, bannedUntil: 0, bans: 0 }));
    const start = Math.floor(nowMs / 60_000) * 60_000;
    if (start !== s.windowStart) {
      s.windowStart = start;
      s.used = 0;
    }
    const refuse = (status: 429 | 418, untilMs: number): WeightVerdict => ({ status, used: s.used, untilMs, retryAfterS: Math.ceil((untilMs - nowMs) / 1000) });
    if (nowMs < s.bannedUntil) return refuse(418, s.bannedUntil);
    if (nowMs < s.limitedUntil) {
      s.bans++;
      s.limitedUntil = 0;
      s.bannedUntil = nowMs + Math.min(BINANCE_WEIGHT.maxBanMs, BINANCE_WEIGHT.firstBanMs * 2 ** (s.bans - 1));
      return refuse(418, s.bannedUntil);
    }
    if (s.used + weight > BINANCE_WEIGHT.perMinute) {
      s.limitedUntil = start + 60_000;
      return refuse(429, s.limitedUntil);
    }
    s.used += weight;
    return { status: 200, used: s.used };
  }
}
