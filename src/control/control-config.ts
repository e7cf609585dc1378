import { isIP } from 'node:net';
import { ConfigError } from '../config/config-error.js';
import { DEFAULT_SERVER_KIND, SERVER_KINDS, isServerKind, type ServerKind } from '../server/index.js';

/**
 * The `control` section of the riskgate config: where the control server listens and how a
 * kill request is authenticated.
 *
 * The server has no TLS (see the README, "Control plane"): it binds loopback by default; put a TLS proxy in
 * front of it to reach it from elsewhere. `server` chooses what serves the endpoints:
 * uWebSockets.js's native build (`uws`, the default), or Node's own http + ws (`node`), for
 * hosts where no uWebSockets.js build runs (e.g. Node 22 or 24 on glibc older than 2.38).
 * Chosen here, never by a fallback.
 *
 * `token` is a secret. It is read here and turned into a digest when the server starts
 * (`resolveTokenDigest`); no endpoint ever returns it, and the server thread never sees it.
 */
export interface ControlConfig {
  readonly host: string;
  /** 0: an ephemeral port (the bound port is reported by the server handle). */
  readonly port: number;
  /** The bearer token for `POST /kill`. At most one of `token` and `tokenEnv`. */
  readonly token: string | undefined;
  /** The name of an environment variable holding the bearer token. */
  readonly tokenEnv: string | undefined;
  readonly maxBodyBytes: number;
  readonly streamIntervalMs: number;
  readonly streamMaxBufferedBytes: number;
  /** More `/stream` clients are refused (503). */
  readonly streamMaxClients: number;
  /** Unsent bytes over every `/stream` client: past it, lagging clients are dropped. */
  readonly streamMaxTotalBytes: number;
  /** `/stream` requires the bearer token too (default: only `POST /kill` does). */
  readonly streamRequiresToken: boolean;
  /** A risk loop, journal writer, state publisher or kill answer silent this long fails `/health` (ms). */
  readonly healthDeadlineMs: number;
  /** A non-loopback `host` is refused unless this is true (the server has no TLS). */
  readonly allowRemote: boolean;
  /** What serves the endpoints: uWebSockets.js (`uws`) or Node's http + ws (`node`). */
  readonly server: ServerKind;
}

/** Defaults, with unit and range in CONTROL_CONFIG_DOCS; frozen. */
export const CONTROL_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  maxBodyBytes: 1024,
  streamIntervalMs: 100,
  streamMaxBufferedBytes: 1 << 20,
  streamMaxClients: 64,
  streamMaxTotalBytes: 32 << 20,
  streamRequiresToken: false,
  healthDeadlineMs: 2000,
  allowRemote: false,
  server: DEFAULT_SERVER_KIND,
});

/** Fewest distinct characters a token must have: `aaaaaaaaaaaaaaaa` is long but not secret. */
export const MIN_TOKEN_DISTINCT = 8;

/** The shortest token accepted in the config (a guessable token makes the kill switch a toy). */
export const MIN_TOKEN_LENGTH = 16;

/** One row per key: `[path, unit, range, default, meaning]`, the same shape as CONFIG_DOCS. */
export const CONTROL_CONFIG_DOCS: readonly (readonly [path: string, unit: string, range: string, dflt: string, meaning: string])[] = [
  ['control.host', '-', 'IPv4 or IPv6 literal', '"127.0.0.1"', 'address the control server binds (no TLS: keep it on loopback)'],
  ['control.port', '-', 'integer 0..65535', 'required', 'port of the control server; 0 picks a free one'],
  ['control.token', '-', `string of ${MIN_TOKEN_LENGTH}+ characters`, 'off', 'bearer token for POST /kill (or tokenEnv)'],
  ['control.tokenEnv', '-', 'environment variable name', 'off', 'environment variable holding the bearer token'],
  ['control.maxBodyBytes', 'bytes', 'integer 64..65536', '1024', 'larger request bodies are refused (413) unread'],
  ['control.streamIntervalMs', 'ms', 'integer 10..10000', '100', 'how often /stream sends new decisions and state'],
  ['control.streamMaxBufferedBytes', 'bytes', 'integer 1024..67108864', '1048576', 'a stream client with more unsent bytes is dropped'],
  ['control.streamMaxClients', 'clients', 'integer 0..10000', '64', 'more /stream clients are refused (503 STREAM_FULL)'],
  ['control.streamMaxTotalBytes', 'bytes', 'integer 1024..1073741824', '33554432', 'unsent bytes over all /stream clients; past it lagging clients are dropped'],
  ['control.streamRequiresToken', '-', 'boolean', 'false', '/stream requires the bearer token (Authorization header) too'],
  ['control.healthDeadlineMs', 'ms', 'integer 50..600000', '2000', 'risk loop, journal writer, state publisher or a kill answer silent this long: /health 503'],
  ['control.allowRemote', '-', 'boolean', 'false', 'must be true to bind a non-loopback host (no TLS: a warning is printed)'],
  ['control.server', '-', 'uws, node', '"uws"', 'uws: uWebSockets.js (native build; refused where none runs); node: Node\'s http + ws (any host, slower)'],
];

const KEYS = ['host', 'port', 'token', 'tokenEnv', 'maxBodyBytes', 'streamIntervalMs', 'streamMaxBufferedBytes', 'streamMaxClients', 'streamMaxTotalBytes',
  'streamRequiresToken', 'healthDeadlineMs', 'allowRemote', 'server'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function intIn(o: Record<string, unknown>, key: string, min: number, max: number, problems: string[]): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    problems.push(`control.${key} must be an integer from ${min} to ${max}`);
    return undefined;
  }
  return v;
}

/**
 * Validates the `control` section (the value of `json.control`, untrusted). Throws one
 * `ConfigError` listing every problem; unknown keys are problems. The engine's own
 * `validateConfig(json, ['control'])` accepts the section's presence; this reads its content.
 */
export function validateControlConfig(section: unknown): ControlConfig {
  const problems: string[] = [];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new ConfigError(['control must be an object']);
  }
  const o = section as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(k)) problems.push(`control.${k} is not a known key (known: ${KEYS.join(', ')})`);
  }

  let host: string = CONTROL_DEFAULTS.host;
  if (o['host'] !== undefined) {
    if (typeof o['host'] !== 'string' || isIP(o['host']) === 0) problems.push('control.host must be an IPv4 or IPv6 address literal such as "127.0.0.1"');
    else host = o['host'];
  }

  let port = 0;
  if (o['port'] === undefined) problems.push('control.port is required');
  else port = intIn(o, 'port', 0, 65535, problems) ?? 0;

  let token: string | undefined;
  if (o['token'] !== undefined) {
    // The message never quotes the value: it is a secret, and config errors get logged.
    if (typeof o['token'] !== 'string' || o['token'].length < MIN_TOKEN_LENGTH || o['token'].trim() !== o['token']) {
      problems.push(`control.token must be a string of at least ${MIN_TOKEN_LENGTH} characters without surrounding spaces`);
    } else if (!tokenVaried(o['token'])) {
      problems.push(`control.token must have at least ${MIN_TOKEN_DISTINCT} distinct characters (a guessable token makes the kill switch a toy)`);
    } else {
      token = o['token'];
    }
  }
  let tokenEnv: string | undefined;
  if (o['tokenEnv'] !== undefined) {
    if (typeof o['tokenEnv'] !== 'string' || !ENV_NAME.test(o['tokenEnv'])) problems.push('control.tokenEnv must be an environment variable name such as "RISKGATE_CONTROL_TOKEN"');
    else tokenEnv = o['tokenEnv'];
  }
  if (o['token'] !== undefined && o['tokenEnv'] !== undefined) problems.push('control.token and control.tokenEnv are exclusive: give one');

  const maxBodyBytes = intIn(o, 'maxBodyBytes', 64, 65536, problems) ?? CONTROL_DEFAULTS.maxBodyBytes;
  const streamIntervalMs = intIn(o, 'streamIntervalMs', 10, 10000, problems) ?? CONTROL_DEFAULTS.streamIntervalMs;
  const streamMaxBufferedBytes = intIn(o, 'streamMaxBufferedBytes', 1024, 1 << 26, problems) ?? CONTROL_DEFAULTS.streamMaxBufferedBytes;
  const streamMaxClients = intIn(o, 'streamMaxClients', 0, 10_000, problems) ?? CONTROL_DEFAULTS.streamMaxClients;
  const streamMaxTotalBytes = intIn(o, 'streamMaxTotalBytes', 1024, 1 << 30, problems) ?? CONTROL_DEFAULTS.streamMaxTotalBytes;
  const healthDeadlineMs = intIn(o, 'healthDeadlineMs', 50, 600_000, problems) ?? CONTROL_DEFAULTS.healthDeadlineMs;
  const bool = (key: string, dflt: boolean): boolean => {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') problems.push(`control.${key} must be true or false`);
    return v === true;
  };
  const streamRequiresToken = bool('streamRequiresToken', CONTROL_DEFAULTS.streamRequiresToken);
  const allowRemote = bool('allowRemote', CONTROL_DEFAULTS.allowRemote);
  if (!isLoopback(host) && !allowRemote) {
    problems.push(`control.host ${host} is not a loopback address: the server has no TLS, so binding it must be explicit (control.allowRemote: true, ideally behind a TLS proxy)`);
  }
  if (streamRequiresToken && token === undefined && tokenEnv === undefined) problems.push('control.streamRequiresToken needs control.token or control.tokenEnv');

  let server: ServerKind = CONTROL_DEFAULTS.server;
  if (o['server'] !== undefined) {
    if (!isServerKind(o['server'])) problems.push(`control.server must be one of ${SERVER_KINDS.map((k) => `"${k}"`).join(', ')}`);
    else server = o['server'];
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    host, port, token, tokenEnv, maxBodyBytes, streamIntervalMs, streamMaxBufferedBytes, streamMaxClients, streamMaxTotalBytes, streamRequiresToken, healthDeadlineMs, allowRemote, server,
  });
}

/** Whether a token has enough distinct characters to be more than a repeated pattern. */
export function tokenVaried(token: string): boolean {
  return new Set(token).size >= MIN_TOKEN_DISTINCT;
}

/** 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z): reachable from this host only. */
export function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  const h = host.toLowerCase();
  return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
}
