import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { decodeEnvelope } from '../schema/decode-envelope.js';
import type { FirmExposure, FirmInstrumentExposure } from '../control/state-source.js';
import type { EngineStateView } from '../schema/state-view.js';
import { DECISION_SUBJECT_PREFIX, EXPOSURE_STREAM, EXPOSURE_SUBJECT_PREFIX, decodeDecisionBatch, ensureExposureStream } from './exposure-publisher.js';
import { KILL_KEY, LeaseStore } from './lease-store.js';
import { IMPLICIT_ACCOUNT, decodeReport, leaseName } from './lease-record.js';

/**
 * One instrument of one account across the firm: the sum over hosts of each host's last report
 * (the shape the control server shows), against the firm limit of that account and symbol.
 */
export type FirmInstrument = FirmInstrumentExposure;

export interface FirmView {
  readonly at: number;
  readonly instruments: readonly FirmInstrument[];
  /** Per host: ms since its last exposure record, and decisions seen by verdict. */
  readonly hosts: Readonly<Record<string, { readonly ageMs: number; readonly decisions: Readonly<Record<string, number>> }>>;
}

/**
 * The firm monitor: an ordered consumer of the exposure stream (every host's engine state and
 * decisions, the FlatBuffers envelope records), starting from each subject's last record, so a
 * monitor started late sees every host at once. Independent of the allocator and of the hosts'
 * leases: it reads what the hosts say they hold and owns the firm-wide kill switch, a key of the
 * lease bucket every host watches (so a host that reconnects reads it at once).
 */
export class FirmMonitor {
  private readonly last = new Map<string, { at: number; state: EngineStateView }>();
  private readonly decisions = new Map<string, Record<string, number>>();
  /** Firm limits by lease name (`<ACCOUNT>.<SYMBOL>`). */
  private readonly limits = new Map<string, { firmLong: number; firmShort: number }>();
  /** The account of each host's instrument (`<host>/<SYMBOL>`), from the hosts' lease reports (`host.<ACCOUNT>.<SYMBOL>.<host>`). */
  private readonly accounts = new Map<string, string>();
  private running = false;
  private stopConsumer = (): void => {};

  private constructor(private readonly store: LeaseStore, private readonly ownsStore: boolean) {}

  static async open(servers: readonly string[], replicas = 1): Promise<FirmMonitor> {
    const store = await LeaseStore.open(servers, { replicas, name: 'riskgate-monitor' });
    try {
      await ensureExposureStream(store.nc, replicas);
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
    return new FirmMonitor(store, true);
  }

  /**
   * A monitor over a connection the caller owns (a firm-wide host shows the firm's exposure on
   * its own dashboard): `close()` leaves the connection open.
   */
  static over(store: LeaseStore): FirmMonitor {
    return new FirmMonitor(store, false);
  }

  async start(): Promise<void> {
    this.running = true;
    // The firm limits come from the lease records (the allocator writes them from its config).
    void this.store.watchLeases(() => this.running, (account, symbol, value) => {
      try {
        const r = JSON.parse(new TextDecoder().decode(value)) as { firmLong?: unknown; firmShort?: unknown };
        if (typeof r.firmLong === 'number' && typeof r.firmShort === 'number') this.limits.set(leaseName(account, symbol), { firmLong: r.firmLong, firmShort: r.firmShort });
      } catch {
        // not a lease record: no limit shown
      }
    }, () => {});
    // The exposure records carry symbols only; the account of each host's instrument is the one
    // its lease reports name.
    void this.store.watchReports(() => this.running, (_key, value) => {
      try {
        const rep = decodeReport(value);
        this.noteAccount(rep.host, rep.symbol, rep.account);
      } catch {
        // not a report
      }
    }, () => {});
    const js = jetstream(this.store.nc);
    const consumer = await js.consumers.get(EXPOSURE_STREAM, { deliver_policy: DeliverPolicy.LastPerSubject });
    const messages = await consumer.consume();
    this.stopConsumer = () => void messages.stop();
    void (async () => {
      for await (const m of messages) {
        if (!this.running) break;
        this.onRecord(m.subject, m.data);
      }
    })();
  }

  /** Applies one message of the stream (an exposure record, or a batch of decisions); malformed records are skipped. */
  onRecord(subject: string, data: Uint8Array): void {
    try {
      if (subject.startsWith(EXPOSURE_SUBJECT_PREFIX)) {
        const rec = decodeEnvelope(data);
        if (rec.body.kind === 'state') this.last.set(subject.slice(EXPOSURE_SUBJECT_PREFIX.length), { at: rec.at, state: rec.body.state });
      } else if (subject.startsWith(DECISION_SUBJECT_PREFIX)) {
        const host = subject.slice(DECISION_SUBJECT_PREFIX.length);
        const d = this.decisions.get(host) ?? {};
        for (const bytes of decodeDecisionBatch(data)) {
          const rec = decodeEnvelope(bytes);
          if (rec.body.kind !== 'decision') continue;
          const k = rec.body.reason ?? 'APPROVED';
          d[k] = (d[k] ?? 0) + 1;
        }
        this.decisions.set(host, d);
      }
    } catch {
      // not an envelope record: skipped
    }
  }

  /** Host `host` trades `symbol` in `account` (from its lease reports; the implicit account until one is seen). */
  noteAccount(host: string, symbol: string, account: string): void {
    this.accounts.set(`${host}/${symbol}`, account);
  }

  view(now = Date.now()): FirmView {
    const per = new Map<string, { account: string; symbol: string; posMin: number; posMax: number; openBuy: number; openSell: number; hosts: number }>();
    const hosts: Record<string, { ageMs: number; decisions: Record<string, number> }> = {};
    for (const [host, { at, state }] of this.last) {
      hosts[host] = { ageMs: now - at, decisions: this.decisions.get(host) ?? {} };
      for (const i of state.instruments) {
        const account = this.accounts.get(`${host}/${i.symbol}`) ?? IMPLICIT_ACCOUNT;
        const name = leaseName(account, i.symbol);
        const a = per.get(name) ?? { account, symbol: i.symbol, posMin: 0, posMax: 0, openBuy: 0, openSell: 0, hosts: 0 };
        a.posMin += i.estPosMin;
        a.posMax += i.estPosMax;
        a.openBuy += i.openBuy;
        a.openSell += i.openSell;
        a.hosts++;
        per.set(name, a);
      }
    }
    const instruments = [...per].map(([name, a]) => ({
      ...a, worstLong: Math.max(0, a.posMax + a.openBuy), worstShort: Math.max(0, a.openSell - a.posMin),
      firmLong: this.limits.get(name)?.firmLong ?? null, firmShort: this.limits.get(name)?.firmShort ?? null,
    }));
    return { at: now, instruments, hosts };
  }

  /** The view in the control server's shape (`RiskGate.showFirmExposure`, the dashboard). */
  exposure(now = Date.now()): FirmExposure {
    const v = this.view(now);
    return { at: v.at, instruments: v.instruments, hosts: Object.entries(v.hosts).map(([host, h]) => ({ host, ageMs: h.ageMs })) };
  }

  render(v: FirmView): string {
    const limit = (i: FirmInstrument): string => (i.firmLong === null ? '' : ` of limits +${i.firmLong}/-${i.firmShort}`);
    const rows = v.instruments.map((i) => `${`${i.account ?? IMPLICIT_ACCOUNT}/${i.symbol}`.padEnd(20)} firm position [${i.posMin}, ${i.posMax}]  open +${i.openBuy}/-${i.openSell}  worst long ${i.worstLong} short ${i.worstShort}${limit(i)}  (${i.hosts} hosts)`);
    const hosts = Object.entries(v.hosts).map(([h, x]) => `  ${h}: last report ${x.ageMs} ms ago, decisions ${JSON.stringify(x.decisions)}`);
    return [...rows, ...hosts].join('\n');
  }

  /** Sets the firm-wide kill switch: every host applies it to its engine (halt, reduce-only, resume). */
  async kill(mode: 'halt' | 'reduce' | 'resume'): Promise<void> {
    await this.store.kv.put(KILL_KEY, new TextEncoder().encode(JSON.stringify({ mode, at: Date.now() })));
  }

  async close(): Promise<void> {
    this.running = false;
    this.stopConsumer();
    if (this.ownsStore) await this.store.close();
  }
}
