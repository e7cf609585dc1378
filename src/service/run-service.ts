/**
 * `riskgate run --config FILE`: the engine as a long-running service, from one config file
 * (service-config.ts).
 *
 * ```
 *   venue WS ──► feed worker "<venue>" (live feed, supervised) ──┐
 *   venue REST ◄── Reconciler ──► event lane "<venue>-reconciler" ─┼──► risk thread ──► journal thread ──► FILE
 *                                                                  │         │
 *   operators ──► control server thread (/health /metrics /state /kill /stream, dashboard)
 * ```
 *
 * Logs one JSON object per line (pino) to `log`: start-up (placement, control address, journal
 * path), every feed lifecycle event, every change of an instrument's health (with the deny
 * code risk-increasing orders now get), reconciler failures, and the stop report. Stops on
 * SIGTERM or SIGINT: reconcilers, then `RiskGate.stop()` (control server, feed workers, the risk
 * thread's drain, the journal thread's final flush), then resolves: the caller exits 0 when
 * the risk thread exited by itself and the journal lost nothing and reported no error.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { StopReport } from '../engine/threaded-engine.js';
import { RiskGate } from '../gate/riskgate.js';
import { createPositionHook } from '../feeds/create-position-hook.js';
import { Reconciler } from '../feeds/reconciler.js';
import { realTimers } from '../feeds/feed-timers.js';
import type { FeedLogger } from '../feeds/feed-logger.js';
import { denyReasonName } from '../risk/deny-reason.js';
import { credentialEnvOf, type ServiceConfig } from './service-config.js';

/** The live feed source module every venue's feed worker loads. */
const LIVE_FEED_SOURCE = new URL('../venue-bridge/live-feed-source.js', import.meta.url).href;
/** How often the reconcilers look at health, and the service compares health for its log (ms). */
const TICK_MS = 100;
const HEALTH_LOG_MS = 250;

export interface ServiceHandle {
  readonly gate: RiskGate;
  /** The journal file (or rotated set's index) this start writes. */
  readonly journalPath: string;
  /** Stops everything (idempotent) and resolves with the engine's stop report. */
  stop(reason: string): Promise<StopReport>;
}

/** The pino logger of the service: JSON lines with an ISO time, synchronous (nothing lost at exit). */
export function serviceLogger(level: string, dest: number | string = 1): Logger {
  return pino({ level, base: { service: 'riskgate', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest, sync: true }));
}

/** `riskgate-20261207T141503Z-4242.rgj`: a new name per start (a journal is never overwritten). */
function journalFileIn(dir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(dir, `riskgate-${stamp}-${process.pid}.rgj`);
}

export async function startService(cfg: ServiceConfig, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ServiceHandle> {
  let journalPath: string;
  if ('dir' in cfg.journalTarget) {
    mkdirSync(cfg.journalTarget.dir, { recursive: true });
    journalPath = journalFileIn(cfg.journalTarget.dir, new Date());
  } else journalPath = cfg.journalTarget.path;

  const gate = new RiskGate(cfg.engine, { idle: 'park', control: cfg.control, journal: { ...cfg.journal, path: journalPath } });
  gate.onFeedEvent((e) => {
    const bad = e.kind === 'error' || e.kind === 'exit' || e.kind === 'start-failed' || e.kind === 'gave-up';
    log[bad ? 'warn' : 'info']({ feed: e.feed, event: e.kind, ...(e.detail !== undefined ? { detail: e.detail } : {}) }, `feed ${e.feed}: ${e.kind}`);
  });
  await gate.start();
  const control = gate.controlServer;
  log.info({
    instruments: gate.symbols, journal: journalPath, placement: gate.placement,
    control: control === undefined ? null : { host: control.host, port: control.port },
  }, `engine started: ${gate.symbols.length} instrument(s), control on ${control === undefined ? '-' : `http://${control.host}:${control.port}`}, journal ${journalPath}`);

  const reconcilers: Reconciler[] = [];
  const index = new Map(gate.symbols.map((s, i) => [s, i]));
  const health = (symbol: string): number => gate.state()?.instruments[index.get(symbol) ?? -1]?.health ?? 0;
  for (const venue of cfg.venues) {
    const venueEnv = credentialEnvOf(venue, env);
    gate.attachFeed({ name: venue.venue, source: { module: LIVE_FEED_SOURCE, options: { config: cfg.feedJson, venue: venue.venue, env: venueEnv } } });
    const lane = gate.openEventLane(`${venue.venue}-reconciler`);
    const feedLog: FeedLogger = { info: (m) => log.info({ venue: venue.venue }, m), warn: (m) => log.warn({ venue: venue.venue }, m) };
    const symbols = venue.instruments.map((i) => i.symbol);
    const reconciler = new Reconciler({
      hook: createPositionHook(venue, cfg.engine, { env: venueEnv }),
      symbols, health, timers: realTimers, policy: venue.reconcile, logger: feedLog,
      // Answers to requests sent before a feed went down or came back are dropped (a position from
      // before the outage must not end the known loss), and those sent `maxStalenessMs` after it
      // are marked current. The engine counts every feed status event in the state it publishes.
      epoch: () => gate.state()?.counters['FEED_EVENTS'] ?? 0,
      // Answers carry the engine-time moment they show the venue's state at, or later (asOf).
      engineClock: () => gate.engineTimeMs(),
      onEvent: (s) => {
        const code = lane.snapshot(index.get(s.symbol) ?? -2, s.position, s.seq ?? Number.NaN, s.venueTime ?? Number.NaN, s.current === true ? 1 : 0, s.asOf ?? Number.NaN);
        log.info({ venue: venue.venue, symbol: s.symbol, position: s.position, lane: code }, `REST snapshot ${s.symbol}: position ${s.position}`);
      },
    });
    reconciler.start(TICK_MS);
    reconcilers.push(reconciler);
    log.info({ venue: venue.venue, symbols, endpoint: venue.endpoint }, `venue ${venue.venue}: live feed and REST reconciler started`);
  }

  // Health transitions, as operators need them in the log: which instrument, from what, to what.
  const last = new Map<string, number>();
  const healthTimer = setInterval(() => {
    const s = gate.state();
    if (s === undefined) return;
    for (const inst of s.instruments) {
      const before = last.get(inst.symbol);
      if (before === inst.health) continue;
      last.set(inst.symbol, inst.health);
      const name = inst.health === 0 ? 'healthy' : denyReasonName(inst.health);
      log[inst.health === 0 ? 'info' : 'warn']({ symbol: inst.symbol, health: name, was: before === undefined ? null : before === 0 ? 'healthy' : denyReasonName(before) },
        `${inst.symbol}: ${name}`);
    }
  }, HEALTH_LOG_MS);

  let stopping: Promise<StopReport> | undefined;
  return {
    gate, journalPath,
    stop(reason) {
      stopping ??= (async () => {
        log.info({ reason }, `stopping (${reason})`);
        clearInterval(healthTimer);
        for (const r of reconcilers) r.stop();
        const report = await gate.stop();
        log[serviceStoppedCleanly(report) ? 'info' : 'error']({
          cleanExit: report.cleanExit, events: report.events, requests: report.requests, lostEvents: report.lostEvents,
          journal: journalPath, journalRecords: report.journalRecords, journalLost: report.journalLost, journalError: report.journal?.error ?? null,
        }, `stopped: journal ${journalPath}, ${report.journalRecords} record(s), ${report.journalLost} lost`);
        return report;
      })();
      return stopping;
    },
  };
}

/** Whether a stop leaves nothing to investigate: the risk thread drained and the journal holds every call. */
export function serviceStoppedCleanly(r: StopReport): boolean {
  return r.cleanExit && r.journalLost === 0 && r.journal?.error === undefined;
}
