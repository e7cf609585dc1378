import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { issueSentences } from '../config/validate-config.js';
import { DEFAULT_SERVER_KIND, SERVER_KINDS, type ServerKind } from '../server/index.js';

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

/** The error of a leaf: `is required` when absent, else `must be <what>` (the path is prefixed by `validateControlConfig`). */
const must = (what: string) => ({ error: (issue: { readonly input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
/** Integer in [min, max], with the sentence the range reads as. */
const int = (min: number, max: number) => {
  const e = must(`an integer from ${min} to ${max}`);
  return z.int(e).min(min, e).max(max, e);
};
const BOOL = must('true or false');
const HOST = must('an IPv4 or IPv6 address literal such as "127.0.0.1"');
// The token's sentences never quote the value: it is a secret, and config errors get logged.
const TOKEN = must(`a string of at least ${MIN_TOKEN_LENGTH} characters without surrounding spaces`);
const ENV = must('an environment variable name such as "RISKGATE_CONTROL_TOKEN"');

/**
 * The `control` section, declared once: the type a consumer writes (`ControlConfigInput`, the
 * type of `RiskGate`'s `options.control`) and the validation of untrusted JSON
 * (`validateControlConfig`) both come from it. Unknown keys are refused; defaults are filled by
 * `validateControlConfig` from `CONTROL_DEFAULTS`; the checks across keys (`controlCrossProblems`)
 * are reported with the others.
 */
export const ControlConfigSchema = z.strictObject({
  host: z.string(HOST).refine((h) => isIP(h) !== 0, HOST).optional(),
  port: int(0, 65535),
  token: z.string(TOKEN).min(MIN_TOKEN_LENGTH, TOKEN).refine((t) => t.trim() === t, TOKEN)
    .refine(tokenVaried, `must have at least ${MIN_TOKEN_DISTINCT} distinct characters (a guessable token makes the kill switch a toy)`)
    .optional(),
  tokenEnv: z.string(ENV).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, ENV).optional(),
  maxBodyBytes: int(64, 65536).optional(),
  streamIntervalMs: int(10, 10000).optional(),
  streamMaxBufferedBytes: int(1024, 1 << 26).optional(),
  streamMaxClients: int(0, 10_000).optional(),
  streamMaxTotalBytes: int(1024, 1 << 30).optional(),
  streamRequiresToken: z.boolean(BOOL).optional(),
  healthDeadlineMs: int(50, 600_000).optional(),
  allowRemote: z.boolean(BOOL).optional(),
  server: z.enum(SERVER_KINDS, must(`one of ${SERVER_KINDS.map((k) => `"${k}"`).join(', ')}`)).optional(),
}, must('an object'));

/** The `control` section as a consumer writes it (`RiskGate`'s `options.control`, the service config's `control`). */
export type ControlConfigInput = z.input<typeof ControlConfigSchema>;

/** `{ control: section }`: parsing through it names every problem's path from `control`. */
const SECTION = z.strictObject({ control: ControlConfigSchema });

/**
 * Problems across keys, which no single key's declaration can see, read from the raw section so
 * that they are reported with every other problem (zod runs refinements across keys only once
 * every key is valid).
 */
function controlCrossProblems(o: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (o['token'] !== undefined && o['tokenEnv'] !== undefined) problems.push('control.token and control.tokenEnv are exclusive: give one');
  const host = o['host'];
  if (typeof host === 'string' && isIP(host) !== 0 && !isLoopback(host) && o['allowRemote'] !== true) {
    problems.push(`control.host ${host} is not a loopback address: the server has no TLS, so binding it must be explicit (control.allowRemote: true, ideally behind a TLS proxy)`);
  }
  if (o['streamRequiresToken'] === true && o['token'] === undefined && o['tokenEnv'] === undefined) problems.push('control.streamRequiresToken needs control.token or control.tokenEnv');
  return problems;
}

/**
 * Validates the `control` section (the value of `json.control`, untrusted) with
 * `ControlConfigSchema`. Throws one `ConfigError` listing every problem, each a sentence naming
 * its path; unknown keys are problems. The engine's own `validateConfig(json, ['control'])`
 * accepts the section's presence; this reads its content.
 */
export function validateControlConfig(section: unknown): ControlConfig {
  const parsed = SECTION.safeParse({ control: section });
  const raw = typeof section === 'object' && section !== null && !Array.isArray(section) ? (section as Record<string, unknown>) : undefined;
  const problems = [
    ...(parsed.success ? [] : issueSentences(SECTION, parsed.error.issues)),
    ...(raw === undefined ? [] : controlCrossProblems(raw)),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const c = parsed.data.control;
  return Object.freeze({
    host: c.host ?? CONTROL_DEFAULTS.host,
    port: c.port,
    token: c.token,
    tokenEnv: c.tokenEnv,
    maxBodyBytes: c.maxBodyBytes ?? CONTROL_DEFAULTS.maxBodyBytes,
    streamIntervalMs: c.streamIntervalMs ?? CONTROL_DEFAULTS.streamIntervalMs,
    streamMaxBufferedBytes: c.streamMaxBufferedBytes ?? CONTROL_DEFAULTS.streamMaxBufferedBytes,
    streamMaxClients: c.streamMaxClients ?? CONTROL_DEFAULTS.streamMaxClients,
    streamMaxTotalBytes: c.streamMaxTotalBytes ?? CONTROL_DEFAULTS.streamMaxTotalBytes,
    streamRequiresToken: c.streamRequiresToken ?? CONTROL_DEFAULTS.streamRequiresToken,
    healthDeadlineMs: c.healthDeadlineMs ?? CONTROL_DEFAULTS.healthDeadlineMs,
    allowRemote: c.allowRemote ?? CONTROL_DEFAULTS.allowRemote,
    server: c.server ?? CONTROL_DEFAULTS.server,
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
