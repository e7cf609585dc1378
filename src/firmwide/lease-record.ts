/**
 * The leases of one instrument of one account: one key-value entry holding every host's slice of the firm
 * limit, changed only by compare-and-swap on the entry's revision (lease-store.ts). One entry
 * per (account, instrument) (not one per host) because the invariant spans the hosts: a CAS on a single
 * entry is linearizable, so checking the sum in every write keeps it whatever order writes land
 * in. (JetStream 2.9 has no multi-key transaction.)
 *
 * What changes on every renewal lives elsewhere: each host's **report** (`HostReport`: its
 * exposure, its request, its renewal counter) is a key of its own, `host.<ACCOUNT>.<SYMBOL>.<host>`, written
 * only by that host. A renewal therefore writes the shared entry only when the host's hold must
 * change (it enforced a lowered grant, or its exposure outgrew its hold); the allocator reads the
 * reports and copies them into the record it writes (`applyReport`). The reports carry nothing
 * the invariant counts: a lost or stale report can delay a rebalance, never over-grant.
 *
 * Per host and side, three numbers:
 * - `long`/`short`, the **grant**: what the allocator lets the host enforce from now on;
 * - `heldLong`/`heldShort`, the **hold**: the most the host may be using right now, counted
 *   against the firm limit. A grant is raised together with the hold (the host may use more only
 *   after it reads the raise); a grant is lowered alone: the hold falls only when the host itself
 *   writes it, after its risk thread enforces the lower grant, and never below the exposure it
 *   still has (`used`): **the allocator grants only what it has taken back first**;
 * - `usedLong`/`usedShort`, the host's worst-case exposure (position interval plus open orders)
 *   at its last renewal, and `wantLong`/`wantShort`, lots it asks for beyond its grant.
 *
 * The invariant, checked before every write: the holds add up to at most the firm limit on each
 * side, or (when exposure that predates the leases already exceeds it) a write does not raise
 * their sum.
 */
/**
 * The account of a lease when none is named (an engine or allocator config without accounts):
 * the engine's implicit account (`CONFIG_DEFAULTS.account`).
 */
export const IMPLICIT_ACCOUNT = 'default';

/**
 * Account and symbol names become tokens of KV keys (`lease.<ACCOUNT>.<SYMBOL>`): NATS KV keys
 * are tokens separated by `.`, and a token here must be non-empty and of `[A-Za-z0-9_-]` (no
 * `.`, which would split it, no `*`/`>` wildcards, no spaces).
 */
export const KEY_TOKEN = /^[A-Za-z0-9_-]+$/;

/** Why `name` cannot be a token of a lease key (undefined when it can). */
export function keyTokenProblem(what: string, name: unknown): string | undefined {
  if (typeof name === 'string' && KEY_TOKEN.test(name)) return undefined;
  return `${what} ${JSON.stringify(name)} cannot name a lease key: NATS KV key tokens are separated by '.', and a token must be a non-empty string of [A-Za-z0-9_-]`;
}

/** The name of a lease in keys, logs and maps: `<ACCOUNT>.<SYMBOL>`. */
export function leaseName(account: string, symbol: string): string {
  return `${account}.${symbol}`;
}

export interface HostSlice {
  long: number;
  short: number;
  heldLong: number;
  heldShort: number;
  usedLong: number;
  usedShort: number;
  wantLong: number;
  wantShort: number;
  /** Renewals so far: the allocator sees a host alive while this moves (a copy of the report's). */
  beat: number;
  /**
   * The report `beat` whose request on each side the allocator last granted in full: a request
   * is granted once per report (a host asks again in its next report if still near its grant).
   */
  answeredLong: number;
  answeredShort: number;
}

/** A host's renewal report of one instrument: its own key (`reportKey`), written by that host only. */
export interface HostReport {
  readonly host: string;
  /** The account of the lease (`IMPLICIT_ACCOUNT` when absent in what was read). */
  readonly account: string;
  readonly symbol: string;
  readonly usedLong: number;
  readonly usedShort: number;
  readonly wantLong: number;
  readonly wantShort: number;
  /** Renewals so far (moves on every report). */
  readonly beat: number;
}

export interface LeaseRecord {
  /** The account whose firm limit this is (one firm limit per account and symbol). */
  readonly account: string;
  readonly symbol: string;
  readonly firmLong: number;
  readonly firmShort: number;
  /** Lease time to live (ms), counted by each host on its own clock from before its renewal read. */
  readonly ttlMs: number;
  hosts: Record<string, HostSlice>;
}

export type LeaseSide = 'long' | 'short';

export function emptySlice(): HostSlice {
  return { long: 0, short: 0, heldLong: 0, heldShort: 0, usedLong: 0, usedShort: 0, wantLong: 0, wantShort: 0, beat: 0, answeredLong: 0, answeredShort: 0 };
}

export function newRecord(symbol: string, firmLong: number, firmShort: number, ttlMs: number, account: string = IMPLICIT_ACCOUNT): LeaseRecord {
  return { account, symbol, firmLong, firmShort, ttlMs, hosts: {} };
}

export function cloneRecord(r: LeaseRecord): LeaseRecord {
  const hosts: Record<string, HostSlice> = {};
  for (const [h, s] of Object.entries(r.hosts)) hosts[h] = { ...s };
  return { ...r, hosts };
}

/** Sum of the holds on one side. */
export function heldSum(r: LeaseRecord, side: LeaseSide): number {
  let n = 0;
  for (const s of Object.values(r.hosts)) n += side === 'long' ? s.heldLong : s.heldShort;
  return n;
}

/** Sum of the grants on one side. */
export function grantSum(r: LeaseRecord, side: LeaseSide): number {
  let n = 0;
  for (const s of Object.values(r.hosts)) n += side === 'long' ? s.long : s.short;
  return n;
}

/** Lots on one side nobody holds: what the allocator may grant now. */
export function free(r: LeaseRecord, side: LeaseSide): number {
  return Math.max(0, (side === 'long' ? r.firmLong : r.firmShort) - heldSum(r, side));
}

/**
 * Every way `after` breaks the lease rules as a successor of `before` (empty when it may be
 * written): holds over the firm limit (unless the write lowers their sum; not checked for a
 * host's report of its exposure), a grant above its hold, a negative or fractional number.
 */
export function invariantProblems(before: LeaseRecord | null, after: LeaseRecord, reportsExposure = false): string[] {
  const problems: string[] = [];
  const name = leaseName(after.account, after.symbol);
  if (before !== null && (before.account !== after.account || before.symbol !== after.symbol)) problems.push(`${name}: replaces the lease of ${leaseName(before.account, before.symbol)}`);
  // A host's renewal reports the exposure it has: when trades outside the engine (a manual
  // trade, a liquidation) grew it beyond its hold, the record says so rather than refusing.
  if (!reportsExposure) for (const side of ['long', 'short'] as const) {
    const firm = side === 'long' ? after.firmLong : after.firmShort;
    const sum = heldSum(after, side);
    const was = before === null ? 0 : heldSum(before, side);
    if (sum > firm && sum > was) problems.push(`${name}: ${side} holds ${sum} > firm limit ${firm} (was ${was})`);
  }
  for (const [h, s] of Object.entries(after.hosts)) {
    for (const [k, v] of Object.entries(s)) {
      if (!(Number.isSafeInteger(v) && v >= 0)) problems.push(`${name}: ${h}.${k} must be an integer >= 0, got ${v}`);
    }
    if (s.long > s.heldLong) problems.push(`${name}: ${h} grant long ${s.long} > hold ${s.heldLong}`);
    if (s.short > s.heldShort) problems.push(`${name}: ${h} grant short ${s.short} > hold ${s.heldShort}`);
  }
  return problems;
}

/**
 * The allocator sets a host's grant on one side. A raise takes lots from `free` only (raises the
 * hold with it: the host may use the raise as soon as it reads it); a lower changes the grant
 * alone (the hold falls when the host acknowledges). Returns the lots actually granted.
 */
export function setGrant(r: LeaseRecord, host: string, side: LeaseSide, lots: number): number {
  const s = (r.hosts[host] ??= emptySlice());
  if (side === 'long') {
    if (lots > s.heldLong) lots = Math.min(lots, s.heldLong + free(r, 'long'));
    s.long = lots;
    if (lots > s.heldLong) s.heldLong = lots;
  } else {
    if (lots > s.heldShort) lots = Math.min(lots, s.heldShort + free(r, 'short'));
    s.short = lots;
    if (lots > s.heldShort) s.heldShort = lots;
  }
  return lots;
}

/**
 * A host's write of its hold, after its risk thread enforces the grants it read (`enforced`):
 * the hold becomes the larger of what it enforces and the exposure it still has (it can only
 * shrink the hold: never above the previous hold unless its exposure, outside its control,
 * grew); the exposure and the request are copied in. The beat is the report's (`applyReport`).
 */
export function renewSlice(
  r: LeaseRecord, host: string,
  enforced: { long: number; short: number }, used: { long: number; short: number }, want: { long: number; short: number },
): void {
  const s = (r.hosts[host] ??= emptySlice());
  s.heldLong = Math.max(enforced.long, used.long);
  s.heldShort = Math.max(enforced.short, used.short);
  s.usedLong = used.long;
  s.usedShort = used.short;
  s.wantLong = want.long;
  s.wantShort = want.short;
}

/**
 * The allocator copies a host's latest report into the record it is about to write (exposure,
 * request, beat; a host absent from the record gets an empty slice). Never changes a grant or a
 * hold. A request already granted at this beat is not asked again.
 */
export function applyReport(r: LeaseRecord, rep: HostReport): void {
  const s = (r.hosts[rep.host] ??= emptySlice());
  s.usedLong = rep.usedLong;
  s.usedShort = rep.usedShort;
  s.answeredLong ??= 0;
  s.answeredShort ??= 0;
  s.wantLong = s.answeredLong === rep.beat ? 0 : rep.wantLong;
  s.wantShort = s.answeredShort === rep.beat ? 0 : rep.wantShort;
  s.beat = rep.beat;
}

/**
 * A host writes its hold: the larger of the grant it enforces and the exposure it still has (see
 * `renewSlice`), and the exposure it reports. True when that changes the hold (the only case in
 * which a renewal writes the shared entry).
 */
export function holdChanges(s: HostSlice, enforced: { long: number; short: number }, used: { long: number; short: number }): boolean {
  return s.heldLong !== Math.max(enforced.long, used.long) || s.heldShort !== Math.max(enforced.short, used.short);
}

export function encodeRecord(r: LeaseRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(r));
}

export function decodeRecord(bytes: Uint8Array): LeaseRecord {
  const v = JSON.parse(new TextDecoder().decode(bytes)) as LeaseRecord;
  if (typeof v !== 'object' || v === null || typeof v.symbol !== 'string' || typeof v.hosts !== 'object') {
    throw new Error('lease entry is not a lease record');
  }
  // A record written before leases were per account: the implicit account's.
  return typeof (v as { account?: unknown }).account === 'string' ? v : { ...v, account: IMPLICIT_ACCOUNT };
}

/** KV key of a host's report of an instrument of an account: `host.<ACCOUNT>.<SYMBOL>.<host>`. */
export function reportKey(symbol: string, host: string, account: string = IMPLICIT_ACCOUNT): string {
  return `host.${account}.${symbol}.${host}`;
}

export function encodeReport(r: HostReport): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(r));
}

export function decodeReport(bytes: Uint8Array): HostReport {
  const v = JSON.parse(new TextDecoder().decode(bytes)) as HostReport;
  if (typeof v !== 'object' || v === null || typeof v.host !== 'string' || typeof v.symbol !== 'string'
    || ![v.usedLong, v.usedShort, v.wantLong, v.wantShort, v.beat].every((x) => Number.isSafeInteger(x) && x >= 0)) {
    throw new Error('host entry is not a host report');
  }
  return typeof (v as { account?: unknown }).account === 'string' ? v : { ...v, account: IMPLICIT_ACCOUNT };
}

/**
 * KV key of the leases of an instrument of an account: `lease.<ACCOUNT>.<SYMBOL>` (the implicit
 * account's when none is named). Keys of earlier versions, `lease.<SYMBOL>` and
 * `host.<SYMBOL>.<host>`, have one token fewer: they are not read (`parseLeaseKey`).
 */
export function leaseKey(symbol: string, account: string = IMPLICIT_ACCOUNT): string {
  return `lease.${account}.${symbol}`;
}

/**
 * The account and symbol of a lease key's tail after `lease.` (`<ACCOUNT>.<SYMBOL>`), or, with
 * `host` true, of a report key's tail after `host.` (`<ACCOUNT>.<SYMBOL>.<host>`); undefined for
 * a key of another shape (an earlier version's key).
 */
export function parseLeaseKey(tail: string, host = false): { account: string; symbol: string; host?: string } | undefined {
  const t = tail.split('.');
  if (t.length !== (host ? 3 : 2) || t.some((x) => x === '')) return undefined;
  return host ? { account: t[0]!, symbol: t[1]!, host: t[2]! } : { account: t[0]!, symbol: t[1]! };
}
