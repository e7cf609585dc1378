/**
 * Options of `runDemo` / `riskgate demo`, with their defaults (one frozen object) and validation
 * (every problem collected, unknown keys rejected; `DemoError` ERR_RISKGATE_DEMO_OPTIONS).
 */
import { VENUE_NAMES, isVenueName, type VenueName } from '../feeds/venue-name.js';
import { isServerKind, type ServerKind } from '../server/index.js';

export type DemoProfile = 'calm' | 'realistic' | 'hostile';
/** Every venue riskgate has a live feed for: the simulator speaks each one's framing. */
export type DemoVenue = VenueName;

export interface DemoOptions {
  /** Fault profile of the simulated venue. Default `hostile`. */
  readonly profile?: DemoProfile;
  /** Trading time (s, > 0). Default 30. */
  readonly seconds?: number;
  /** Seed of the market, the faults and the signals (integer). Default 7. */
  readonly seed?: number;
  /** Private-stream framing of the simulator. Default `bybit`. */
  readonly venue?: DemoVenue;
  /** Where the HTML report goes. Default `demo-report.html` in the working directory. */
  readonly reportPath?: string;
  /** Position limit of both strategies (lots, integer >= 2). Default 10. */
  readonly limit?: number;
  /** Called about four times a second with one progress line. */
  readonly progress?: (line: string) => void;
  /** Aborting stops the run early (Ctrl-C); the report is still written. */
  readonly signal?: AbortSignal;
  /** Feed connects, disconnects and back-offs on stderr. Default false. */
  readonly verbose?: boolean;
  /** Also run the runaway taker (a broken position view) behind a riskgate of its own. Default true. */
  readonly runaway?: boolean;
  /**
   * What serves the simulator (src/server/server-kind.ts): `uws` (default; uWebSockets.js's
   * native build, refused where none runs) or `node` (Node's http + ws). The engine's side of
   * the demo is the same on both.
   */
  readonly server?: ServerKind;
  /**
   * When riskgate's account breaches its limit, write what explains it to this path (and the
   * guarded engine's journal beside it: breach-dump.ts). Default: none (no journal is written).
   */
  readonly dumpBreach?: string;
}

export interface ResolvedDemoOptions {
  readonly profile: DemoProfile;
  readonly seconds: number;
  readonly seed: number;
  readonly venue: DemoVenue;
  readonly reportPath: string;
  readonly limit: number;
  readonly runaway: boolean;
  readonly server: ServerKind;
  readonly dumpBreach: string | undefined;
}

export const DEMO_DEFAULTS = Object.freeze({
  profile: 'hostile' as DemoProfile,
  seconds: 30,
  seed: 7,
  venue: 'bybit' as DemoVenue,
  reportPath: 'demo-report.html',
  limit: 10,
  runaway: true,
  server: 'uws' as ServerKind,
});

const KNOWN = ['profile', 'seconds', 'seed', 'venue', 'reportPath', 'limit', 'progress', 'signal', 'verbose', 'runaway', 'server', 'dumpBreach'];

export class DemoError extends Error {
  readonly code = 'ERR_RISKGATE_DEMO_OPTIONS';
  constructor(readonly problems: readonly string[]) {
    super(`invalid demo options: ${problems.join('; ')}`);
    this.name = 'DemoError';
  }
}

export function resolveDemoOptions(o: DemoOptions): ResolvedDemoOptions {
  const problems: string[] = [];
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) problems.push(`options.${k} is not a known option (known: ${KNOWN.join(', ')})`);
  const r = { ...DEMO_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as ResolvedDemoOptions;
  if (!['calm', 'realistic', 'hostile'].includes(r.profile)) problems.push('options.profile must be calm, realistic or hostile');
  if (!(typeof r.seconds === 'number' && Number.isFinite(r.seconds) && r.seconds > 0 && r.seconds <= 3600)) problems.push('options.seconds must be a number in (0, 3600]');
  if (!Number.isSafeInteger(r.seed)) problems.push('options.seed must be an integer');
  if (!isVenueName(r.venue)) problems.push(`options.venue must be one of ${VENUE_NAMES.join(', ')}`);
  if (typeof r.reportPath !== 'string' || r.reportPath === '') problems.push('options.reportPath must be a non-empty path');
  if (!(Number.isSafeInteger(r.limit) && r.limit >= 2 && r.limit <= 1_000_000)) problems.push('options.limit must be an integer from 2 to 1000000');
  if (typeof r.runaway !== 'boolean') problems.push('options.runaway must be a boolean');
  if (!isServerKind(r.server)) problems.push('options.server must be uws or node');
  const dump = (r as { dumpBreach?: unknown }).dumpBreach;
  if (dump !== undefined && (typeof dump !== 'string' || dump === '')) problems.push('options.dumpBreach must be a non-empty path');
  if (problems.length > 0) throw new DemoError(problems);
  return { profile: r.profile, seconds: r.seconds, seed: r.seed, venue: r.venue, reportPath: r.reportPath, limit: r.limit, runaway: r.runaway, server: r.server, dumpBreach: dump as string | undefined };
}
