/**
 * The demo: riskgate against the naive check, on the local exchange simulator.
 *
 * ```
 *  SimServer (this thread, uWS on 127.0.0.1, real-time clock, fault profile)
 *    │ quotes ──► TakerSignal (seeded) ──► the same signal to both strategies
 *    ├─ /trade (A) ◄── TakerStrategy A ◄── RiskgateGuard: StrategyClient.decideOrder ──► risk thread
 *    ├─ private stream (A) ──► feed worker (live-feed-source.ts) ──► feed ring ──► risk thread
 *    ├─ REST positions (A) ◄── Reconciler + the venue's real REST hook (signed, rate-budgeted)
 *    │        order-entry outcomes + REST snapshots ──► RiskgateGuard ──► event lane ──► risk thread
 *    ├─ /trade (B) ◄── TakerStrategy B ◄── NaiveGuard
 *    ├─ private stream (B) ──► LiveFeed on this thread ──► NaiveGuard (position, live orders)
 *    └─ account R: the runaway taker (runaway-intent.ts) behind a riskgate of its own, wired as A
 * ```
 * Threads: this one (simulator, strategies, B's feed, the publishers of A's and R's event lanes),
 * two risk threads (park when idle), A's and R's feed workers. Breaches are measured on the
 * simulator's truth; A's and B's decisions are audited against the oracle (the same limits on
 * the truth: `audited-guard.ts`), and A's and R's trading state is sampled at every market tick
 * (`state-sampler.ts`): availability, blocked time by cause, recovery after each fault
 * (`availability.ts`). Stopping (end of the run or `signal`) tears everything down in order and
 * always writes the report.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RiskGate } from '../gate/index.js';
import { startLiveFeed } from '../feeds/create-live-feed.js';
import { createPositionHook } from '../feeds/create-position-hook.js';
import { stderrLogger } from '../feeds/feed-logger.js';
import { realTimers } from '../feeds/feed-timers.js';
import { seededRandom } from '../feeds/random.js';
import { Reconciler } from '../feeds/reconciler.js';
import { loadFeedConfig, venueConfigOf } from '../feeds/venue-config.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { DenyReason, denyReasonName } from '../risk/deny-reason.js';
import { OracleGate, SimServer, type AccountTruth, type FaultRecord, type Quote } from '../sim/index.js';
import { AuditedGuard } from './audited-guard.js';
import { measureAvailability } from './availability.js';
import { breachStats } from './breach-stats.js';
import { dumpJournalPath, writeBreachDump } from './breach-dump.js';
import { demoProfile } from './demo-profile.js';
import { renderReport } from './demo-report.js';
import type { DemoOptions, ResolvedDemoOptions } from './demo-options.js';
import { resolveDemoOptions } from './demo-options.js';
import type { DemoResult, SideResult } from './demo-result.js';
import { DEMO_INSTRUMENT, DEMO_RECONCILE, GUARDED, NAIVE, RUNAWAY, SNAPSHOT_STALE_MS, SYMBOL, credentialEnv, demoFeedConfig } from './demo-market.js';
import { EntryClient } from './entry-client.js';
import { latencyResult } from './latency-result.js';
import { NaiveGuard } from './naive-guard.js';
import { progressLine } from './progress-line.js';
import { RiskgateGuard } from './riskgate-guard.js';
import { RunawayIntent } from './runaway-intent.js';
import { StateSampler } from './state-sampler.js';
import { TakerSignal } from './taker-signal.js';
import { TakerStrategy } from './taker-strategy.js';

/** Module URL of the live feed source (`FeedSpec.source.module`). */
export const LIVE_FEED_SOURCE = new URL('../venue-bridge/live-feed-source.js', import.meta.url).href;

/** Simulated ms between market ticks (one quote, one signal each). */
const QUOTE_MS = 25;
/** How far an IOC crosses the touch (ticks). */
const CROSS_TICKS = 5;
/** After the last signal: time for in-flight replies and frames to land before the truth is read. */
const SETTLE_MS = 300;
/** Bound of every start-up wait (generous: the feeds' workers and servers start on a shared, possibly oversubscribed host). */
const START_TIMEOUT_MS = 60_000;

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const o = resolveDemoOptions(options);
  const sim = await SimServer.start({
    seed: o.seed, venue: o.venue, profile: demoProfile(o.profile), clock: 'realtime', marketStepMs: QUOTE_MS,
    instruments: [DEMO_INSTRUMENT], accounts: o.runaway ? [GUARDED, NAIVE, RUNAWAY] : [GUARDED, NAIVE], server: o.server,
  });
  const cleanups: (() => Promise<unknown> | void)[] = [() => sim.stop()];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // keep tearing down: one failure must not leave the rest running
      }
    }
  };
  try {
    return await trade(o, options, sim, cleanups, cleanup);
  } finally {
    await cleanup();
  }
}

async function trade(
  o: ResolvedDemoOptions, options: DemoOptions, sim: SimServer,
  cleanups: (() => Promise<unknown> | void)[], cleanup: () => Promise<void>,
): Promise<DemoResult> {
  const feedJson = demoFeedConfig(o.venue, sim.port, o.limit);
  const { config, venues } = loadFeedConfig(feedJson);
  const index = new Map(config.instruments.map((inst, i) => [inst.symbol, i]));
  const logger = options.verbose === true ? { logger: stderrLogger } : {};

  const inst = index.get(SYMBOL)!;
  const A = await startGuardedAccount(GUARDED, 'taker-riskgate', o, options, config, venues, feedJson, index, cleanups);
  const R = o.runaway ? await startGuardedAccount(RUNAWAY, 'taker-runaway', o, options, config, venues, feedJson, index, cleanups) : undefined;
  const guardA = A.guard;

  // The naive side: its own private stream on this thread.
  const guardB = new NaiveGuard(o.limit);
  let naiveUp = false;
  const feedB = startLiveFeed(venueConfigOf(venues, o.venue, config), {
    onEvent: (ev) => guardB.onFeedEvent(ev),
    onStatus: (s) => {
      naiveUp = s === 'up';
    },
    env: credentialEnv(NAIVE), random: seededRandom(o.seed + 1), ...logger,
  });
  cleanups.push(() => feedB.stop());

  // The oracle beside each of A's and B's decisions (the same limits on the truth).
  let startedAt = Number.NaN;
  const sinceStart = (): number => sim.exchange.clock.nowMs() - startedAt;
  const limits = new Map([[SYMBOL, { maxLong: o.limit, maxShort: o.limit, maxOrderQty: o.limit }]]);
  const oracleA = new OracleGate(sim.exchange, GUARDED.name, limits);
  const oracleB = new OracleGate(sim.exchange, NAIVE.name, limits);
  cleanups.push(() => oracleA.stop(), () => oracleB.stop());
  const auditA = new AuditedGuard(guardA, oracleA, sinceStart);
  const auditB = new AuditedGuard(guardB, oracleB, sinceStart);

  const a = new TakerStrategy(auditA, DEMO_INSTRUMENT.lotSize, DEMO_INSTRUMENT.tickSize, CROSS_TICKS);
  const b = new TakerStrategy(auditB, DEMO_INSTRUMENT.lotSize, DEMO_INSTRUMENT.tickSize, CROSS_TICKS);
  const r = R === undefined ? undefined : new TakerStrategy(R.guard, DEMO_INSTRUMENT.lotSize, DEMO_INSTRUMENT.tickSize, CROSS_TICKS, new RunawayIntent(o.limit));
  const entryA = new EntryClient(sim.tradeUrl(GUARDED.apiKey), (m) => a.onReply(m));
  const entryB = new EntryClient(sim.tradeUrl(NAIVE.apiKey), (m) => b.onReply(m));
  const entryR = r === undefined ? undefined : new EntryClient(sim.tradeUrl(RUNAWAY.apiKey), (m) => r.onReply(m));
  cleanups.push(() => entryA.close(), () => entryB.close(), () => entryR?.close());
  await Promise.all([entryA.opened(START_TIMEOUT_MS), entryB.opened(START_TIMEOUT_MS), entryR?.opened(START_TIMEOUT_MS)]);
  a.connect(entryA);
  b.connect(entryB);
  if (r !== undefined && entryR !== undefined) r.connect(entryR);

  // The strategies start once every private stream is up and each riskgate has its first snapshot.
  const healthy = (g: RiskGate | undefined): boolean => g === undefined || g.state()?.instruments[inst]?.health === 0;
  const notUp = (): string => [
    naiveUp ? '' : 'the naive strategy\'s private stream is down',
    ...[['riskgate', A.gate], ['runaway', R?.gate]].map(([name, g]) => {
      const i = (g as RiskGate | undefined)?.state()?.instruments[inst];
      return g === undefined || i === undefined || i.health === 0 ? '' : `${name as string}: ${denyReasonName(i.health)} (feed ${i.feedUp ? 'up' : 'down'}, snapshot ${i.snapPos === undefined ? 'none' : 'taken'}, awaiting one: ${i.awaitingSnapshot})`;
    }),
  ].filter((x) => x !== '').join('; ');
  await until(() => naiveUp && healthy(A.gate) && healthy(R?.gate), START_TIMEOUT_MS, options.signal, notUp);

  const samplerA = new StateSampler(() => A.gate.state(), inst);
  const samplerR = R === undefined ? undefined : new StateSampler(() => R.gate.state(), inst);
  const signal = new TakerSignal({ seed: o.seed, quoteMs: QUOTE_MS, meanRegimeMs: 2000, maxClip: 3 });
  startedAt = sim.exchange.clock.nowMs();
  const startedAtWall = Date.now();
  const unsubscribe = sim.exchange.onQuote((q: Quote) => {
    if (q.symbol !== SYMBOL) return;
    const s = signal.next();
    const now = sim.exchange.clock.nowMs() - startedAt;
    samplerA.sample(now);
    samplerR?.sample(now);
    // Alternate who goes first, so neither always takes the better price.
    const [first, second] = s.n % 2 === 0 ? [a, b] : [b, a];
    first.onSignal(s, q, now);
    second.onSignal(s, q, now);
    r?.onSignal(s, q, now);
  });
  cleanups.push(() => void unsubscribe());

  const wallStart = Date.now();
  const progress = options.progress;
  const ticker = progress === undefined ? undefined : setInterval(() => {
    progress(progressLine((Date.now() - wallStart) / 1000, o.seconds, [
      { name: 'riskgate', stats: a.stats, fills: sim.truth(GUARDED.name).executions.length },
      { name: 'naive', stats: b.stats, fills: sim.truth(NAIVE.name).executions.length },
    ]));
  }, 250);
  cleanups.push(() => clearInterval(ticker));

  const interrupted = await sleepOrAbort(o.seconds * 1000, options.signal);
  unsubscribe();
  a.stop();
  b.stop();
  r?.stop();
  const tradedMs = sim.exchange.clock.nowMs() - startedAt;
  if (!interrupted) await sleepOrAbort(SETTLE_MS, options.signal);
  clearInterval(ticker);

  const truthA = sim.truth(GUARDED.name);
  const truthB = sim.truth(NAIVE.name);
  const truthR = R === undefined ? undefined : sim.truth(RUNAWAY.name);
  const tripsOf = (g: RiskGate): number => g.state()?.counters['FLIP_FLOP_TRIPS'] ?? Number.NaN;
  const flipFlopTrips = tripsOf(A.gate);
  const runawayTrips = R === undefined ? undefined : tripsOf(R.gate);
  const latency = latencyResult(guardA.latency);
  const reconcileSnapshots = A.reconciler.stats.snapshots;
  const gateway = { ...guardA.gateway };
  const rest = { ...A.hook.stats };
  await cleanup(); // everything stopped and joined before the report is written
  const engineCleanExit = A.cleanExit() && (R === undefined || R.cleanExit());

  const faultsOf = (truth: AccountTruth): FaultRecord[] => truth.faults
    .map((f) => ({ ...f, at: f.at - startedAt, until: f.until === null ? null : f.until - startedAt }))
    .filter((f) => f.at <= tradedMs && (f.until === null || f.until >= 0));
  const side = (name: string, truth: AccountTruth, strategy: TakerStrategy, trips: number | undefined, audit: AuditedGuard | undefined, sampler: StateSampler | undefined): SideResult => {
    const sym = truth.symbols.find((x) => x.symbol === SYMBOL);
    const faults: Record<string, number> = {};
    for (const f of truth.faults) faults[f.kind] = (faults[f.kind] ?? 0) + 1;
    const history = truth.history.filter((p) => p.symbol === SYMBOL && p.at >= startedAt).map((p) => ({ ...p, at: p.at - startedAt }));
    const before = truth.history.filter((p) => p.symbol === SYMBOL && p.at < startedAt).at(-1);
    const full = before === undefined ? history : [{ ...before, at: 0 }, ...history];
    const availability = audit === undefined && sampler === undefined ? undefined : measureAvailability({
      decisions: audit?.decisions ?? [], samples: sampler?.samples ?? [], faults: faultsOf(truth), endMs: tradedMs, attributionMs: SNAPSHOT_STALE_MS,
    });
    return {
      name, limit: o.limit, breach: breachStats(full, SYMBOL, o.limit, truth.now - startedAt),
      finalPosition: sym?.position ?? 0, fills: truth.executions.length, pnl: sym?.pnl ?? 0, history: full, faults,
      stats: strategy.stats, denials: strategy.denials, flipFlopTrips: trips,
      ...(availability === undefined ? {} : { availability }),
      ...(sampler === undefined ? {} : { guardEvents: sampler.guardEvents }),
    };
  };
  const reportPath = resolve(o.reportPath);
  const result: DemoResult = {
    options: o, interrupted, tradedMs,
    riskgate: side('riskgate', truthA, a, flipFlopTrips, auditA, samplerA),
    naive: side('naive', truthB, b, undefined, auditB, undefined),
    runaway: r === undefined || truthR === undefined ? undefined : side('runaway', truthR, r, runawayTrips, undefined, samplerR),
    flipFlop: config.instruments[inst]!.flipFlop,
    latency, reconcileSnapshots, gateway, rest, engineCleanExit, reportPath,
  };
  writeFileSync(reportPath, renderReport(result));
  if (o.dumpBreach !== undefined) {
    writeBreachDump({
      file: o.dumpBreach, options: o, breach: result.riskgate.breach, startedAtSim: startedAt, startedAtWall, truth: truthA, symbol: SYMBOL, decisions: auditA.decisions,
    });
  }
  return result;
}

interface GuardedAccount {
  readonly gate: RiskGate;
  readonly guard: RiskgateGuard;
  readonly reconciler: Reconciler;
  readonly hook: ReturnType<typeof createPositionHook>;
  /** Whether the risk thread exited by itself (known once the cleanups ran). */
  readonly cleanExit: () => boolean;
}

/**
 * One account behind riskgate: its risk thread (parks when idle), its feed worker on the
 * account's private stream, a strategy lane, the event lane this thread publishes what it learns
 * into (order-entry outcomes, REST snapshots), and the REST reconciler: the venue's production
 * REST hook (src/feeds/*\/…-rest.ts), signed with the account's credentials, asking the
 * simulator's REST endpoint (its faults included).
 */
async function startGuardedAccount(
  account: { name: string; apiKey: string; apiSecret: string }, strategyName: string, o: ResolvedDemoOptions, options: DemoOptions,
  config: ResolvedConfig, venues: ReturnType<typeof loadFeedConfig>['venues'], feedJson: Record<string, unknown>, index: ReadonlyMap<string, number>,
  cleanups: (() => Promise<unknown> | void)[],
): Promise<GuardedAccount> {
  const dump = account === GUARDED && o.dumpBreach !== undefined ? { journal: { path: dumpJournalPath(o.dumpBreach) } } : {};
  const gate = new RiskGate(config, { idle: 'park', ...dump });
  await gate.start();
  let cleanExit = false;
  cleanups.push(async () => {
    cleanExit = (await gate.stop()).cleanExit;
  });
  const feedName = `${account.name}-private`;
  gate.attachFeed({
    name: feedName,
    source: { module: LIVE_FEED_SOURCE, options: { config: feedJson, venue: o.venue, env: credentialEnv(account), seed: o.seed, verbose: options.verbose === true } },
  });
  await gate.waitForFeed(feedName, ['ready'], START_TIMEOUT_MS);
  const guard = new RiskgateGuard(gate.client(gate.createStrategy(strategyName)), index, gate.openEventLane(`${account.name}-gateway`));
  const inst = index.get(SYMBOL)!;
  const hook = createPositionHook(venueConfigOf(venues, o.venue, config), config, { env: credentialEnv(account) });
  const reconciler = new Reconciler({
    hook, symbols: [SYMBOL], timers: realTimers, maxInFlight: DEMO_RECONCILE.maxInFlight,
    // The simulator's REST answers lag by at most its profile's `restStale` age: what a desk sets from the lag it observes.
    policy: { ...DEMO_RECONCILE, maxStalenessMs: demoProfile(o.profile).restStale.ageMs },
    health: () => gate.state()?.instruments[inst]?.health ?? 0,
    // Answers to requests sent before the feed went down or came back are dropped: a position
    // from before the outage must not end the known loss. The engine counts every feed status
    // event, and publishes its state after each batch it applies.
    epoch: () => gate.state()?.counters['FEED_EVENTS'] ?? 0,
    // Answers carry the engine-time moment they show the venue's state at, or later (asOf).
    engineClock: () => gate.engineTimeMs(),
    // Every uncertainty a position snapshot can resolve, unconfirmed fills included: a position
    // stream that is late or dead is not waited for longer than afterMs.
    codes: new Set([DenyReason.FEED_STALE, DenyReason.SEQUENCE_GAP, DenyReason.POSITION_MISMATCH, DenyReason.UNCONFIRMED_FILLS]),
    onEvent: (snapshot) => guard.onRestSnapshot(snapshot),
  });
  reconciler.start(DEMO_RECONCILE.tickMs);
  cleanups.push(() => reconciler.stop());
  return { gate, guard, reconciler, hook, cleanExit: () => cleanExit };
}

/** Resolves true when `signal` aborts first, false after `ms`. */
function sleepOrAbort(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      done(false);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      done(true);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls `cond` every 10 ms; rejects after `timeoutMs`; resolves early when `signal` aborts. */
async function until(cond: () => boolean, timeoutMs: number, signal: AbortSignal | undefined, why?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (signal?.aborted === true) return;
    if (Date.now() > deadline) throw new Error(`demo: the private streams were not up within ${timeoutMs} ms${why === undefined ? '' : `: ${why()}`}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
