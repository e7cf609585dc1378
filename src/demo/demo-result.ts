/** What one demo run produced: per strategy, from the simulator's truth and its own counters. */
import type { FlipFlopGuard } from '../config/engine-config.js';
import type { RestStats } from '../feeds/rest-client.js';
import type { AvailabilityResult } from './availability.js';
import type { GuardEvent } from './state-sampler.js';
import type { PositionPoint } from '../sim/index.js';
import type { BreachStats } from './breach-stats.js';
import type { ResolvedDemoOptions } from './demo-options.js';
import type { DenialPoint, TakerStats } from './taker-strategy.js';

export interface SideResult {
  /** `riskgate` or `naive`: the guard, and the account's name in the truth. */
  readonly name: string;
  readonly limit: number;
  /** From the simulator's truth. */
  readonly breach: BreachStats;
  readonly finalPosition: number;
  readonly fills: number;
  readonly pnl: number;
  readonly history: readonly PositionPoint[];
  /** Faults the simulator injected into this account, by kind. */
  readonly faults: Readonly<Record<string, number>>;
  /** From the strategy. */
  readonly stats: TakerStats;
  readonly denials: readonly DenialPoint[];
  /** Flip-flop guard trips (riskgate only; undefined: no guard). */
  readonly flipFlopTrips: number | undefined;
  /** Against the oracle (decisions audited) and from the sampled trading state (riskgate). */
  readonly availability?: AvailabilityResult;
  /** Flip-flop trips and resumes, as sampled (riskgate only). */
  readonly guardEvents?: readonly GuardEvent[];
}

/** Decision latency around `StrategyClient.decideOrder`, ns. */
export interface LatencyResult {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** [upper bound ns, count] per log-spaced bucket, for the report. */
  readonly buckets: readonly (readonly [number, number])[];
}

/** What riskgate's side published into its event lane (RiskgateGuard). */
export interface GatewayLaneStats {
  /** Order-entry outcomes accepted by the lane. */
  orderReports: number;
  /** REST snapshots accepted by the lane. */
  snapshots: number;
  /** Publishes the lane did not accept (full ring: counted by the engine; engine stopped). */
  notAccepted: number;
}

export interface DemoResult {
  readonly options: ResolvedDemoOptions;
  readonly interrupted: boolean;
  /** Simulated ms the market ran while the strategies traded. */
  readonly tradedMs: number;
  readonly riskgate: SideResult;
  readonly naive: SideResult;
  /** The runaway taker behind its own riskgate (absent with `runaway: false`). */
  readonly runaway: SideResult | undefined;
  /** The flip-flop guard both riskgate accounts ran with. */
  readonly flipFlop: FlipFlopGuard | undefined;
  readonly latency: LatencyResult;
  /** REST position snapshots the reconciler fed to riskgate. */
  readonly reconcileSnapshots: number;
  /** What the embedding thread published into riskgate's event lane. */
  readonly gateway: GatewayLaneStats;
  /** The REST hook's counters: requests, answers, rate limits, 5xx, back-off (the simulator's REST faults show here). */
  readonly rest: RestStats;
  /** Whether the risk thread exited by itself on stop. */
  readonly engineCleanExit: boolean;
  readonly reportPath: string;
}
