/**
 * The demo (issue 5): riskgate against the naive check, on the local exchange simulator.
 *
 * ```
 *  SimServer (this thread, uWS on 127.0.0.1, real-time clock, fault profile)
 *    │ quotes ──► TakerSignal (seeded) ──► the same signal to both strategies
 *    ├─ /trade (A) ◄── TakerStrategy A ◄── RiskgateGuard: StrategyClient.decideOrder ──► risk thread
 *    ├─ private stream (A) ──► feed worker (live-feed-source.ts) ──► feed ring ──► risk thread
 *    ├─ REST positions (A) ◄── Reconciler + the venue's real REST hook (signed, rate-budgeted)
 *    │        order-entry outcomes + REST snapshots ──► RiskgateGuard ──► event lane ──► risk thread
 *    ├─ /trade (B) ◄── TakerStrategy B ◄── NaiveGuard
 *    └─ private stream (B) ──► LiveFeed on this thread ──► NaiveGuard (position, live orders)
 * ```
 * Threads: this one (simulator, strategies, B's feed, the publisher of A's event lane), the risk
 * thread (parks when idle), A's feed worker: fits two cores. Breaches are measured on the simulator's truth. Stopping (end of
 * the run or `signal`) tears everything down in order and always writes the report.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RiskGate } from '../engine/index.js';
import { startLiveFeed } from '../feeds/create-live-feed.js';
import { createPositionHook } from '../feeds/create-position-hook.js';
import { stderrLogger } from '../feeds/feed-logger.js';
import { realTimers } from '../feeds/feed-timers.js';
import { seededRandom } from '../feeds/random.js';
import { Reconciler } from '../feeds/reconciler.js';
import { loadFeedConfig, venueConfigOf } from '../feeds/venue-config.js';
import { DenyReason } from '../risk/deny-reason.js';
import { SimServer, type AccountTruth, type Quote } from '../sim/index.js';
import { breachStats } from './breach-stats.js';
import { demoProfile } from './demo-profile.js';
import { renderReport } from './demo-report.js';
import type { DemoOptions, ResolvedDemoOptions } from './demo-options.js';
import { resolveDemoOptions } from './demo-options.js';
import type { DemoResult, SideResult } from './demo-result.js';
import { DEMO_INSTRUMENT, GUARDED, NAIVE, SYMBOL, credentialEnv, demoFeedConfig } from './demo-market.js';
import { EntryClient } from './entry-client.js';
import { latencyResult } from './latency-result.js';
import { NaiveGuard } from './naive-guard.js';
import { progressLine } from './progress-line.js';
import { RiskgateGuard } from './riskgate-guard.js';
import { TakerSignal } from './taker-signal.js';
import { TakerStrategy } from './taker-strategy.js';

/** Module URL of the live feed source (`FeedSpec.source.module`). */
export const LIVE_FEED_SOURCE = new URL('./live-feed-source.js', import.meta.url).href;

/** Simulated ms between market ticks (one quote, one signal each). */
const QUOTE_MS = 25;
/** How far an IOC crosses the touch (ticks). */
const CROSS_TICKS = 5;
/** After the last signal: time for in-flight replies and frames to land before the truth is read. */
const SETTLE_MS = 300;
/** Bound of every start-up wait. */
const START_TIMEOUT_MS = 10_000;

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const o = resolveDemoOptions(options);
  const sim = await SimServer.start({
    seed: o.seed, venue: o.venue, profile: demoProfile(o.profile), clock: 'realtime', marketStepMs: QUOTE_MS,
    instruments: [DEMO_INSTRUMENT], accounts: [GUARDED, NAIVE],
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

  // riskgate: risk thread (parks when idle), A's feed worker, A's strategy lane, and the event
  // lane this thread publishes what it learns into (order-entry outcomes, REST snapshots).
  const gate = new RiskGate(config, { idle: 'park' });
  await gate.start();
  let engineCleanExit = false;
  cleanups.push(async () => {
    engineCleanExit = (await gate.stop()).cleanExit;
  });
  gate.attachFeed({
    name: 'riskgate-private',
    source: { module: LIVE_FEED_SOURCE, options: { config: feedJson, venue: o.venue, env: credentialEnv(GUARDED), seed: o.seed, verbose: options.verbose === true } },
  });
  await gate.waitForFeed('riskgate-private', ['ready'], START_TIMEOUT_MS);
  const guardA = new RiskgateGuard(gate.client(gate.createStrategy('taker-riskgate')), index, gate.openEventLane('riskgate-gateway'));

  // The REST reconciler: the venue's production REST hook (src/feeds/*/…-rest.ts), signed with
  // account A's credentials, asking the simulator's REST endpoint (its faults included).
  const inst = index.get(SYMBOL)!;
  const hook = createPositionHook(venueConfigOf(venues, o.venue, config), config, { env: credentialEnv(GUARDED) });
  const reconciler = new Reconciler({
    hook, symbols: [SYMBOL], timers: realTimers, policy: { afterMs: 250, cooldownMs: 1000 },
    health: () => gate.state()?.instruments[inst]?.health ?? 0,
    codes: new Set([DenyReason.FEED_STALE, DenyReason.SEQUENCE_GAP, DenyReason.POSITION_MISMATCH]),
    onEvent: (snapshot) => guardA.onRestSnapshot(snapshot),
  });
  reconciler.start(50);
  cleanups.push(() => reconciler.stop());

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

  const a = new TakerStrategy(guardA, DEMO_INSTRUMENT.lotSize, DEMO_INSTRUMENT.tickSize, CROSS_TICKS);
  const b = new TakerStrategy(guardB, DEMO_INSTRUMENT.lotSize, DEMO_INSTRUMENT.tickSize, CROSS_TICKS);
  const entryA = new EntryClient(sim.tradeUrl(GUARDED.apiKey), (m) => a.onReply(m));
  const entryB = new EntryClient(sim.tradeUrl(NAIVE.apiKey), (m) => b.onReply(m));
  cleanups.push(() => entryA.close(), () => entryB.close());
  await Promise.all([entryA.opened(START_TIMEOUT_MS), entryB.opened(START_TIMEOUT_MS)]);
  a.connect(entryA);
  b.connect(entryB);

  // Both strategies start once both private streams are up and riskgate has its first snapshot.
  await until(() => naiveUp && gate.state()?.instruments[inst]?.health === 0, START_TIMEOUT_MS, options.signal);

  const signal = new TakerSignal({ seed: o.seed, quoteMs: QUOTE_MS, meanRegimeMs: 2000, maxClip: 3 });
  const startedAt = sim.exchange.clock.nowMs();
  const unsubscribe = sim.exchange.onQuote((q: Quote) => {
    if (q.symbol !== SYMBOL) return;
    const s = signal.next();
    const now = sim.exchange.clock.nowMs() - startedAt;
    // Alternate who goes first, so neither always takes the better price.
    const [first, second] = s.n % 2 === 0 ? [a, b] : [b, a];
    first.onSignal(s, q, now);
    second.onSignal(s, q, now);
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
  const tradedMs = sim.exchange.clock.nowMs() - startedAt;
  if (!interrupted) await sleepOrAbort(SETTLE_MS, options.signal);
  clearInterval(ticker);

  const truthA = sim.truth(GUARDED.name);
  const truthB = sim.truth(NAIVE.name);
  const finalState = gate.state();
  const flipFlopTrips = finalState?.counters['FLIP_FLOP_TRIPS'] ?? Number.NaN;
  const latency = latencyResult(guardA.latency);
  const reconcileSnapshots = reconciler.stats.snapshots;
  const gateway = { ...guardA.gateway };
  const rest = { ...hook.stats };
  await cleanup(); // everything stopped and joined before the report is written

  const side = (name: string, truth: AccountTruth, strategy: TakerStrategy, trips: number | undefined): SideResult => {
    const sym = truth.symbols.find((x) => x.symbol === SYMBOL);
    const faults: Record<string, number> = {};
    for (const f of truth.faults) faults[f.kind] = (faults[f.kind] ?? 0) + 1;
    const history = truth.history.filter((p) => p.symbol === SYMBOL && p.at >= startedAt).map((p) => ({ ...p, at: p.at - startedAt }));
    const before = truth.history.filter((p) => p.symbol === SYMBOL && p.at < startedAt).at(-1);
    const full = before === undefined ? history : [{ ...before, at: 0 }, ...history];
    return {
      name, limit: o.limit, breach: breachStats(full, SYMBOL, o.limit, truth.now - startedAt),
      finalPosition: sym?.position ?? 0, fills: truth.executions.length, pnl: sym?.pnl ?? 0, history: full, faults,
      stats: strategy.stats, denials: strategy.denials, flipFlopTrips: trips,
    };
  };
  const reportPath = resolve(o.reportPath);
  const result: DemoResult = {
    options: o, interrupted, tradedMs,
    riskgate: side('riskgate', truthA, a, flipFlopTrips),
    naive: side('naive', truthB, b, undefined),
    latency, reconcileSnapshots, gateway, rest, engineCleanExit, reportPath,
  };
  writeFileSync(reportPath, renderReport(result));
  return result;
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
async function until(cond: () => boolean, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (signal?.aborted === true) return;
    if (Date.now() > deadline) throw new Error(`demo: the private streams were not up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
