import { isMainThread } from 'node:worker_threads';
import { createHttpApp, loadUws, uwsUnavailableMessage, type HttpApp, type HttpRequest, type HttpResponse } from '../server/index.js';
import { BearerAuth } from './bearer-auth.js';
import { buildInfo } from './build-info.js';
import type { ControlServerSettings } from './control-server-settings.js';
import { ControlError, ControlErrorCode } from './control-error.js';
import { dashboardHtml, DASHBOARD_CSP } from './dashboard-page.js';
import { hostAllowed, originAllowed } from './host-check.js';
import { reply, replyError, replyJson, type ReplyState } from './http-reply.js';
import { defaultStreamEncoders } from './default-stream-encoders.js';
import type { HealthPart, HealthProbe } from './health-part.js';
import type { KillSink } from './kill-sink.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { LatencyView } from './latency-view.js';
import { parseKillRequest } from './parse-kill-request.js';
import { readProcessRuntime } from './process-runtime.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './prometheus-metrics.js';
import { readBody } from './request-body.js';
import { ServerStats } from './server-stats.js';
import { SharedLatencyHistogram } from './shared-latency-histogram.js';
import type { StateSnapshot, StateSource } from './state-source.js';
import type { StreamEncoder } from './stream-encoder.js';
import { StreamHub, type StreamClient } from './stream-hub.js';
import { ThreadRuntimeSampler, type ThreadRuntimeSample } from './thread-runtime-sampler.js';

/** Decisions sent per stream tick at most; the rest wait for the next tick. */
const DECISIONS_PER_TICK = 2048;

/** `GET /decisions`: how many of the most recent decisions by default, and at most. */
export const RECENT_DECISIONS_DEFAULT = 50;
export const RECENT_DECISIONS_MAX = 1000;

export interface ControlServerParts {
  readonly settings: ControlServerSettings;
  readonly source: StateSource;
  readonly killSink: KillSink;
  /** Stream encodings, the default first. Default: `defaultStreamEncoders()` (FlatBuffers, JSON). */
  readonly encoders?: readonly StreamEncoder[];
  /** Liveness of the engine's threads for `/health` and `/metrics` (the threaded engine's `LivenessMonitor`). */
  readonly health?: HealthProbe;
}

/** A running control server. */
export interface ControlServer {
  readonly host: string;
  /** The bound port (the configured one, or the one picked for port 0). */
  readonly port: number;
  readonly stats: ServerStats;
  /** Closes every stream client, the listen socket and the app. Idempotent. */
  stop(): void;
}

/** How a desk switches this server to Node's own http + ws (named in the error below). */
const NODE_SERVER_HINT = 'set control.server to "node"';

/** Throws `ControlError` NATIVE unless a native uWebSockets.js build loads on this host (the message says why not and what works). */
export function assertNativeUws(): void {
  const load = loadUws();
  if (load.module === undefined) throw new ControlError(ControlErrorCode.NATIVE, uwsUnavailableMessage(load, NODE_SERVER_HINT));
}

/**
 * Starts the control server **in the calling thread**: the server thread's body
 * (control-server-worker.ts), and what tests use directly. A deployment runs it on its own
 * thread with `startControlServerThread`, never on the risk thread.
 *
 * Endpoints: `GET /` (dashboard), `GET /health`, `GET /state`, `GET /metrics`,
 * `GET /decisions?limit=N` (the N most recent decisions, oldest first), `POST /kill` (bearer
 * token), WebSocket `/stream`. No endpoint returns a secret: the server holds only the
 * token's digest.
 *
 * On `settings.server` (default `uws`): uWebSockets.js's native build, or Node's http + ws
 * (`node`); `uws` where no build runs throws `ControlError` NATIVE, never falls back.
 */
export function listenControlServer(parts: ControlServerParts): Promise<ControlServer> {
  const { settings, source, killSink } = parts;
  const parts_ = parts;
  const app: HttpApp = createHttpApp(settings.server ?? 'uws', NODE_SERVER_HINT, (m) => new ControlError(ControlErrorCode.NATIVE, m));
  const encoders = parts.encoders && parts.encoders.length > 0 ? parts.encoders : defaultStreamEncoders();
  const byName = new Map(encoders.map((e) => [e.name, e]));
  const auth = new BearerAuth(settings.tokenDigest);
  const stats = new ServerStats();
  const hub = new StreamHub(settings.streamMaxBufferedBytes, stats, settings.streamMaxTotalBytes);
  /** Samples the source hands over (`takeLatencies`), or its shared block read in place; null: none measured. */
  const samples = new LatencyHistogram();
  let shared: SharedLatencyHistogram | undefined;
  let latency: LatencyView | null = null;
  const page = dashboardHtml();
  /** This thread's runtime for /metrics: `control` on the server thread (`main` when a test runs the server on its own main thread). */
  const runtime = new ThreadRuntimeSampler(isMainThread ? 'main' : 'control');
  const threadSamples = (): ThreadRuntimeSample[] => {
    const own = runtime.sample();
    const relayed = source.runtimeSamples?.() ?? [];
    return [own, ...relayed.filter((t) => t.thread !== own.thread)];
  };
  let cursor = 0;
  let lastStateKey = '';
  let lastState: StateSnapshot | undefined;

  /** The state now, and the latencies since the previous read (every endpoint and every tick read it). */
  const readState = (): StateSnapshot => {
    const block = source.latencyBlock?.();
    if (block !== undefined) {
      shared ??= new SharedLatencyHistogram(block);
      shared.refresh();
      latency = shared;
    } else if (source.takeLatencies !== undefined) {
      source.takeLatencies((ns) => samples.record(ns));
      latency = samples;
    }
    lastState = source.snapshot();
    return lastState;
  };
  const view = (state: StateSnapshot) => ({ state, latency: latency?.summary() ?? null });

  /**
   * Every part `/health` judges: the probe's (risk loop, kill ring, journal, feeds) and the
   * state the server serves (readable, and fresh when the source relays a copy).
   */
  const healthParts = (): HealthPart[] => {
    const now = Date.now();
    const parts = [...(parts_.health?.check(now) ?? [])];
    try {
      readState();
      const age = source.ageMs?.(now);
      const deadlineMs = settings.healthDeadlineMs;
      if (age === undefined || age <= deadlineMs) {
        parts.push({ name: 'state', ok: true, detail: 'state readable', ...(age !== undefined ? { ageMs: age, deadlineMs } : {}) });
      } else {
        parts.push({ name: 'state', ok: false, ageMs: age, deadlineMs, detail: `the state copy is ${Math.round(age)} ms old: the engine's (embedding) thread has not published it (blocked?); /state and /stream are stale` });
      }
    } catch (err) {
      parts.push({ name: 'state', ok: false, detail: `the state source failed: ${(err as Error).message}` });
    }
    return parts;
  };

  /** Checks the Host header; replies 403 and returns false when refused. */
  const guard = (res: HttpResponse, req: HttpRequest, st: ReplyState): boolean => {
    if (hostAllowed(req.getHeader('host'), settings.host)) return true;
    stats.countRefused('bad_host');
    replyError(res, st, '403 Forbidden', 'BAD_HOST', 'the Host header does not name this server');
    return false;
  };
  const withState = (res: HttpResponse, st: ReplyState, then: (s: StateSnapshot) => void): void => {
    let s: StateSnapshot;
    try {
      s = readState();
    } catch (err) {
      replyError(res, st, '503 Service Unavailable', 'STATE_UNAVAILABLE', `the state source failed: ${(err as Error).message}`);
      return;
    }
    then(s);
  };

  app.get('/', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    reply(res, st, '200 OK', 'text/html; charset=utf-8', page, [['Content-Security-Policy', DASHBOARD_CSP]]);
  });
  app.get('/health', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    const checked = healthParts();
    const failing = checked.filter((p) => !p.ok).map((p) => p.name);
    replyJson(res, st, failing.length === 0 ? '200 OK' : '503 Service Unavailable', {
      status: failing.length === 0 ? 'ok' : 'failing', failing, parts: checked, engineTime: lastState?.time ?? null, streamClients: hub.size,
    });
  });
  app.get('/state', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    withState(res, st, (s) => replyJson(res, st, '200 OK', { ...s, latency: latency?.summary() ?? null }));
  });
  app.get('/metrics', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    const checked = healthParts();
    withState(res, st, (s) => reply(res, st, '200 OK', METRICS_CONTENT_TYPE, renderMetrics(s, stats, latency, checked, killSink.outcomes?.(Date.now()), {
      build: buildInfo(), process: readProcessRuntime(), threads: threadSamples(),
    })));
  });
  // The decisions the stream has passed (up to its cursor), so a page opened now shows what came
  // before it; together with /stream from its open on, nothing is missed (the page merges by seq).
  app.get('/decisions', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    const raw = new URLSearchParams(req.getQuery() ?? '').get('limit');
    const limit = raw === null ? RECENT_DECISIONS_DEFAULT : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_DECISIONS_MAX) {
      stats.countRefused('bad_request');
      replyError(res, st, '400 Bad Request', 'BAD_LIMIT', `limit must be an integer from 1 to ${RECENT_DECISIONS_MAX}`);
      return;
    }
    const upTo = cursor;
    const batch = source.decisionsSince(Math.max(0, upTo - limit), limit);
    const decisions = batch.decisions.filter((d) => d.seq <= upTo);
    replyJson(res, st, '200 OK', { decisions, lastSeq: upTo, missed: batch.missed });
  });
  app.post('/kill', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    // The request is only valid in this synchronous part: read every header now.
    const authorization = req.getHeader('authorization');
    const declared = req.getHeader('content-length');
    if (!auth.enabled) {
      stats.countRefused('kill_disabled');
      replyError(res, st, '403 Forbidden', 'KILL_DISABLED', 'no control token is configured: the kill switch is off on this server', [], true);
      return;
    }
    if (!auth.check(authorization)) {
      stats.killAuthFailures++;
      replyError(res, st, '401 Unauthorized', 'UNAUTHORIZED', 'a valid "Authorization: Bearer <token>" header is required', [['WWW-Authenticate', 'Bearer realm="riskgate"']], true);
      return;
    }
    const tooLarge = (): void => {
      stats.countRefused('too_large');
      replyError(res, st, '413 Payload Too Large', 'TOO_LARGE', `request bodies are limited to ${settings.maxBodyBytes} bytes`, [], true);
    };
    if (declared !== '' && !(Number(declared) <= settings.maxBodyBytes)) {
      tooLarge();
      return;
    }
    readBody(res, st, settings.maxBodyBytes, (body) => {
      let symbols: readonly string[];
      try {
        symbols = (lastState ?? readState()).instruments.map((i) => i.symbol);
      } catch (err) {
        replyError(res, st, '503 Service Unavailable', 'STATE_UNAVAILABLE', `the state source failed: ${(err as Error).message}`);
        return;
      }
      const r = parseKillRequest(body, symbols);
      if ('problem' in r) {
        stats.countRefused('bad_request');
        replyError(res, st, '400 Bad Request', r.code, r.problem);
        return;
      }
      const accepted = killSink.requestKill(r);
      stats.countKill(r.mode, accepted ? 'accepted' : 'queue_full');
      // 202: the request is in the queue the engine applies next (the threaded engine: the risk
      // thread's own kill ring); what the engine answered shows in /metrics' kill results.
      if (accepted) replyJson(res, st, '202 Accepted', { accepted: true, request: r });
      else replyError(res, st, '503 Service Unavailable', 'KILL_QUEUE_FULL', 'the kill request was NOT taken: the kill queue is full; retry');
    }, tooLarge);
  });
  app.ws<StreamClient>('/stream', {
    maxPayloadLength: 1024,
    idleTimeout: 120,
    sendPingsAutomatically: true,
    // Far above our own limit, so that our check (not uWS silently dropping a message) decides.
    maxBackpressure: Math.max(settings.streamMaxBufferedBytes * 4, 64 << 20),
    closeOnBackpressureLimit: 0,
    upgrade: (res, req, context) => {
      const st: ReplyState = { done: false };
      if (!guard(res, req, st)) return;
      if (!originAllowed(req.getHeader('origin'), req.getHeader('host'))) {
        stats.countRefused('bad_origin');
        replyError(res, st, '403 Forbidden', 'BAD_ORIGIN', 'cross-origin stream connections are refused');
        return;
      }
      if (settings.streamRequiresToken && !auth.check(req.getHeader('authorization'))) {
        stats.countRefused('stream_unauthorized');
        replyError(res, st, '401 Unauthorized', 'UNAUTHORIZED', 'this server requires "Authorization: Bearer <token>" for /stream', [['WWW-Authenticate', 'Bearer realm="riskgate"']]);
        return;
      }
      if (hub.size >= settings.streamMaxClients) {
        stats.countRefused('stream_full');
        replyError(res, st, '503 Service Unavailable', 'STREAM_FULL', `at most ${settings.streamMaxClients} /stream clients (control.streamMaxClients)`);
        return;
      }
      const name = new URLSearchParams(req.getQuery() ?? '').get('encoding');
      const encoder = name === null ? encoders[0]! : byName.get(name);
      if (encoder === undefined) {
        stats.countRefused('bad_request');
        replyError(res, st, '400 Bad Request', 'UNKNOWN_ENCODING', `encoding must be one of ${[...byName.keys()].join(', ')}`);
        return;
      }
      res.upgrade<StreamClient>(
        { encoder, closed: false },
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    },
    open: (ws) => {
      const enc = ws.getUserData().encoder;
      const greeting = [enc.hello(settings.streamIntervalMs)];
      try {
        greeting.push(enc.state(view(lastState ?? readState())));
      } catch {
        // The state arrives with the next tick.
      }
      hub.add(ws, greeting);
    },
    // Clients have nothing to say; a message is ignored.
    message: () => {},
    close: (ws) => hub.remove(ws),
  });
  app.any('/*', (res, req) => {
    const st: ReplyState = { done: false };
    if (!guard(res, req, st)) return;
    replyError(res, st, '404 Not Found', 'NOT_FOUND', 'no such endpoint (GET /, /health, /state, /metrics, /decisions; POST /kill; WebSocket /stream)', [], true);
  });

  /** Streams new decisions, then the state when it changed. Never waits on a client. */
  const tick = (): void => {
    // Observe liveness on every tick (a counter's change is timestamped when seen) and read the
    // kill ring's answers.
    try {
      parts_.health?.check(Date.now());
    } catch {
      // /health reports it
    }
    let state: StateSnapshot;
    try {
      state = readState();
    } catch {
      return; // the next tick retries; /health reports the failure
    }
    const batch = source.decisionsSince(cursor, DECISIONS_PER_TICK);
    if (batch.missed > 0) stats.streamMissed += batch.missed;
    if (batch.decisions.length > 0 || batch.missed > 0) {
      cursor = batch.decisions.length > 0 ? batch.decisions[batch.decisions.length - 1]!.seq : cursor + batch.missed;
      if (hub.size > 0) hub.publish((e) => e.decisions(batch));
    }
    // The latency summary is part of the key: the threaded engine's latencies move apart from its state.
    const v = view(state);
    const key = JSON.stringify(v);
    if (key !== lastStateKey) {
      lastStateKey = key;
      if (hub.size > 0) hub.publish((e) => e.state(v));
    }
  };

  return app.listen(settings.host, settings.port).then((port) => {
    const timer = setInterval(tick, settings.streamIntervalMs);
    let stopped = false;
    return {
      host: settings.host,
      port,
      stats,
      stop(): void {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        runtime.stop();
        hub.closeAll();
        app.close();
      },
    };
  }, (err: Error) => {
    runtime.stop();
    app.close();
    throw new ControlError(ControlErrorCode.LISTEN, `the control server could not listen on ${settings.host}:${settings.port} (${err.message})`);
  });
}
