/**
 * Bybit v5 REST rate limits (https://bybit-exchange.github.io/docs/v5/rate-limit), counted on
 * simulated time:
 *
 * - per IP, every request: at most 600 in any rolling 5 s; the one beyond is refused with HTTP 403
 *   "access too frequent" and the IP stays refused for 10 minutes ("wait for at least 10
 *   minutes. The ban will be lifted automatically");
 * - per UID and endpoint, authenticated requests: a rolling 1 s window (`GET /v5/position/list`:
 *   50 per s, the rate-limit table). Beyond it the venue answers HTTP 200 with `retCode` 10006
 *   "Too many visits!" (not counted). Every authenticated answer carries `X-Bapi-Limit`,
 *   `X-Bapi-Limit-Status` (requests left) and `X-Bapi-Limit-Reset-Timestamp` (venue ms: when a
 *   request is allowed again if limited, otherwise now).
 */
import { RollingWindow } from './rolling-window.js';
import { SIM_EPOCH_MS } from './venue-framer.js';

export const BYBIT_IP_LIMIT = Object.freeze({ requests: 600, windowMs: 5_000, banMs: 10 * 60_000 });
/** Per-UID limits of the endpoints the simulator serves (requests per rolling second). */
export const BYBIT_UID_LIMITS: Readonly<Record<string, number>> = Object.freeze({ '/v5/position/list': 50, '/v5/order/create': 10, '/v5/order/cancel': 10 });

export interface UidVerdict {
  readonly ok: boolean;
  /** The `X-Bapi-Limit*` headers of the answer. */
  readonly headers: Readonly<Record<string, string>>;
}

export class BybitRestLimits {
  readonly #ips = new Map<string, { readonly window: RollingWindow; bannedUntil: number }>();
  readonly #uids = new Map<string, RollingWindow>();

  /** Counts one request from `ip` at simulated `now`; false while the IP is refused (403). */
  ipAllows(ip: string, now: number): boolean {
    let s = this.#ips.get(ip);
    if (s === undefined) this.#ips.set(ip, (s = { window: new RollingWindow(BYBIT_IP_LIMIT.requests, BYBIT_IP_LIMIT.windowMs), bannedUntil: 0 }));
    if (now < s.bannedUntil) return false;
    if (s.window.remaining(now) === 0) {
      s.bannedUntil = now + BYBIT_IP_LIMIT.banMs;
      return false;
    }
    s.window.add(now);
    return true;
  }

  /** Counts one authenticated request of `account` to `path` at simulated `now`. */
  uid(account: string, path: string, now: number): UidVerdict {
    const key = `${account} ${path}`;
    let w = this.#uids.get(key);
    if (w === undefined) this.#uids.set(key, (w = new RollingWindow(BYBIT_UID_LIMITS[path] ?? 10, 1_000)));
    const ok = w.remaining(now) > 0;
    if (ok) w.add(now);
    const headers = {
      'X-Bapi-Limit': String(w.limit),
      'X-Bapi-Limit-Status': String(w.remaining(now)),
      'X-Bapi-Limit-Reset-Timestamp': String(SIM_EPOCH_MS + (ok ? now : w.nextFreeAt(now))),
    };
    return { ok, headers };
  }
}
