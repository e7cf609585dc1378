/**
 * `riskgate firmwide`: one firm, several hosts, one firm-wide limit, on one machine.
 *
 * ```
 *                       ┌──────────── 3-node NATS JetStream cluster (loopback, Raft) ───────────┐
 *                       │  KV riskgate_leases (R3): lease.default.<SYMBOL>, firm.kill           │
 *                       │  stream RISKGATE_EXPOSURE (R3): riskgate.exposure.*, .decisions.*     │
 *                       └──▲───────────────▲────────────────▲─────────────────▲─────────────────┘
 *                 CAS      │   proxy (cut)  │  proxy (cut)   │                 │ read, kill
 *   allocator process ─────┘        host h1 process   host h2 process ...   riskgate monitor
 *   (grants, rebalances,            risk thread + feed worker + strategy
 *    reclaims; state = bucket)      lease agent ─► event lane ─► risk thread
 *                                          │ orders, private stream, quotes
 *                                          ▼
 *                          exchange simulator (this process): one sub-account per host,
 *                          the truth: the firm position = the sum of the sub-accounts'
 * ```
 * This process runs the simulator, the cluster, the proxies that cut a host off, the fault
 * schedule, and the measurement: the firm's true position from the simulator, and the
 * availability against an oracle that applies the firm limit to the true firm position.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { breachStats } from '../demo/breach-stats.js';
import { DEMO_INSTRUMENT, SYMBOL } from '../demo/demo-market.js';
import { demoProfile } from '../demo/demo-profile.js';
import { seededRandom } from '../random/mulberry32.js';
import { SimServer, type PositionPoint } from '../sim/index.js';
import { DEFAULT_SERVER_KIND, type ServerKind } from '../server/index.js';
import { CuttableProxy } from './cuttable-proxy.js';
import { ensureExposureStream } from './exposure-publisher.js';
import { measureFirmAvailability, type FirmAvailability } from './firm-availability.js';
import { replayIdealGate } from './ideal-replay.js';
import { FirmwideError } from './firmwide-error.js';
import type { HostIntent, HostIntents, HostSpec } from './host-main.js';
import { LeaseStore } from './lease-store.js';
import { NatsCluster } from './nats-cluster.js';

export type FaultKind = 'killAllocator' | 'killNatsNode' | 'cutHost' | 'pauseHost';

export interface FirmwideOptions {
  readonly hosts?: number;
  readonly seconds?: number;
  readonly seed?: number;
  readonly nodes?: 1 | 3;
  readonly faults?: 'calm' | 'hostile';
  /** Firm-wide limit per side (lots). Default 12. */
  readonly firmLimit?: number;
  /** Lease TTL (ms). Default 1500. */
  readonly ttlMs?: number;
  /** What serves the simulator (src/server/server-kind.ts). Default `uws`. */
  readonly server?: ServerKind;
  readonly progress?: (line: string) => void;
}

export interface HostFigures {
  readonly host: string;
  /**
   * False when the host did not send its figures at stop within 15 s (killed: a host starved of
   * CPU): the agent's and strategy's counts are then 0; `intents` still counts its decisions.
   */
  readonly reported: boolean;
  /** Decisions the host reported one by one while trading (what the availability is measured on). */
  readonly intents: number;
  readonly decisions: number;
  readonly approved: number;
  readonly denied: Record<string, number>;
  readonly worstPosition: number;
  readonly finalPosition: number;
  readonly renewals: number;
  readonly renewalFailures: number;
  readonly casConflicts: number;
  readonly leasesLowered: number;
  readonly leasesRaised: number;
  /** Renewals that landed after this host's lease had lapsed, and the slowest renewal (ms). */
  readonly leaseLapses: number;
  readonly slowestRenewalMs: number;
  /** Renewal latency (from before its read to the lease handed to the risk thread), median and 99th percentile, ms. */
  readonly renewalP50Ms: number;
  readonly renewalP99Ms: number;
  /** Renewals that wrote the shared lease entry (the hold changed); the rest wrote only the host's own key. */
  readonly holdWrites: number;
  /** How late the host's event loop ran (where renewals run) over the whole run, ms: p50, p99, max. */
  readonly eventLoopDelay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  readonly exposureRecords: number;
  readonly exposureFailed: number;
}

/**
 * One `riskgate firmwide` run. Availability (`FirmAvailability`): the share of the orders an
 * oracle applying the firm limit to the true firm position approves that the hosts approved;
 * `sliceAvailability` against the oracle that does not net across hosts, `missed` the causes
 * (firm-availability.ts).
 */
export interface FirmwideResult extends FirmAvailability {
  readonly engine: 'nats-jetstream';
  readonly natsServer: string;
  readonly nodes: number;
  readonly hosts: number;
  readonly seconds: number;
  readonly seed: number;
  readonly faults: 'calm' | 'hostile';
  readonly firmLimit: number;
  readonly ttlMs: number;
  /** Ms between a host's lease renewals (a quarter of the TTL): a renewal slower than TTL - renewMs lets the lease lapse. */
  readonly renewMs: number;
  /** Largest |firm position| (sum of the sub-accounts) the simulator recorded. */
  readonly worstFirmExposure: number;
  /** Episodes of |firm position| > firmLimit on the simulator's truth. */
  readonly breaches: number;
  readonly faultsInjected: Record<FaultKind, number>;
  /**
   * The hosts' approvals against the same orders replayed through an ideal gate on its own path
   * (ideal-replay.ts): `firmGate`, one gate applying the firm limit to the firm's net position;
   * `noNetting`, the firm limit on each side's sum with slices moving at once (the best a
   * leased-slice scheme whose hosts may always reduce can do). `availability` = hosts / firmGate,
   * `noNettingShare` = noNetting / firmGate: what the degrading-safely rule costs with no latency.
   */
  readonly idealGate: { readonly hosts: number; readonly firmGate: number; readonly noNetting: number; readonly availability: number; readonly noNettingShare: number };
  readonly allocator: { restarts: number };
  /** This machine's 1-minute load average when trading started and when it ended (the run shares its cores). */
  readonly loadAverage: readonly [number, number];
  /** Every host's lease renewals together: count, latency median, 99th percentile and max (ms); lease lapses summed. */
  readonly renewal: { readonly count: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly lapses: number };
  readonly perHost: readonly HostFigures[];
}

const HOST_MAIN = new URL('./host-main.js', import.meta.url);
const CLI_MAIN = new URL('../cli/main.js', import.meta.url);
const QUOTE_MS = 25;

interface HostProc {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly proxies: CuttableProxy[];
  readonly ready: Promise<void>;
  stats?: Record<string, unknown>;
  exited: boolean;
}

export async function runFirmwide(options: FirmwideOptions = {}): Promise<FirmwideResult> {
  const hosts = options.hosts ?? 3;
  const seconds = options.seconds ?? 20;
  const seed = options.seed ?? 7;
  const nodes = options.nodes ?? 3;
  const faults = options.faults ?? 'calm';
  const firmLimit = options.firmLimit ?? 12;
  const ttlMs = options.ttlMs ?? 1500;
  const log = options.progress ?? (() => {});
  if (!(Number.isInteger(hosts) && hosts >= 1 && hosts <= 16)) throw new FirmwideError('OPTIONS', 'options.hosts must be an integer from 1 to 16');
  if (!(seconds > 0)) throw new FirmwideError('OPTIONS', 'options.seconds must be > 0');

  const cleanups: (() => Promise<unknown> | void)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // keep tearing down
      }
    }
  };
  try {
    log(`starting a ${nodes}-node NATS JetStream cluster`);
    const cluster = await NatsCluster.start(nodes);
    cleanups.push(() => cluster.stop());
    const admin = await openRetrying(cluster.servers, nodes, 'riskgate-firmwide');
    cleanups.push(() => admin.close());
    await ensureExposureStream(admin.nc, nodes);

    const accounts = Array.from({ length: hosts }, (_, i) => ({ name: `h${i + 1}`, apiKey: `firm-key-h${i + 1}`, apiSecret: `firm-secret-h${i + 1}` }));
    const sim = await SimServer.start({
      seed, venue: 'bybit', profile: demoProfile(faults === 'hostile' ? 'realistic' : 'calm'), clock: 'realtime', marketStepMs: QUOTE_MS,
      instruments: [DEMO_INSTRUMENT], accounts, server: options.server ?? DEFAULT_SERVER_KIND,
    });
    cleanups.push(() => sim.stop());

    const dir = mkdtempSync(join(tmpdir(), 'riskgate-firmwide-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const allocatorConfig = join(dir, 'allocator.json');
    writeFileSync(allocatorConfig, JSON.stringify({
      servers: cluster.servers, replicas: nodes, ttlMs, rebalanceMs: 200, hosts: accounts.map((a) => a.name),
      instruments: [{ symbol: SYMBOL, firmLong: firmLimit, firmShort: firmLimit }],
    }));
    let allocator: ChildProcess | undefined;
    let allocatorRestarts = 0;
    const startAllocator = (): void => {
      allocator = spawn(process.execPath, [CLI_MAIN.pathname, 'allocator', '--config', allocatorConfig], { stdio: ['ignore', 'ignore', 'inherit'] });
    };
    startAllocator();
    cleanups.push(() => killProc(allocator));

    const intents: HostIntent[] = [];
    const procs: HostProc[] = [];
    for (let i = 0; i < hosts; i++) {
      const account = accounts[i]!;
      const proxies = await Promise.all(cluster.clientPorts.map((p) => CuttableProxy.start(p)));
      cleanups.push(() => Promise.all(proxies.map((x) => x.close())));
      const spec: HostSpec = {
        host: account.name, servers: proxies.map((x) => x.url), replicas: nodes, simPort: sim.port, tradeUrl: sim.tradeUrl(account.apiKey),
        account, limit: firmLimit, seed: seed * 100 + i, renewMs: renewEvery(ttlMs), quoteMs: QUOTE_MS,
      };
      const proc = fork(HOST_MAIN, [JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const hp: HostProc = { name: account.name, proc, proxies, exited: false, ready: Promise.resolve() };
      (hp as { ready: Promise<void> }).ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new FirmwideError('HOST', `host ${account.name} not ready within 120 s`)), 120_000);
        proc.on('message', (m: { type?: string }) => {
          if (m?.type === 'ready') {
            clearTimeout(timer);
            resolve();
          } else if (m?.type === 'intents') for (const it of (m as HostIntents).intents) intents.push({ type: 'intent', ...it });
          else if (m?.type === 'stats') hp.stats = m as Record<string, unknown>;
        });
        proc.on('exit', (code) => {
          hp.exited = true;
          clearTimeout(timer);
          reject(new FirmwideError('HOST', `host ${account.name} exited (${code}) before it was ready (its error is above)`));
        });
      });
      procs.push(hp);
      cleanups.push(() => killProc(proc));
    }
    log(`waiting for ${hosts} hosts (engine, first lease, feed, order entry)`);
    await Promise.all(procs.map((p) => p.ready));
    const startedSim = sim.exchange.clock.nowMs();
    const wallOffset = Date.now() - startedSim; // sim ms = wall ms - wallOffset (realtime clock)
    for (const p of procs) p.proc.send({ type: 'trade' });
    const loadAtStart = loadavg()[0]!;
    log(`trading for ${seconds} s (faults: ${faults})`);

    // Fault schedule: each kind at least once under hostile, at seeded times, each healed later.
    const injected: Record<FaultKind, number> = { killAllocator: 0, killNatsNode: 0, cutHost: 0, pauseHost: 0 };
    const timers: NodeJS.Timeout[] = [];
    cleanups.push(() => timers.forEach((t) => clearTimeout(t)));
    if (faults === 'hostile') {
      const rnd = seededRandom(seed);
      const span = seconds * 1000;
      const at = (): number => Math.floor(span * (0.1 + 0.6 * rnd()));
      const kinds: FaultKind[] = ['killAllocator', 'killNatsNode', 'cutHost', 'pauseHost'];
      const rounds = Math.max(1, Math.floor(seconds / 15));
      for (let r = 0; r < rounds; r++) {
        for (const kind of kinds) {
          const t = at();
          const victim = procs[Math.floor(rnd() * procs.length)]!;
          const node = Math.floor(rnd() * nodes);
          timers.push(setTimeout(() => {
            injected[kind]++;
            log(`fault: ${kind}${kind === 'cutHost' || kind === 'pauseHost' ? ` ${victim.name}` : kind === 'killNatsNode' ? ` n${node}` : ''}`);
            if (kind === 'killAllocator') {
              allocator?.kill('SIGKILL');
              timers.push(setTimeout(() => {
                allocatorRestarts++;
                startAllocator();
              }, 2000));
            } else if (kind === 'killNatsNode') {
              void cluster.kill(node);
              timers.push(setTimeout(() => void cluster.restart(node).catch(() => undefined), 3000));
            } else if (kind === 'cutHost') {
              victim.proxies.forEach((x) => x.cut());
              timers.push(setTimeout(() => victim.proxies.forEach((x) => x.restore()), 3 * ttlMs));
            } else {
              victim.proc.kill('SIGSTOP');
              timers.push(setTimeout(() => victim.proc.kill('SIGCONT'), 2 * ttlMs));
            }
          }, t));
        }
      }
    }
    const started = Date.now();
    const ticker = setInterval(() => log(`${((Date.now() - started) / 1000).toFixed(0)} s / ${seconds} s, ${intents.length} orders decided`), 2000);
    cleanups.push(() => clearInterval(ticker));
    await new Promise((r) => setTimeout(r, seconds * 1000));
    clearInterval(ticker);
    timers.forEach((t) => clearTimeout(t));
    for (const p of procs) if (!p.exited) p.proc.kill('SIGCONT');
    for (const p of procs) p.proxies.forEach((x) => x.restore());
    await new Promise((r) => setTimeout(r, 500)); // in-flight orders settle
    await Promise.all(procs.map((p) => stopHost(p)));
    const endSim = sim.exchange.clock.nowMs();
    const loadAtEnd = loadavg()[0]!;

    // The truth: every sub-account's position history, merged into the firm's.
    const points: { at: number; host: string; position: number }[] = [];
    const histories = new Map<string, PositionPoint[]>();
    const perHost: HostFigures[] = [];
    const renewalMs: number[] = [];
    for (const p of procs) {
      const truth = sim.truth(p.name);
      const mine = truth.history.filter((h) => h.symbol === SYMBOL);
      histories.set(p.name, mine);
      for (const h of mine) points.push({ at: h.at, host: p.name, position: h.position });
      const s = (p.stats ?? {}) as { strategy?: { decisions: number; sent: number; denied: Record<string, number> }; agent?: Record<string, number>; exposure?: Record<string, number>; renewalMs?: number[];
        eventLoopDelay?: { p50Ms: number; p99Ms: number; maxMs: number } };
      for (const ms of s.renewalMs ?? []) renewalMs.push(ms);
      perHost.push({
        host: p.name, reported: p.stats !== undefined, intents: intents.filter((it) => it.host === p.name).length, decisions: s.strategy?.decisions ?? 0, approved: s.strategy?.sent ?? 0, denied: s.strategy?.denied ?? {},
        worstPosition: mine.reduce((m, h) => Math.max(m, Math.abs(h.position)), 0), finalPosition: mine.at(-1)?.position ?? 0,
        renewals: s.agent?.['renewals'] ?? 0, renewalFailures: s.agent?.['failures'] ?? 0, casConflicts: s.agent?.['conflicts'] ?? 0,
        leasesLowered: s.agent?.['lowered'] ?? 0, leasesRaised: s.agent?.['raised'] ?? 0,
        leaseLapses: s.agent?.['lapses'] ?? 0, slowestRenewalMs: Math.round(s.agent?.['slowestRenewalMs'] ?? 0),
        renewalP50Ms: round1(s.agent?.['renewalP50Ms'] ?? 0), renewalP99Ms: round1(s.agent?.['renewalP99Ms'] ?? 0), holdWrites: s.agent?.['holdWrites'] ?? 0,
        eventLoopDelay: { p50Ms: round1(s.eventLoopDelay?.p50Ms ?? 0), p99Ms: round1(s.eventLoopDelay?.p99Ms ?? 0), maxMs: round1(s.eventLoopDelay?.maxMs ?? 0) },
        exposureRecords: (s.exposure?.['states'] ?? 0) + (s.exposure?.['decisions'] ?? 0), exposureFailed: s.exposure?.['failed'] ?? 0,
      });
    }
    points.sort((a, b) => a.at - b.at);
    const current = new Map<string, number>();
    const firm: PositionPoint[] = [];
    for (const pt of points) {
      current.set(pt.host, pt.position);
      let sum = 0;
      for (const v of current.values()) sum += v;
      firm.push({ at: pt.at, symbol: SYMBOL, position: sum });
    }
    const breach = breachStats(firm, SYMBOL, firmLimit, endSim);
    const decided = intents.map((it) => ({ ...it, at: it.t - wallOffset }));
    const avail = measureFirmAvailability(histories, decided, firmLimit);
    const hostsApproved = decided.filter((d) => d.verdict === 'APPROVED').length;
    const firmGate = replayIdealGate(decided, firmLimit, firmLimit, 'net').approved;
    const noNetting = replayIdealGate(decided, firmLimit, firmLimit, 'sides').approved;
    const idealGate = {
      hosts: hostsApproved, firmGate, noNetting,
      availability: firmGate === 0 ? 1 : hostsApproved / firmGate, noNettingShare: firmGate === 0 ? 1 : noNetting / firmGate,
    };
    const result: FirmwideResult = {
      engine: 'nats-jetstream', natsServer: '2.9.10 (Debian nats-server)', nodes, hosts, seconds, seed, faults, firmLimit, ttlMs, renewMs: renewEvery(ttlMs),
      worstFirmExposure: breach.worstAbs, breaches: breach.count, faultsInjected: injected, idealGate,
      ...avail, allocator: { restarts: allocatorRestarts }, loadAverage: [loadAtStart, loadAtEnd],
      renewal: renewalSummary(renewalMs, perHost.reduce((n, h) => n + h.leaseLapses, 0)), perHost,
    };
    return result;
  } finally {
    await cleanup();
  }
}

/** A host renews every quarter of the TTL (the lease agent's default). */
function renewEvery(ttlMs: number): number {
  return Math.max(10, Math.floor(ttlMs / 4));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function renewalSummary(ms: number[], lapses: number): FirmwideResult['renewal'] {
  const s = Float64Array.from(ms).sort();
  const at = (p: number): number => (s.length === 0 ? 0 : round1(s[Math.min(s.length - 1, Math.floor(p * s.length))]!));
  return { count: s.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: s.length === 0 ? 0 : round1(s[s.length - 1]!), lapses };
}

async function openRetrying(servers: readonly string[], replicas: number, name: string): Promise<LeaseStore> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await LeaseStore.open(servers, { replicas, name });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function stopHost(p: HostProc): Promise<void> {
  if (p.exited) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      p.proc.kill('SIGKILL');
      resolve();
    }, 15_000);
    p.proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.proc.send({ type: 'stop' });
  });
}

function killProc(p: ChildProcess | undefined): Promise<void> {
  if (p === undefined || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}
