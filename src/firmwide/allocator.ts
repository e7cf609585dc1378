import { readFileSync } from 'node:fs';
import { FirmwideError } from './firmwide-error.js';
import { IMPLICIT_ACCOUNT, applyReport, decodeReport, free, keyTokenProblem, leaseName, newRecord, setGrant, type HostReport, type LeaseRecord, type LeaseSide } from './lease-record.js';
import { LeaseStore } from './lease-store.js';

/** The allocator's config file (`riskgate allocator --config FILE`). */
export interface AllocatorConfig {
  /** NATS client URLs. */
  readonly servers: readonly string[];
  /** Replicas of the lease bucket (1 or 3). Default 1. */
  readonly replicas: number;
  /** Lease time to live (ms): a host that does not renew for this long goes reduce-only. Default 3000. */
  readonly ttlMs: number;
  /** Ms between the allocator's passes (it also reacts to every change of a record). Default 250. */
  readonly rebalanceMs: number;
  /** Hosts that get an equal initial slice; others get lots only on request. */
  readonly hosts: readonly string[];
  /**
   * The firm limits, one per (account, symbol): a firm trading one symbol in two accounts has
   * two limits, two leases. `account` absent: the implicit account (`default`), as in an engine
   * config without accounts.
   */
  readonly instruments: readonly AllocatorInstrument[];
}

export interface AllocatorInstrument {
  /** Absent (a config built by hand): the implicit account. A validated config always names it. */
  readonly account?: string;
  readonly symbol: string;
  readonly firmLong: number;
  readonly firmShort: number;
  /**
   * Hosts that get an equal initial slice of this lease (default: the config's `hosts`). A host
   * trades an instrument in one account only (its engine's config), so each account's lease
   * names the hosts that trade it: a slice given to a host that never renews it stays held.
   */
  readonly hosts?: readonly string[];
}

/** Every problem with a config (`allocator.x must be …`), unknown keys rejected; throws `FirmwideError` CONFIG. */
export function validateAllocatorConfig(v: unknown): AllocatorConfig {
  const problems: string[] = [];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FirmwideError('CONFIG', 'allocator config must be a JSON object');
  const o = v as Record<string, unknown>;
  const known = ['servers', 'replicas', 'ttlMs', 'rebalanceMs', 'hosts', 'instruments'];
  for (const k of Object.keys(o)) if (!known.includes(k)) problems.push(`allocator.${k} is not a known key (known: ${known.join(', ')})`);
  if (!Array.isArray(o['servers']) || o['servers'].length === 0 || !o['servers'].every((s) => typeof s === 'string')) problems.push('allocator.servers must be a non-empty array of NATS URLs');
  const int = (k: string, min: number, max: number, def: number): number => {
    const x = o[k];
    if (x === undefined) return def;
    if (!Number.isSafeInteger(x) || (x as number) < min || (x as number) > max) problems.push(`allocator.${k} must be an integer from ${min} to ${max}`);
    return x as number;
  };
  const replicas = int('replicas', 1, 5, 1);
  const ttlMs = int('ttlMs', 100, 600_000, 3000);
  const rebalanceMs = int('rebalanceMs', 10, 60_000, 250);
  const hosts = o['hosts'] ?? [];
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string' && /^[A-Za-z0-9_-]+$/.test(h))) problems.push('allocator.hosts must be an array of host ids ([A-Za-z0-9_-]+)');
  const insts = o['instruments'];
  if (!Array.isArray(insts) || insts.length === 0) problems.push('allocator.instruments must be a non-empty array');
  else {
    const seen = new Set<string>();
    insts.forEach((x, i) => {
      const r = x as Record<string, unknown>;
      const instKnown = ['account', 'symbol', 'firmLong', 'firmShort', 'hosts'];
      if (typeof r === 'object' && r !== null) for (const k of Object.keys(r)) if (!instKnown.includes(k)) problems.push(`allocator.instruments[${i}].${k} is not a known key (known: ${instKnown.join(', ')})`);
      const symbolProblem = keyTokenProblem(`allocator.instruments[${i}].symbol`, r?.['symbol']);
      if (symbolProblem !== undefined) problems.push(symbolProblem);
      const account = r?.['account'] ?? IMPLICIT_ACCOUNT;
      const accountProblem = keyTokenProblem(`allocator.instruments[${i}].account`, account);
      if (accountProblem !== undefined) problems.push(accountProblem);
      for (const k of ['firmLong', 'firmShort']) if (!Number.isSafeInteger(r?.[k]) || (r[k] as number) < 0) problems.push(`allocator.instruments[${i}].${k} must be an integer >= 0 (lots)`);
      const instHosts = r?.['hosts'];
      if (instHosts !== undefined && (!Array.isArray(instHosts) || !instHosts.every((h) => typeof h === 'string' && /^[A-Za-z0-9_-]+$/.test(h)))) problems.push(`allocator.instruments[${i}].hosts must be an array of host ids ([A-Za-z0-9_-]+)`);
      if (symbolProblem === undefined && accountProblem === undefined) {
        const name = leaseName(account as string, r['symbol'] as string);
        if (seen.has(name)) problems.push(`allocator.instruments[${i}]: account ${account as string} symbol ${r['symbol'] as string} is listed twice (one firm limit per account and symbol)`);
        seen.add(name);
      }
    });
  }
  if (problems.length > 0) throw new FirmwideError('CONFIG', problems.join('; '));
  const instruments = (insts as Record<string, unknown>[]).map((r): AllocatorInstrument => Object.freeze({
    account: (r['account'] as string | undefined) ?? IMPLICIT_ACCOUNT, symbol: r['symbol'] as string, firmLong: r['firmLong'] as number, firmShort: r['firmShort'] as number,
    ...(r['hosts'] !== undefined ? { hosts: r['hosts'] as string[] } : {}),
  }));
  return Object.freeze({ servers: o['servers'] as string[], replicas, ttlMs, rebalanceMs, hosts: hosts as string[], instruments });
}

export function loadAllocatorConfig(path: string): AllocatorConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FirmwideError('CONFIG', `cannot read allocator config ${path}: ${(e as Error).message}`);
  }
  return validateAllocatorConfig(json);
}

export interface AllocatorStats {
  passes: number;
  writes: number;
  conflicts: number;
  granted: number;
  reclaimed: number;
  lapsedHosts: number;
  failures: number;
  lastError: string;
}

/**
 * The allocator: grants each configured host an equal initial slice of every firm limit,
 * answers requests (a host near its grant writes `want`), reclaims idle slices, and lowers the
 * grant of a host that stopped renewing to 0. Every change is one compare-and-swap on the
 * instrument's record (lease-store.ts), computed from the revision it replaces.
 *
 * It never grants what it has not taken back first: a grant is raised only from the lots nobody
 * holds (`free`); reclaiming lowers a donor's *grant*, and the lots become free only when the
 * donor itself lowers its *hold*, after its risk thread enforces the lower grant, and never
 * below the exposure it still has. A host that stopped renewing keeps its hold (its positions
 * are still in the market, and what it may have bought since its last report is unknown): the
 * allocator takes back nothing it cannot prove unused.
 *
 * Stateless between passes except for when it last saw each host's renewal counter move (on
 * its own clock, for lapse detection; after a restart it waits a full TTL again): its state is
 * the bucket, so it can die and restart, or run twice (the swaps serialize them).
 */
export class Allocator {
  readonly stats: AllocatorStats = { passes: 0, writes: 0, conflicts: 0, granted: 0, reclaimed: 0, lapsedHosts: 0, failures: 0, lastError: '' };
  private readonly seen = new Map<string, { beat: number; at: number }>();
  /** The hosts' latest reports (`host.<ACCOUNT>.<SYMBOL>.<host>` keys), by lease name (`leaseName`) then host, from the watch. */
  private readonly reports = new Map<string, Map<string, HostReport>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(readonly store: LeaseStore, readonly config: AllocatorConfig, private readonly now: () => number = Date.now) {}

  static async open(config: AllocatorConfig): Promise<Allocator> {
    return new Allocator(await LeaseStore.open(config.servers, { replicas: config.replicas, name: 'riskgate-allocator' }), config);
  }

  async start(): Promise<void> {
    this.running = true;
    void this.watchReports();
    await this.passAll();
    void this.watch();
    const tick = async (): Promise<void> => {
      if (!this.running) return;
      await this.passAll();
      if (this.running) this.timer = setTimeout(() => void tick(), this.config.rebalanceMs);
    };
    this.timer = setTimeout(() => void tick(), this.config.rebalanceMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.store.close().catch(() => undefined);
  }

  async passAll(): Promise<void> {
    for (const inst of this.config.instruments) await this.pass(inst.symbol, inst.account ?? IMPLICIT_ACCOUNT);
  }

  /** One rebalancing pass over one instrument of one account (the implicit one by default): at most one write. */
  async pass(symbol: string, account: string = IMPLICIT_ACCOUNT): Promise<void> {
    this.stats.passes++;
    const inst = this.config.instruments.find((i) => i.symbol === symbol && (i.account ?? IMPLICIT_ACCOUNT) === account);
    if (inst === undefined) return;
    const name = leaseName(account, symbol);
    try {
      let granted = 0;
      let reclaimed = 0;
      const m = await this.store.mutate(symbol, (cur) => {
        granted = 0;
        reclaimed = 0;
        const r = cur ?? newRecord(symbol, inst.firmLong, inst.firmShort, this.config.ttlMs, account);
        let changed = cur === null;
        // The hosts' own reports (exposure, requests, renewal counters) into the record's copy:
        // written with the next change, never a change by themselves.
        for (const rep of this.reports.get(name)?.values() ?? []) applyReport(r, rep);
        const hosts = inst.hosts ?? this.config.hosts;
        const share = (firm: number): number => Math.floor(firm / Math.max(1, hosts.length));
        for (const h of hosts) {
          if (r.hosts[h] !== undefined) continue;
          granted += setGrant(r, h, 'long', share(r.firmLong)) + setGrant(r, h, 'short', share(r.firmShort));
          changed = true;
        }
        const now = this.now();
        for (const [h, s] of Object.entries(r.hosts)) {
          const seen = this.seen.get(`${name}/${h}`);
          if (seen === undefined || seen.beat !== s.beat) {
            this.seen.set(`${name}/${h}`, { beat: s.beat, at: now });
            continue;
          }
          // Not renewed for two TTLs on our clock: its lease lapsed there; grant it nothing more.
          if (now - seen.at > 2 * r.ttlMs && (s.long > 0 || s.short > 0)) {
            reclaimed += s.long + s.short;
            setGrant(r, h, 'long', 0);
            setGrant(r, h, 'short', 0);
            this.stats.lapsedHosts++;
            changed = true;
          }
        }
        for (const side of ['long', 'short'] as const) {
          const d = this.rebalance(r, side);
          granted += d.granted;
          reclaimed += d.reclaimed;
          if (d.granted > 0 || d.reclaimed > 0) changed = true;
        }
        return changed ? r : null;
      }, { account });
      this.stats.conflicts += m.conflicts;
      if (m.written) {
        this.stats.writes++;
        this.stats.granted += granted;
        this.stats.reclaimed += reclaimed;
      }
    } catch (e) {
      this.stats.failures++;
      this.stats.lastError = (e as Error).message;
    }
  }

  /**
   * Requests first from the free lots; what stays unmet is reclaimed from idle hosts (grant above
   * twice their exposure, not asking themselves): their grants are lowered, and the lots come
   * free when they acknowledge; a later pass grants them.
   */
  private rebalance(r: LeaseRecord, side: LeaseSide): { granted: number; reclaimed: number } {
    const L = side === 'long';
    let granted = 0;
    let reclaimed = 0;
    let unmet = 0;
    for (const [h, s] of Object.entries(r.hosts)) {
      const want = L ? s.wantLong : s.wantShort;
      const live = this.live(r, h);
      if (want <= 0 || !live) continue;
      const grant = L ? s.long : s.short;
      const give = Math.min(want, free(r, side));
      if (give > 0) granted += setGrant(r, h, side, grant + give) - grant;
      // Granted in full: this report's request is answered (the host asks again when still near).
      if (give === want) {
        if (L) s.answeredLong = s.beat;
        else s.answeredShort = s.beat;
      }
      unmet += want - give;
    }
    if (unmet <= 0) return { granted, reclaimed };
    for (const [h, s] of Object.entries(r.hosts)) {
      if (unmet <= 0) break;
      const grant = L ? s.long : s.short;
      const used = L ? s.usedLong : s.usedShort;
      const want = L ? s.wantLong : s.wantShort;
      if (want > 0 || grant <= 2 * used + 1) continue;
      const keep = Math.max(used + 1, Math.ceil(grant / 2), grant - unmet);
      if (keep >= grant) continue;
      setGrant(r, h, side, keep);
      reclaimed += grant - keep;
      unmet -= grant - keep;
    }
    return { granted, reclaimed };
  }

  private live(r: LeaseRecord, host: string): boolean {
    const seen = this.seen.get(`${leaseName(r.account, r.symbol)}/${host}`);
    return seen === undefined || this.now() - seen.at <= 2 * r.ttlMs;
  }

  /** Keeps the hosts' latest reports; a report with a request starts a pass at once. */
  private watchReports(): Promise<void> {
    return this.store.watchReports(() => this.running, async (key, value) => {
      let rep: HostReport;
      try {
        rep = decodeReport(value);
      } catch {
        return; // not a report: ignored
      }
      // The key names the report's account, symbol and host (an earlier version's key, without
      // the account, does not match and is ignored).
      if (`${rep.account}.${rep.symbol}.${rep.host}` !== key) return;
      const name = leaseName(rep.account, rep.symbol);
      let byLease = this.reports.get(name);
      if (byLease === undefined) this.reports.set(name, (byLease = new Map()));
      byLease.set(rep.host, rep);
      if (rep.wantLong > 0 || rep.wantShort > 0) await this.pass(rep.symbol, rep.account);
    }, (m) => { this.stats.lastError = m; });
  }

  private watch(): Promise<void> {
    return this.store.watchLeases(() => this.running, (account, symbol) => this.pass(symbol, account), (m) => { this.stats.lastError = m; });
  }
}
