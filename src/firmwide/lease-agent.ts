import { FirmwideError } from './firmwide-error.js';
import { IMPLICIT_ACCOUNT, emptySlice, holdChanges, keyTokenProblem, leaseName, renewSlice, type LeaseRecord } from './lease-record.js';
import type { LeaseStore } from './lease-store.js';

/** Worst-case exposure of one instrument on this host, per side, in lots (>= 0). */
export interface SideLots {
  long: number;
  short: number;
}

/**
 * Where the agent's leases go and where it reads what they must cover: in a host, the risk
 * thread behind an event lane (gate-lease-target.ts). Every method is called on the agent's
 * thread; none waits on the risk thread.
 */
export interface LeaseTarget {
  /** Publishes a lease of instrument `inst` to the risk thread, valid `forMs` from when it applies it. */
  publish(inst: number, long: number, short: number, forMs: number): void;
  /** True once the risk thread applied every lease published so far. */
  applied(): boolean;
  /** Worst-case exposure of `inst` now (position interval plus open orders), or undefined when unknown. */
  exposure(inst: number): SideLots | undefined;
}

export interface LeaseAgentOptions {
  /** Host id: its key in every lease record. */
  readonly host: string;
  /** Instruments, in the engine's index order. */
  readonly symbols: readonly string[];
  /**
   * The account of each instrument, in the same order (`accountsOf(config)[accountIndexOf(config, c)].name`):
   * instrument i renews the lease `lease.<accounts[i]>.<symbols[i]>`. Absent: every instrument
   * is the implicit account's (an engine config without accounts).
   */
  readonly accounts?: readonly string[];
  /** Ms between renewals (default: a quarter of the record's TTL, read at each renewal). */
  readonly renewMs?: number;
  /** Ms between checks whether the host came near its grant and should ask now (default 50). */
  readonly checkMs?: number;
  /** Ask for more when within this share of the grant (default 0.25). */
  readonly nearShare?: number;
  /** Lots asked for at once (default: a quarter of the firm limit, at least 1). */
  readonly askLots?: number;
  /** The agent's clock (ms); the risk thread's must run at the same rate (both read this host's clock). */
  readonly now?: () => number;
  /** Bound of the wait for the risk thread to apply a lowered lease (ms, default 2000). */
  readonly applyTimeoutMs?: number;
}

export interface LeaseAgentStats {
  renewals: number;
  /** Renewals that wrote the shared lease entry (the hold changed); the others wrote only the host's report. */
  holdWrites: number;
  /** Renewals that lost a compare-and-swap to another writer and were redone from a fresh read. */
  conflicts: number;
  /** Renewals that failed (NATS unreachable, timeout): the lease runs out on the risk thread's clock. */
  failures: number;
  /** Lowered grants enforced before the hold was given back. */
  lowered: number;
  raised: number;
  /** Renewals that landed after the previous lease had lapsed on this host's clock (reduce-only meanwhile). */
  lapses: number;
  /** Longest time from a renewal's read to its lease being published (ms): what the TTL must cover. */
  slowestRenewalMs: number;
  /** Median and 99th percentile of that time over the last renewals (`LeaseAgent.LATENCY_WINDOW`), ms. */
  renewalP50Ms: number;
  renewalP99Ms: number;
  lastError: string;
}

/**
 * The host side of the firm-wide leases. It renews this host's slice of each instrument's firm
 * limit (the limit of the instrument's account and symbol, `lease.<ACCOUNT>.<SYMBOL>`) in the lease bucket and hands what it holds to the risk thread (never the other way:
 * the risk thread never waits on the network).
 *
 * A renewal, per instrument: note the time `t0`; read the record (revision r); if the grant was
 * lowered, publish the lower lease and wait until the risk thread applied it (then read the
 * exposure the host still has, which from then on cannot grow past the grant); when the hold
 * `max(grant, exposure)` differs from the recorded one, write it with a compare-and-swap on r
 * (rare: after a lowered grant, or exposure that outgrew the hold); then put this host's report
 * (exposure, a request for more when near the grant, the renewal counter) on its own key, where
 * no other writer contends; once that landed, publish the grant valid `ttl - (now - t0)`: the
 * lease lapses on this host's clock no later than a TTL after the read that granted it. A lost
 * swap is redone from a fresh read; a failure leaves the last lease to run out, after which the
 * risk thread lets only risk-reducing orders through (LEASE_LIMIT), until a renewal lands.
 *
 * Enforcing a grant read at r without writing is safe: the grant is at most the hold recorded
 * at r, and only this host lowers its hold. The time from `t0` to the publish is the renewal
 * latency (`stats.slowestRenewalMs`, `latencyPercentiles()`): renewals every `renewMs` keep the
 * lease valid while that latency stays below `ttl - renewMs`.
 *
 * Starting: `start()` publishes a zero lease for every instrument and waits until it is applied
 * before it returns, so a host trades nothing risk-increasing before its first lease; the
 * embedding creates its strategies after `start()`.
 */
export class LeaseAgent {
  /** Renewal latencies kept for the percentiles in `stats`. */
  static readonly LATENCY_WINDOW = 4096;
  readonly stats: LeaseAgentStats = {
    renewals: 0, holdWrites: 0, conflicts: 0, failures: 0, lowered: 0, raised: 0, lapses: 0, slowestRenewalMs: 0, renewalP50Ms: 0, renewalP99Ms: 0, lastError: '',
  };
  private readonly latencies = new Float64Array(LeaseAgent.LATENCY_WINDOW);
  private latencyCount = 0;
  /** Per instrument: the beat of this host's last report, its request, the last record read. */
  private readonly beats: number[];
  private readonly asked: SideLots[];
  private readonly lastRecord: (LeaseRecord | undefined)[];
  /** Newest revision of each instrument's entry this host read or wrote. */
  private readonly lastRevision: number[];
  /** TTL of the last record read (ms): sets the default renewal period. */
  private ttlMs = 1500;
  /** What the risk thread enforces (or will once applied), per instrument. */
  readonly enforced: SideLots[];
  /** Local time each instrument's lease lapses at (0: no lease yet). */
  readonly lapsesAt: number[];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly busy: boolean[];
  private readonly again: boolean[];
  private readonly now: () => number;
  /** Account of each instrument. */
  private readonly accounts: readonly string[];
  /** Instrument index by lease name (`<ACCOUNT>.<SYMBOL>`), for the watch. */
  private readonly byLease = new Map<string, number>();

  /** Throws `FirmwideError` CONFIG when an account or symbol cannot be a token of a lease key. */
  constructor(private readonly store: LeaseStore, private readonly target: LeaseTarget, private readonly options: LeaseAgentOptions) {
    const accounts = options.accounts ?? options.symbols.map(() => IMPLICIT_ACCOUNT);
    const problems: string[] = [];
    if (accounts.length !== options.symbols.length) problems.push(`lease agent: ${accounts.length} accounts for ${options.symbols.length} instruments`);
    options.symbols.forEach((symbol, i) => {
      for (const p of [keyTokenProblem(`instrument ${i} symbol`, symbol), keyTokenProblem(`instrument ${i} (${symbol}) account`, accounts[i])]) if (p !== undefined) problems.push(p);
      this.byLease.set(leaseName(accounts[i]!, symbol), i);
    });
    if (problems.length > 0) throw new FirmwideError('CONFIG', problems.join('; '));
    this.accounts = accounts;
    this.enforced = options.symbols.map(() => ({ long: 0, short: 0 }));
    this.lapsesAt = options.symbols.map(() => 0);
    this.busy = options.symbols.map(() => false);
    this.again = options.symbols.map(() => false);
    this.beats = options.symbols.map(() => 0);
    this.asked = options.symbols.map(() => ({ long: 0, short: 0 }));
    this.lastRecord = options.symbols.map(() => undefined);
    this.lastRevision = options.symbols.map(() => 0);
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  /** Zero leases applied (nothing risk-increasing yet), then renewals every `renewMs` and on every change of a record. */
  async start(): Promise<void> {
    for (let i = 0; i < this.options.symbols.length; i++) this.target.publish(i, 0, 0, 0);
    await this.waitApplied();
    this.running = true;
    await Promise.all(this.options.symbols.map((_, i) => this.renew(i)));
    void this.watch();
    // Renewals every `renewMs` (default a quarter of the TTL: a renewal may take up to three
    // quarters of the TTL before the lease lapses); between them, every `checkMs`, a host that
    // came near its grant since its last report asks at once rather than at its next renewal.
    const checkMs = this.options.checkMs ?? 50;
    let nextRenewal = this.now() + this.renewEvery();
    const tick = (): void => {
      if (!this.running) return;
      const now = this.now();
      const renewAll = now >= nextRenewal;
      if (renewAll) nextRenewal = now + this.renewEvery();
      for (let i = 0; i < this.options.symbols.length; i++) if (renewAll || this.shouldAsk(i)) void this.renew(i);
      this.timer = setTimeout(tick, checkMs);
    };
    this.timer = setTimeout(tick, checkMs);
  }

  private renewEvery(): number {
    return this.options.renewMs ?? Math.max(10, Math.floor(this.ttlMs / 4));
  }

  /** Near its grant on a side it has not asked for since: the exposure grew since the last report. */
  private shouldAsk(inst: number): boolean {
    if (this.busy[inst] || this.lastRecord[inst] === undefined) return false;
    const used = this.target.exposure(inst);
    if (used === undefined) return false;
    const want = this.want(this.lastRecord[inst]!, this.enforced[inst]!, used);
    const asked = this.asked[inst]!;
    return (want.long > 0 && asked.long === 0) || (want.short > 0 && asked.short === 0);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** Is instrument `inst`'s lease valid now, on this host's clock? */
  valid(inst: number): boolean {
    return this.now() <= this.lapsesAt[inst]!;
  }

  /** One renewal of instrument `inst` (coalesced: a call while one runs schedules one more). */
  async renew(inst: number): Promise<void> {
    if (this.busy[inst]) {
      this.again[inst] = true;
      return;
    }
    this.busy[inst] = true;
    try {
      do {
        this.again[inst] = false;
        await this.renewOnce(inst);
      } while (this.again[inst] && this.running);
    } catch (e) {
      this.stats.failures++;
      this.stats.lastError = (e as Error).message;
    } finally {
      this.busy[inst] = false;
    }
  }

  private async renewOnce(inst: number): Promise<void> {
    const symbol = this.options.symbols[inst]!;
    const account = this.accounts[inst]!;
    const host = this.options.host;
    for (let attempt = 0; attempt < 20; attempt++) {
      const t0 = this.now();
      const cur = await this.store.read(symbol, account);
      if (cur.record === null) return; // no allocator has written this instrument yet: no lease
      const rec = cur.record;
      this.lastRevision[inst] = Math.max(this.lastRevision[inst]!, cur.revision);
      const slice = rec.hosts[host] ?? emptySlice();
      const grant = { long: slice.long, short: slice.short };
      const had = this.enforced[inst]!;
      let used = this.target.exposure(inst);
      if (grant.long < had.long || grant.short < had.short) {
        // Lowered: enforce it before giving the hold back; then the exposure can only shrink.
        const lower = { long: Math.min(grant.long, had.long), short: Math.min(grant.short, had.short) };
        this.target.publish(inst, lower.long, lower.short, Math.max(0, this.lapsesAt[inst]! - this.now()));
        await this.waitApplied();
        // A second publish, applied after the first one's pass published the state block: the
        // exposure read next was measured with the lower lease in force.
        this.target.publish(inst, lower.long, lower.short, Math.max(0, this.lapsesAt[inst]! - this.now()));
        await this.waitApplied();
        this.enforced[inst] = lower;
        this.stats.lowered++;
        used = this.target.exposure(inst);
      }
      // Unknown exposure (no snapshot yet): keep the whole previous hold.
      const usedLots = used ?? { long: slice.heldLong, short: slice.heldShort };
      const want = this.want(rec, grant, usedLots);
      if (holdChanges(slice, grant, usedLots)) {
        // The hold falls (a lowered grant now enforced) or must cover exposure that outgrew it:
        // the one write of the shared entry, by swap on the revision read.
        const next: LeaseRecord = { ...rec, hosts: { ...rec.hosts, [host]: { ...slice } } };
        renewSlice(next, host, grant, usedLots, want);
        const rev = await this.store.cas(rec, next, cur.revision, true);
        if (rev < 0) {
          this.stats.conflicts++;
          continue;
        }
        this.lastRevision[inst] = Math.max(this.lastRevision[inst]!, rev);
        this.stats.holdWrites++;
      }
      // Everything else goes to this host's own key: no other writer, so no lost swaps.
      const beat = Math.max(this.beats[inst]!, slice.beat) + 1;
      await this.store.putReport({ host, account, symbol, usedLong: usedLots.long, usedShort: usedLots.short, wantLong: want.long, wantShort: want.short, beat });
      this.beats[inst] = beat;
      this.asked[inst] = want;
      this.lastRecord[inst] = rec;
      this.ttlMs = rec.ttlMs;
      const lapses = t0 + rec.ttlMs;
      const now = this.now();
      if (this.lapsesAt[inst]! > 0 && now > this.lapsesAt[inst]!) this.stats.lapses++;
      this.noteLatency(now - t0);
      if (grant.long > this.enforced[inst]!.long || grant.short > this.enforced[inst]!.short) this.stats.raised++;
      this.target.publish(inst, grant.long, grant.short, Math.max(0, lapses - now));
      this.enforced[inst] = grant;
      this.lapsesAt[inst] = lapses;
      this.stats.renewals++;
      return;
    }
    throw new Error(`${leaseName(account, symbol)}: renewal lost 20 compare-and-swaps in a row`);
  }

  private noteLatency(ms: number): void {
    this.latencies[this.latencyCount++ % LeaseAgent.LATENCY_WINDOW] = ms;
    this.stats.slowestRenewalMs = Math.max(this.stats.slowestRenewalMs, ms);
  }

  /** The kept renewal latencies (ms), in no particular order. */
  latencySamples(): number[] {
    return Array.from(this.latencies.subarray(0, Math.min(this.latencyCount, LeaseAgent.LATENCY_WINDOW)));
  }

  /** Updates `stats.renewalP50Ms`/`renewalP99Ms` from the kept latencies (not on every renewal: it sorts). */
  latencyPercentiles(): { p50: number; p99: number; n: number } {
    const n = Math.min(this.latencyCount, LeaseAgent.LATENCY_WINDOW);
    const s = this.latencies.slice(0, n).sort();
    const at = (p: number): number => (n === 0 ? 0 : s[Math.min(n - 1, Math.floor(p * n))]!);
    this.stats.renewalP50Ms = at(0.5);
    this.stats.renewalP99Ms = at(0.99);
    return { p50: this.stats.renewalP50Ms, p99: this.stats.renewalP99Ms, n };
  }

  private want(rec: LeaseRecord, grant: SideLots, used: SideLots): SideLots {
    const near = this.options.nearShare ?? 0.25;
    const ask = (firm: number): number => this.options.askLots ?? Math.max(1, Math.floor(firm / 4));
    // Near: headroom within a share of the grant, but less than one request (a host just raised
    // by a request is not near again at once).
    const near1 = (g: number, u: number, a: number): boolean => g - u <= Math.max(1, Math.min(a - 1, Math.ceil(g * near)));
    const askL = ask(rec.firmLong);
    const askS = ask(rec.firmShort);
    return { long: near1(grant.long, used.long, askL) ? askL : 0, short: near1(grant.short, used.short, askS) ? askS : 0 };
  }

  /** Renews an instrument as soon as its record changes (a raise, a lower), besides the timer. */
  private watch(): Promise<void> {
    return this.store.watchLeases(() => this.running, (account, symbol, value, revision) => {
      // Only this instrument's account's lease: a slice of the same symbol in another account is not this instrument's.
      const inst = this.byLease.get(leaseName(account, symbol));
      if (inst === undefined) return;
      try {
        const s = (JSON.parse(new TextDecoder().decode(value)) as LeaseRecord).hosts[this.options.host];
        const had = this.enforced[inst]!;
        if (s === undefined || (s.long === had.long && s.short === had.short)) return;
        // A raise on both sides is enforced at once, until the current lease's lapse (no later):
        // the allocator raised the hold with it, so the lots are this host's. The renewal then
        // reports it (and handles anything lowered).
        // Only a revision newer than every one this host read or wrote: an older one may predate
        // this host's own lowering of its hold.
        if (revision > this.lastRevision[inst]! && s.long >= had.long && s.short >= had.short && this.valid(inst)) {
          this.target.publish(inst, s.long, s.short, Math.max(0, this.lapsesAt[inst]! - this.now()));
          this.enforced[inst] = { long: s.long, short: s.short };
          this.stats.raised++;
        }
        void this.renew(inst);
      } catch {
        // not a lease record: ignored
      }
    }, (m) => { this.stats.lastError = m; });
  }

  private async waitApplied(): Promise<void> {
    const deadline = Date.now() + (this.options.applyTimeoutMs ?? 2000);
    while (!this.target.applied()) {
      if (Date.now() > deadline) throw new Error('the risk thread did not apply a lease within the bound');
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
