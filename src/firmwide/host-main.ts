/**
 * One engine host of `riskgate firmwide`: a process of its own (forked with an IPC channel),
 * trading one sub-account of the firm on the simulator under a leased slice of the firm limit.
 *
 * ```
 *  simulator ── private stream ──► feed worker ──► risk thread ◄── event lane ◄── LeaseAgent ◄──► NATS KV (leases)
 *            ◄── order entry ◄── TakerStrategy ◄── decideOrder ──┘       ▲                       │
 *                 quotes ──► TakerSignal                                   └── kill switch (KV watch)
 *  exposure + decisions (FlatBuffers) ──► JetStream stream RISKGATE_EXPOSURE
 * ```
 * Order of start-up: engine; zero leases applied (nothing risk-increasing before the first
 * lease); NATS (retried: a host that cannot reach it keeps trading nothing risk-increasing);
 * feed; strategy. The parent gets `ready`, then `intents` messages every 100 ms with the orders
 * decided since (for the availability oracle), and `stats` after `stop`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { LIVE_FEED_SOURCE } from '../demo/run-demo.js';
import { credentialEnv, demoFeedConfig, DEMO_INSTRUMENT, SYMBOL } from '../demo/demo-market.js';
import { EntryClient } from '../demo/entry-client.js';
import type { OrderGuard } from '../demo/order-guard.js';
import { RiskgateGuard } from '../demo/riskgate-guard.js';
import { TakerSignal } from '../demo/taker-signal.js';
import { TakerStrategy } from '../demo/taker-strategy.js';
import { accountIndexOf, accountsOf } from '../config/engine-config.js';
import { RiskGate } from '../gate/index.js';
import { createPositionHook } from '../feeds/create-position-hook.js';
import { realTimers } from '../feeds/feed-timers.js';
import { Reconciler } from '../feeds/reconciler.js';
import { loadFeedConfig, venueConfigOf } from '../feeds/venue-config.js';
import { DenyReason } from '../risk/deny-reason.js';
import type { Quote } from '../sim/index.js';
import { ExposurePublisher } from './exposure-publisher.js';
import { FirmMonitor } from './firm-monitor.js';
import { GateLeaseTarget } from './gate-lease-target.js';
import { LeaseAgent } from './lease-agent.js';
import { watchKill } from './kill-watch.js';
import { LeaseStore } from './lease-store.js';

export interface HostSpec {
  readonly host: string;
  /** NATS URLs this host dials (in `riskgate firmwide`: its own cuttable proxies). */
  readonly servers: readonly string[];
  readonly replicas: number;
  readonly simPort: number;
  readonly tradeUrl: string;
  readonly account: { readonly name: string; readonly apiKey: string; readonly apiSecret: string };
  /** The host's own position limit (the firm limit: the lease is the binding one). */
  readonly limit: number;
  readonly seed: number;
  readonly renewMs: number;
  readonly quoteMs: number;
}

export interface HostIntent {
  readonly type: 'intent';
  readonly host: string;
  /** Wall-clock ms of the decision. */
  readonly t: number;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly verdict: string;
  /** The lease of the instrument on this host's clock at the decision (the agent's view of what the risk thread enforces). */
  readonly lease: 'none' | 'lapsed' | 'valid';
}

/** Decisions sent to the parent together. */
export interface HostIntents {
  readonly type: 'intents';
  readonly intents: readonly Omit<HostIntent, 'type'>[];
}

const CROSS_TICKS = 5;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as HostSpec;
  // How late this process's event loop runs (where the lease renewals run): what a slow renewal
  // is made of when NATS itself answers in milliseconds.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const send = (m: unknown): void => {
    if (process.connected) process.send?.(m);
  };
  const feedJson = demoFeedConfig('bybit', spec.simPort, spec.limit);
  const { config, venues } = loadFeedConfig(feedJson);
  const index = new Map(config.instruments.map((inst, i) => [inst.symbol, i]));
  const symbols = config.instruments.map((i) => i.symbol);
  // Each instrument renews the lease of its account (the implicit one in a config without accounts).
  const leaseAccounts = config.instruments.map((c) => accountsOf(config)[accountIndexOf(config, c)]!.name);

  // Generous start-up bounds: several hosts, the cluster and the simulator start at once on one
  // machine, and a feed worker that misses its READY is not respawned.
  const gate = new RiskGate(config, { idle: 'park', startTimeoutMs: 60_000, supervisor: { readyTimeoutMs: 30_000 } });
  await gate.start();
  const target = new GateLeaseTarget(gate);
  for (let i = 0; i < symbols.length; i++) target.publish(i, 0, 0, 0);
  while (!target.applied()) await new Promise((r) => setTimeout(r, 1));

  let store: LeaseStore | undefined;
  for (;;) {
    try {
      store = await LeaseStore.open(spec.servers, { replicas: spec.replicas, name: `riskgate-host-${spec.host}`, connect: { ignoreClusterUpdates: true } });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const agent = new LeaseAgent(store, target, { host: spec.host, symbols, accounts: leaseAccounts, renewMs: spec.renewMs });
  await agent.start();

  const js: JetStreamClient = jetstream(store.nc, { timeout: 1000 });
  const exposure = new ExposurePublisher(js, spec.host, symbols);
  const kill = watchKill(store, gate);
  // With a control server, its dashboard shows the firm's exposure (every host's reports).
  const firmView = gate.controlServer === undefined ? undefined : FirmMonitor.over(store);
  await firmView?.start();
  const firmTimer = firmView === undefined ? undefined : setInterval(() => gate.showFirmExposure(firmView.exposure()), 1000);

  gate.attachFeed({
    name: 'private',
    source: { module: LIVE_FEED_SOURCE, options: { config: feedJson, venue: 'bybit', env: credentialEnv(spec.account), seed: spec.seed, verbose: false } },
  });
  await gate.waitForFeed('private', ['ready'], 40_000).catch((e: Error) => {
    const why = gate.feedEvents.filter((f) => f.detail !== undefined).map((f) => `${f.kind}: ${f.detail}`).join('; ');
    throw new Error(`${e.message}${why === '' ? '' : ` (${why})`}`);
  });
  // The decisions go to the parent in batches (one IPC message per 100 ms, not one per order):
  // the parent is the measurement, and its load is this machine's too.
  let intents: Omit<HostIntent, 'type'>[] = [];
  const flushIntents = (): void => {
    if (intents.length === 0) return;
    const batch: HostIntents = { type: 'intents', intents };
    intents = [];
    send(batch);
  };
  const intentTimer = setInterval(flushIntents, 100);
  const inner = new RiskgateGuard(gate.client(gate.createStrategy('taker')), index, gate.openEventLane('gateway'));
  const guard: OrderGuard = {
    kind: inner.kind,
    checkOrder(clientId, symbol, side, qty, price) {
      const verdict = inner.checkOrder(clientId, symbol, side, qty, price);
      const inst = index.get(symbol) ?? 0;
      const lease = agent.lapsesAt[inst] === 0 ? 'none' : agent.valid(inst) ? 'valid' : 'lapsed';
      intents.push({ host: spec.host, t: Date.now(), side, qty, verdict, lease });
      if (intents.length >= 64) flushIntents();
      exposure.decision(clientId, verdict);
      return verdict;
    },
    onOrderReport: (r) => inner.onOrderReport(r),
  };
  // The venue's REST position hook, signed with this sub-account's keys, when the stream leaves the instrument stale.
  const hook = createPositionHook(venueConfigOf(venues, 'bybit', config), config, { env: credentialEnv(spec.account) });
  const reconciler = new Reconciler({
    hook, symbols: [SYMBOL], timers: realTimers, policy: { afterMs: 250, cooldownMs: 1000, maxStalenessMs: venueConfigOf(venues, 'bybit', config).reconcile.maxStalenessMs },
    health: () => gate.state()?.instruments[0]?.health ?? 0,
    codes: new Set([DenyReason.FEED_STALE, DenyReason.SEQUENCE_GAP, DenyReason.POSITION_MISMATCH]),
    onEvent: (snapshot) => inner.onRestSnapshot(snapshot),
  });
  reconciler.start(50);
  for (const deadline = Date.now() + 20_000; gate.state()?.instruments[0]?.health !== 0;) {
    if (Date.now() > deadline) throw new Error('no position snapshot within 20 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const strategy = new TakerStrategy(guard, DEMO_INSTRUMENT.lotSize, DEMO_INSTRUMENT.tickSize, CROSS_TICKS);
  const signal = new TakerSignal({ seed: spec.seed, quoteMs: spec.quoteMs, meanRegimeMs: 2000, maxClip: 3 });
  let trading = false;
  const entry = new EntryClient(spec.tradeUrl, (m) => {
    if (m.op === 'quote') {
      if (trading && m.symbol === SYMBOL) strategy.onSignal(signal.next(), m as unknown as Quote, Date.now());
      return;
    }
    strategy.onReply(m);
  });
  await entry.opened(10_000);
  strategy.connect(entry);
  entry.subscribeQuotes([SYMBOL]);
  const publishTimer = setInterval(() => exposure.state(gate.state()), 200);
  send({ type: 'ready', host: spec.host });

  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'trade') trading = true;
    if (m?.type !== 'stop') return;
    void (async () => {
      trading = false;
      strategy.stop();
      clearInterval(publishTimer);
      clearInterval(intentTimer);
      flushIntents();
      await exposure.close();
      if (firmTimer !== undefined) clearInterval(firmTimer);
      await firmView?.close();
      reconciler.stop();
      agent.stop();
      kill.stop();
      const s = gate.state();
      send({
        type: 'stats', host: spec.host, strategy: strategy.stats, agent: (agent.latencyPercentiles(), agent.stats), renewalMs: agent.latencySamples(), exposure: exposure.stats,
        eventLoopDelay: { p50Ms: loopDelay.percentile(50) / 1e6, p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 },
        leaseLimitDenials: s?.decisions[19] ?? 0, killsApplied: kill.applied,
      });
      await entry.close().catch(() => undefined);
      await store!.close().catch(() => undefined);
      await gate.stop().catch(() => undefined);
      process.exit(0);
    })();
  });
}

main().catch((e: unknown) => {
  // One line for the parent's output; the stack only for what is not a firm-wide error.
  const host = (JSON.parse(process.argv[2] ?? '{}') as Partial<HostSpec>).host ?? '?';
  const firmwide = String((e as { code?: unknown })?.code ?? '').startsWith('ERR_RISKGATE_FIRMWIDE_');
  process.stderr.write(`firmwide host ${host}: ${firmwide ? (e as Error).message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(1);
});
