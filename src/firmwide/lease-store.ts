import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { FirmwideError } from './firmwide-error.js';
import { IMPLICIT_ACCOUNT, cloneRecord, decodeRecord, encodeRecord, encodeReport, invariantProblems, leaseKey, leaseName, parseLeaseKey, reportKey, type HostReport, type LeaseRecord } from './lease-record.js';

/** Name of the JetStream key-value bucket of leases (and the firm kill switch). */
export const LEASE_BUCKET = 'riskgate_leases';
/** KV key of the firm-wide kill switch (`{"mode":"halt"|"reduce"|"resume"}`), written by the monitor. */
export const KILL_KEY = 'firm.kill';

/** A record with the revision it was read at (0: the key does not exist yet). */
export interface Versioned {
  readonly record: LeaseRecord | null;
  readonly revision: number;
}

/** What a mutation returns: the record to write, or null to write nothing. */
export type Mutation = (current: LeaseRecord | null) => LeaseRecord | null;

export interface MutateResult {
  /** The record as written (or as read, when the mutation wrote nothing). */
  readonly record: LeaseRecord | null;
  readonly revision: number;
  readonly written: boolean;
  /** CAS attempts that lost to another writer before this one landed. */
  readonly conflicts: number;
}

/**
 * The lease bucket on NATS JetStream key-value: reads with their revision, and writes only by
 * compare-and-swap (`KV.update(key, value, revision)`, the server's
 * `Nats-Expected-Last-Subject-Sequence` check; `KV.create` for a first write, which fails when
 * the key exists). Both exist in nats-server 2.9. A write that loses re-reads and re-applies its
 * mutation: every successful write was computed from the revision it replaced, so the invariant
 * checked on it (lease-record.ts) holds in the bucket whatever the interleaving.
 *
 * The bucket keeps `history` revisions per key (a test reads them back to check every revision)
 * and is replicated on `replicas` nodes (3 on a 3-node cluster: a write is acknowledged once a
 * Raft majority stored it, so it survives the loss of one node).
 */
export class LeaseStore {
  private constructor(readonly nc: NatsConnection, readonly kv: KV) {}

  /** Connects and opens (creating when absent) the bucket. */
  static async open(
    servers: readonly string[],
    options: { replicas?: number; history?: number; name?: string; connect?: Partial<NodeConnectionOptions> } = {},
  ): Promise<LeaseStore> {
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: [...servers], name: options.name ?? 'riskgate', maxReconnectAttempts: -1, reconnectTimeWait: 250,
        timeout: 2000, ...options.connect,
      });
    } catch (e) {
      throw new FirmwideError('NATS_UNREACHABLE', `cannot reach NATS at ${servers.join(', ')}: ${(e as Error).message}`);
    }
    try {
      const kvm = new Kvm(jetstream(nc, { timeout: 2000 }));
      // allow_direct off: reads go to the stream leader. A direct get may be served by a
      // follower that is behind, and a swap computed from a stale revision only loses (safe, but
      // it measured retry storms and multi-second rebalances on 3 nodes).
      const kv = await kvm.create(LEASE_BUCKET, { replicas: options.replicas ?? 1, history: options.history ?? 64, allow_direct: false });
      return new LeaseStore(nc, kv);
    } catch (e) {
      await nc.close().catch(() => undefined);
      throw new FirmwideError('JETSTREAM', `NATS at ${servers.join(', ')} did not open the JetStream key-value bucket ${LEASE_BUCKET} (is JetStream enabled, and a cluster leader elected?): ${(e as Error).message}`);
    }
  }

  /**
   * Calls `onPut` with the account, symbol, value and revision of every lease entry written
   * (`lease.<ACCOUNT>.<SYMBOL>`; keys of another shape are skipped), until `running()` is false.
   * A watch that breaks is reported to `onError` and started again after 500 ms while
   * `running()` holds: the allocator and every host's agent watch the same way.
   */
  watchLeases(running: () => boolean, onPut: (account: string, symbol: string, value: Uint8Array, revision: number) => Promise<void> | void, onError: (message: string) => void): Promise<void> {
    return this.watchPrefix('lease.', running, (tail, value, revision) => {
      const k = parseLeaseKey(tail);
      return k === undefined ? undefined : onPut(k.account, k.symbol, value, revision);
    }, onError);
  }

  /**
   * Like `watchLeases`, for the hosts' reports (`host.<ACCOUNT>.<SYMBOL>.<host>`): `onPut` gets
   * `<ACCOUNT>.<SYMBOL>.<host>` and the report's bytes. The allocator and the firm monitor watch these.
   */
  watchReports(running: () => boolean, onPut: (key: string, value: Uint8Array) => Promise<void> | void, onError: (message: string) => void): Promise<void> {
    return this.watchPrefix('host.', running, onPut, onError);
  }

  private async watchPrefix(prefix: string, running: () => boolean, onPut: (key: string, value: Uint8Array, revision: number) => Promise<void> | void, onError: (message: string) => void): Promise<void> {
    try {
      const it = await this.kv.watch({ key: `${prefix}>` });
      for await (const e of it) {
        if (!running()) {
          it.stop();
          break;
        }
        if (e.operation === 'PUT') await onPut(e.key.slice(prefix.length), e.value, e.revision);
      }
    } catch (e) {
      onError(`watch: ${(e as Error).message}`);
      if (running()) setTimeout(() => void this.watchPrefix(prefix, running, onPut, onError), 500);
    }
  }

  /**
   * Writes a host's report to its own key (`host.<ACCOUNT>.<SYMBOL>.<host>`): a plain put, since only
   * that host writes it; acknowledged once stored (by a Raft majority on a replicated bucket).
   */
  async putReport(report: HostReport): Promise<number> {
    return this.kv.put(reportKey(report.symbol, report.host, report.account), encodeReport(report));
  }

  async close(): Promise<void> {
    await this.nc.close();
  }

  /** The record of `symbol` in `account` and its revision (revision 0 and null when absent). */
  async read(symbol: string, account: string = IMPLICIT_ACCOUNT): Promise<Versioned> {
    const e = await this.kv.get(leaseKey(symbol, account));
    return versioned(e);
  }

  /**
   * Compare-and-swap: writes `record` if the key is still at `revision` (0: does not exist).
   * Returns the new revision, or -1 when another write landed first. Throws on invariant
   * violations (never written) and on transport errors.
   */
  async cas(before: LeaseRecord | null, record: LeaseRecord, revision: number, reportsExposure = false): Promise<number> {
    const problems = invariantProblems(before, record, reportsExposure);
    if (problems.length > 0) throw new FirmwideError('LEASE_INVARIANT', problems.join('; '));
    const key = leaseKey(record.symbol, record.account);
    try {
      return revision === 0 ? await this.kv.create(key, encodeRecord(record)) : await this.kv.update(key, encodeRecord(record), revision);
    } catch (e) {
      if (isWrongRevision(e)) return -1;
      throw e;
    }
  }

  /**
   * Read, mutate, CAS; again from a fresh read when another writer won, up to `attempts` times.
   * `mutate` gets a copy it may change; returning null writes nothing.
   */
  async mutate(symbol: string, mutate: Mutation, options: { attempts?: number; reportsExposure?: boolean; account?: string } = {}): Promise<MutateResult> {
    const attempts = options.attempts ?? 50;
    const account = options.account ?? IMPLICIT_ACCOUNT;
    for (let i = 0; i < attempts; i++) {
      const cur = await this.read(symbol, account);
      const next = mutate(cur.record === null ? null : cloneRecord(cur.record));
      if (next === null) return { record: cur.record, revision: cur.revision, written: false, conflicts: i };
      const rev = await this.cas(cur.record, next, cur.revision, options.reportsExposure === true);
      if (rev >= 0) return { record: next, revision: rev, written: true, conflicts: i };
    }
    throw new FirmwideError('CAS_EXHAUSTED', `${leaseName(account, symbol)}: ${attempts} compare-and-swap attempts lost to other writers`);
  }

  /** Every stored revision of the record of `symbol` in `account`, oldest first (up to the bucket's history). */
  async history(symbol: string, account: string = IMPLICIT_ACCOUNT): Promise<Versioned[]> {
    const it = await this.kv.history({ key: leaseKey(symbol, account) });
    const out: Versioned[] = [];
    for await (const e of it) {
      if (e.operation === 'PUT') out.push(versioned(e));
    }
    return out;
  }
}

function versioned(e: KvEntry | null): Versioned {
  if (e === null || e.operation !== 'PUT') return { record: null, revision: e?.revision ?? 0 };
  return { record: decodeRecord(e.value), revision: e.revision };
}

/** The server's answer to a CAS whose expected revision is not the key's last (JetStream API error 10071). */
function isWrongRevision(e: unknown): boolean {
  const err = e as { api_error?: { err_code?: number }; code?: unknown; message?: string };
  if (err?.api_error?.err_code === 10071) return true;
  const m = String(err?.message ?? '');
  return m.includes('wrong last sequence') || m.includes('10071');
}
