/**
 * The config file of `riskgate run`: one JSON file for the whole service.
 *
 * ```json
 * {
 *   "instruments": [...], "capacity": {...}, "cpuMap": {...},   // the engine config (config-docs)
 *   "venues": { "bybit": { "endpoint": ..., "credentials": ..., "reconcile": ... } },  // one live feed + REST reconciler each
 *   "control": { "port": 9464, "tokenEnv": "RISKGATE_CONTROL_TOKEN" },               // the control server
 *   "journal": { "dir": "/var/lib/riskgate", "fsync": "intervalMs" },               // or "path": a new file
 *   "log": { "level": "info" }
 * }
 * ```
 *
 * Every section is validated by its own validator (the engine's, the venues', the control
 * server's, the journal's), every problem of every section collected into one `ConfigError`,
 * unknown keys rejected. `venues` needs at least one venue and each venue its `credentials`
 * (checked against the environment here, before any thread starts); `control` and `journal`
 * are required: a service nobody can see or audit is not one.
 */
import { ConfigError } from '../config/config-error.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { validateControlConfig } from '../control/control-config.js';
import type { ControlConfigInput } from '../control/control-config.js';
import { venueCredentials } from '../feeds/create-live-feed.js';
import { loadFeedConfig, type VenueFeedConfig } from '../feeds/venue-config.js';
import type { VenueName } from '../feeds/venue-name.js';
import { validateJournalConfig } from '../journal/fsync-policy.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The sections `riskgate run` reads on top of the engine config and `venues`. */
const SERVICE_KEYS = ['control', 'journal', 'log'] as const;

export interface ServiceConfig {
  /** The engine config alone (instruments, capacity, cpuMap), validated. */
  readonly engine: ResolvedConfig;
  /** The feed config as the feed workers load it: the engine's sections plus `venues`. */
  readonly feedJson: Readonly<Record<string, unknown>>;
  readonly venues: readonly VenueFeedConfig[];
  /** The `control` section as written (RiskGate validates it again when it starts the server). */
  readonly control: ControlConfigInput;
  /** The journal section for `RiskGate`'s `journal` option, less where the file goes. */
  readonly journal: Readonly<Record<string, unknown>>;
  /** Where the journal goes: a new file `path`, or a new file in `dir` per start. */
  readonly journalTarget: { readonly path: string } | { readonly dir: string };
  readonly logLevel: LogLevel;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function collect(problems: string[], f: () => void): void {
  try {
    f();
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code !== 'ERR_RISKGATE_CONFIG' && code !== 'ERR_RISKGATE_FEED_CONFIG' && code !== 'ERR_RISKGATE_FEED_CREDENTIALS' && !code.startsWith('ERR_RISKGATE_CONTROL')) throw e;
    const p = (e as { problems?: readonly string[] }).problems;
    // The engine validator lists the keys it knows; the service knows three more.
    problems.push(...(p ?? [(e as Error).message]).map((x) => x.replace(/^(\S+ is not a known key \(known: [^)]*\bvenues)\)$/, `$1, ${SERVICE_KEYS.join(', ')})`)));
  }
}

/** Validates the whole service config; `env` is where the credentials and the control token are read. */
export function validateServiceConfig(json: unknown, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  if (!isObj(json)) throw new ConfigError(['the config must be a JSON object']);
  const problems: string[] = [];
  const feedJson: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) if (!(SERVICE_KEYS as readonly string[]).includes(k)) feedJson[k] = v;

  let engine: ResolvedConfig | undefined;
  let venues: VenueFeedConfig[] = [];
  collect(problems, () => {
    const r = loadFeedConfig(feedJson);
    engine = r.config;
    venues = Object.values(r.venues).filter((v): v is VenueFeedConfig => v !== undefined);
  });
  if (engine !== undefined) {
    if (venues.length === 0) problems.push('venues must name at least one venue: riskgate run starts a live feed and a REST reconciler for each');
    for (const v of venues) {
      if (v.credentials === undefined) problems.push(`venues.${v.venue}.credentials is required by riskgate run (the live feed and the REST reconciler sign in)`);
      else collect(problems, () => void venueCredentials(v, env));
    }
  }

  const control = json['control'];
  if (control === undefined) problems.push('control is required: {"port": 9464, "tokenEnv": "RISKGATE_CONTROL_TOKEN"} (the /health, /metrics and kill endpoints of the service)');
  else collect(problems, () => void validateControlConfig(control));

  const journal = json['journal'];
  let journalSection: Record<string, unknown> = {};
  let journalTarget: ServiceConfig['journalTarget'] | undefined;
  if (!isObj(journal)) problems.push('journal is required: {"dir": "/var/lib/riskgate"} (a new journal file per start) or {"path": FILE} (a new file)');
  else {
    const { path, dir, ...rest } = journal;
    journalSection = rest;
    if ((path === undefined) === (dir === undefined)) problems.push('journal needs exactly one of path (a new file) and dir (a new file per start in this directory)');
    else if (path !== undefined && (typeof path !== 'string' || path === '')) problems.push('journal.path must be a non-empty string');
    else if (dir !== undefined && (typeof dir !== 'string' || dir === '')) problems.push('journal.dir must be a non-empty string');
    else journalTarget = path !== undefined ? { path: path as string } : { dir: dir as string };
    collect(problems, () => void validateJournalConfig(rest, 'journal'));
  }

  const log = json['log'];
  let logLevel: LogLevel = 'info';
  if (log !== undefined) {
    if (!isObj(log)) problems.push('log must be an object: {"level": "info"}');
    else {
      for (const k of Object.keys(log)) if (k !== 'level') problems.push(`log.${k} is not a known key (known: level)`);
      const level = log['level'];
      if (level !== undefined && !(typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level))) problems.push(`log.level must be one of ${LOG_LEVELS.join(', ')}`);
      else if (level !== undefined) logLevel = level as LogLevel;
    }
  }

  if (problems.length > 0 || engine === undefined || journalTarget === undefined) throw new ConfigError(problems);
  return { engine, feedJson, venues, control: control as ControlConfigInput, journal: journalSection, journalTarget, logLevel };
}

/** The credential environment variables a venue's config names (passed to its feed worker, nothing else). */
export function credentialEnvOf(venue: VenueFeedConfig, env: NodeJS.ProcessEnv): Record<string, string> {
  const spec = venue.credentials;
  const out: Record<string, string> = {};
  if (spec === undefined || 'file' in spec) return out;
  for (const name of [spec.apiKeyEnv, spec.secretEnv, spec.passphraseEnv]) {
    const v = name === undefined ? undefined : env[name];
    if (name !== undefined && v !== undefined) out[name] = v;
  }
  return out;
}

export type { VenueName };
