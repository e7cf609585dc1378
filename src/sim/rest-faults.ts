/**
 * One account's REST faults (`restError`, `restStale`, `restSlow` in `fault-profile.ts`): what
 * happens to each REST position request that passed authentication and the rate limits.
 *
 * Each kind draws from its own generator, forked by the kind's name from the run's fault seed
 * (the same forks as the private stream's faults: two accounts with the same REST traffic see
 * the same REST faults). All three are drawn on every request, in arrival order, so one fault's
 * rate never shifts another's sequence. Faults that fire are recorded in the account's truth.
 */
import type { AccountLedger } from './account-ledger.js';
import type { FaultProfile } from './fault-profile.js';
import type { Prng } from './prng.js';
import type { SimClock } from './sim-clock.js';

/** What the venue does with one REST request. */
export interface RestFate {
  /** Answer HTTP 503 instead of the positions. */
  readonly error: boolean;
  /** The positions as of `now - staleMs` (0: current). */
  readonly staleMs: number;
  /** Write the answer this many simulated ms after the request (0: at once). */
  readonly delayMs: number;
}

export class RestFaults {
  readonly #profile: FaultProfile;
  readonly #ledger: AccountLedger;
  readonly #clock: SimClock;
  readonly #error: Prng;
  readonly #stale: Prng;
  readonly #slow: Prng;
  #drawn = 0;

  /** `faults`: the run's fault generator (`root.fork('faults')`), forked here per kind. */
  constructor(profile: FaultProfile, faults: Prng, ledger: AccountLedger, clock: SimClock) {
    this.#profile = profile;
    this.#ledger = ledger;
    this.#clock = clock;
    this.#error = faults.fork('restError');
    this.#stale = faults.fork('restStale');
    this.#slow = faults.fork('restSlow');
  }

  /** Requests drawn so far (every REST position request that passed auth and the rate limits). */
  get drawn(): number {
    return this.#drawn;
  }

  /**
   * Draws the fate of one request (`what`: method and path, for the truth's record).
   * `staleAnswers` false: a venue whose answer a client could not tell from a current one
   * (Deribit: see deribit-rest-session.ts); `restStale` is drawn, so the other draws keep their
   * sequence, but neither made nor recorded.
   */
  draw(what: string, staleAnswers = true): RestFate {
    const p = this.#profile;
    const now = this.#clock.nowMs();
    this.#drawn++;
    const error = this.#error.chance(p.restError.rate);
    const stale = this.#stale.chance(p.restStale.rate) && !error && staleAnswers;
    const slow = this.#slow.chance(p.restSlow.rate);
    const answered = now + (slow ? p.restSlow.delayMs : 0);
    if (error) this.#ledger.fault(now, 'restError', `${what} answered 503`, answered);
    if (stale) this.#ledger.fault(now, 'restStale', `${what} positions as of ${now - p.restStale.ageMs} ms (${p.restStale.ageMs} ms old)`, answered);
    if (slow) this.#ledger.fault(now, 'restSlow', `${what} answered +${p.restSlow.delayMs}ms`, answered);
    return { error, staleMs: stale ? p.restStale.ageMs : 0, delayMs: slow ? p.restSlow.delayMs : 0 };
  }
}
