/**
 * Asks a venue's REST hook for fresh position snapshots when an instrument stays unhealthy.
 *
 * Input: `health(symbol)`, the instrument's health code as the risk thread publishes it (0
 * healthy; otherwise the deny code risk-increasing orders get: stale feed, awaiting a snapshot
 * after reconnect, sequence gap, unexplained snapshot, unconfirmed fills). feeds/ does not
 * import risk/: which codes warrant a REST call is the caller's choice (`codes`; default any
 * non-zero code).
 * Output: `onEvent(snapshot)` for every snapshot the hook returns, in the order returned, except
 * the answers to a request sent before a reconnect (`epoch`), which are dropped and counted. With
 * `epoch`, an answer is marked `current` when its request went out at least the policy's
 * `maxStalenessMs` after this reconciler first saw the epoch it was sent in: the answer then shows
 * the state after the last reconnect (the reconciler sees a new epoch no earlier than the engine
 * applied it, and the engine no earlier than the feed came back), which ends a known loss even
 * when the venue time of the position did not move (a quiet account).
 *
 * Rules, per instrument: unhealthy continuously for `afterMs` → due; at most `maxInFlight`
 * requests in flight for the whole venue (default 1; one call may cover several due
 * instruments); after a request an instrument waits `cooldownMs` before the next while it stays
 * unhealthy, even while that request is still out (once healthy, the next uncertainty waits only
 * `afterMs`: the hook's rate budget bounds the rate; likewise after a reconnect, `epoch`, whose
 * answers to the requests still out will be dropped: the next goes `afterMs` after it, not a
 * cooldown after the last request). So with `maxInFlight` > 1 a slow answer (a lagging venue, a request lost
 * on the way) does not hold the instrument's recovery: another request goes out a cooldown later,
 * and whichever answer lands first resolves it. A later one may be older than a position the
 * stream delivered meanwhile: the engine ignores it only when it can place it (a watermark on a
 * sequenced instrument, a venue time on a walk-back one); an answer with neither would be walked
 * as current, so a venue whose answers carry neither belongs on a sequenced instrument whose hook
 * brackets a watermark (Deribit). Every request still goes through the hook's rate
 * budget. A failed call (budget, the venue's "come back
 * later" and the back-off after it, network) is counted here (`failures`) and by reason in the
 * hook's `stats`, logged, and retried on a later tick after the cooldown. Driven by `tick()` (tests,
 * replays) or `start(periodMs)` with injected timers.
 */
import type { SnapshotEvent } from '../events/market-events.js';
import type { FeedLogger } from './feed-logger.js';
import { silentLogger } from './feed-logger.js';
import type { FeedTimers, TimerHandle } from './feed-timers.js';
import type { PositionHook } from './position-hook.js';
import type { ReconcilePolicy } from './venue-config.js';

export interface ReconcilerOptions {
  readonly hook: PositionHook;
  readonly symbols: readonly string[];
  readonly health: (symbol: string) => number;
  readonly onEvent: (event: SnapshotEvent) => void;
  readonly policy: ReconcilePolicy;
  readonly timers: FeedTimers;
  /** Health codes that warrant a REST snapshot; default: every non-zero code. */
  readonly codes?: ReadonlySet<number>;
  /** Requests in flight at once (integer >= 1; default 1). */
  readonly maxInFlight?: number;
  /**
   * The feed's reconnect epoch as the embedding last saw it (any number that changes whenever a
   * feed of these instruments goes down or comes back up: e.g. the engine's feed-event count).
   * When given, an answer is delivered only if the epoch is the same as when its request went
   * out: a request sent before a reconnect may be answered with a position from before the
   * outage, which must not end the known loss (counted in `stats.discarded`).
   */
  readonly epoch?: () => number;
  /**
   * The engine's clock (ms of engine time), read as a request goes out. When given, every answer
   * carries `asOf`: that moment less the policy's `maxStalenessMs`, the earliest moment of the
   * venue's state it can show (market-events.ts). Read on this thread; it must run on the
   * engine's time base (`ThreadedEngine.engineTimeMs`).
   */
  readonly engineClock?: () => number;
  readonly logger?: FeedLogger;
}

export interface ReconcilerStats {
  requests: number;
  snapshots: number;
  failures: number;
  /** Answers dropped because a feed reconnected (or went down) while their request was out. */
  discarded: number;
  /** Snapshots delivered marked `current` (their request went out `maxStalenessMs` after the reconnect). */
  current: number;
}

export class Reconciler {
  readonly stats: ReconcilerStats = { requests: 0, snapshots: 0, failures: 0, discarded: 0, current: 0 };
  readonly #o: ReconcilerOptions;
  readonly #unhealthySince = new Map<string, number>();
  readonly #lastRequest = new Map<string, number>();
  /** The epoch each instrument's last request went out in. */
  readonly #lastEpoch = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #maxInFlight: number;
  /** The epoch seen last, and when it was first seen (this reconciler's clock). */
  #seenEpoch: number | undefined;
  #seenSince = 0;
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: ReconcilerOptions) {
    const max = options.maxInFlight ?? 1;
    if (!(Number.isSafeInteger(max) && max >= 1)) throw new RangeError(`options.maxInFlight must be an integer >= 1, got ${String(options.maxInFlight)}`);
    this.#o = options;
    this.#maxInFlight = max;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Checks every instrument once; starts a request for the due ones. Resolves when the requests in flight settle. */
  tick(): Promise<void> {
    const now = this.#o.timers.nowMs();
    const epoch = this.#o.epoch;
    const current = epoch === undefined ? 0 : epoch();
    if (current !== this.#seenEpoch) {
      this.#seenEpoch = current;
      this.#seenSince = now;
    }
    const due: string[] = [];
    for (const symbol of this.#o.symbols) {
      const code = this.#o.health(symbol);
      const unhealthy = code !== 0 && (this.#o.codes === undefined || this.#o.codes.has(code));
      if (!unhealthy) {
        // A new uncertainty later is a new question: it waits afterMs, not the last one's cooldown.
        this.#unhealthySince.delete(symbol);
        this.#lastRequest.delete(symbol);
        continue;
      }
      if (this.#lastRequest.has(symbol) && this.#lastEpoch.get(symbol) !== current) {
        // The feed went down or came back since the last request: its answer will be dropped, so
        // it does not hold the next one back. A new question, asked afterMs from now.
        this.#lastRequest.delete(symbol);
        this.#unhealthySince.set(symbol, now);
      }
      const since = this.#unhealthySince.get(symbol) ?? now;
      this.#unhealthySince.set(symbol, since);
      const last = this.#lastRequest.get(symbol) ?? -Infinity;
      if (now - since >= this.#o.policy.afterMs && now - last >= this.#o.policy.cooldownMs) due.push(symbol);
    }
    if (due.length === 0 || this.#inFlight.size >= this.#maxInFlight) return this.#settled();
    for (const s of due) {
      this.#lastRequest.set(s, now);
      this.#lastEpoch.set(s, current);
    }
    this.stats.requests++;
    const sentIn = current;
    const fresh = epoch !== undefined && now - this.#o.policy.maxStalenessMs >= this.#seenSince;
    const asOf = this.#o.engineClock === undefined ? undefined : this.#o.engineClock() - this.#o.policy.maxStalenessMs;
    const request: Promise<void> = this.#o.hook.fetchSnapshots(due).then(
      (events) => {
        if (epoch !== undefined && epoch() !== sentIn) {
          this.stats.discarded += events.length;
          return;
        }
        for (const e of events) {
          if (this.#stopped) break;
          this.stats.snapshots++;
          if (fresh) this.stats.current++;
          this.#o.onEvent(fresh || asOf !== undefined ? { ...e, ...(fresh ? { current: true } : {}), ...(asOf === undefined ? {} : { asOf }) } : e);
        }
      },
      (e: unknown) => {
        this.stats.failures++;
        (this.#o.logger ?? silentLogger).warn(`${this.#o.hook.venue}: REST snapshot of ${due.join(', ')} failed: ${(e as Error).message}`);
      },
    ).finally(() => {
      this.#inFlight.delete(request);
    });
    this.#inFlight.add(request);
    return this.#settled();
  }

  #settled(): Promise<void> {
    return this.#inFlight.size === 0 ? Promise.resolve() : Promise.all([...this.#inFlight]).then(() => undefined);
  }

  /** Ticks every `periodMs` until `stop()`. */
  start(periodMs: number): void {
    const loop = (): void => {
      if (this.#stopped) return;
      void this.tick();
      this.#timer = this.#o.timers.after(periodMs, loop);
    };
    this.#timer = this.#o.timers.after(periodMs, loop);
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }
}
