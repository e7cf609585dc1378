import type { HostLoad } from './host-load.js';
import type { MachineInfo } from './machine-info.js';

/** GCs and heap growth of one thread over a measured stretch (per million operations). */
export interface GcFigures {
  /**
   * Whose GCs: 'main' (micro cases, transport consumers), 'risk' (the engine's risk thread) or
   * 'responder' (the request-reply baselines' stand-in for a risk thread) or 'feed' (a feed worker).
   */
  readonly thread: 'main' | 'risk' | 'responder' | 'feed';
  readonly ops: number;
  readonly gcCount: number;
  readonly gcPerMillion: number;
  readonly heapGrowthPerMillion: number;
}

export interface BaselineRatio {
  readonly baseline: string;
  /** riskgate p50 / baseline p50 (median over rounds of the per-round ratio): < 1 is faster. */
  readonly p50Ratio: number | null;
  /** riskgate throughput / baseline throughput (median of per-round ratios): > 1 is more. */
  readonly throughputRatio: number | null;
}

/** One case of a run, as written to bench/results/latest.json. Times in ns. */
export interface CaseResult {
  readonly name: string;
  readonly suite: 'micro' | 'cross-thread';
  readonly group: string;
  readonly role: 'riskgate' | 'baseline';
  /** 'ns/op' (micro: per call) or 'ns' (cross-thread: per message, from its intended send time). */
  readonly unit: 'ns/op' | 'ns';
  readonly rounds: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly p9999: number | null;
  readonly max: number | null;
  /** Operations (calls, messages, events, round trips) per second. */
  readonly throughput: number;
  readonly gc: readonly GcFigures[];
  readonly baselines: readonly BaselineRatio[];
  /** [percentile, ns] of the round with the median p50 (cross-thread latency cases). */
  readonly distribution: readonly (readonly [number, number])[] | null;
  readonly verified: true;
  /** Median share of the CPUs other processes used while this case's rounds ran (0..1), or null (micro, unknown). */
  readonly hostOtherLoad: number | null;
  readonly note?: string;
}

export interface FloorCheck {
  readonly id: string;
  readonly description: string;
  readonly measured: number | null;
  readonly floor: string;
  /** True when one attempt held (ratio floors are measured again when broken: run.ts MAX_ATTEMPTS). */
  readonly pass: boolean;
  /** pass; fail (broken on a quiet host); inconclusive (broken only on a busy host): floor-check.ts. */
  readonly verdict: FloorVerdict;
  /** Every measurement of this floor in order; `measured` is the deciding one (the holding one, or the last). */
  readonly attempts: readonly FloorAttempt[];
}

export type FloorVerdict = 'pass' | 'fail' | 'inconclusive';

export interface FloorAttempt {
  readonly measured: number | null;
  readonly pass: boolean;
  /** Median share of the CPUs other processes and the hypervisor took during the attempt's rounds (0..1), or null. */
  readonly otherLoad: number | null;
  /** Why the attempt has no measurement: every round of its cases was discarded as inconclusive (a decision that timed out). */
  readonly inconclusive?: string;
}

export interface RunResults {
  readonly date: string;
  readonly mode: 'full' | 'ci';
  readonly filters: readonly string[];
  readonly machine: MachineInfo;
  /** What other processes did to the host in the second before the run (host-load.ts), or null off Linux. */
  readonly hostLoadBefore: HostLoad | null;
  readonly pinning: { readonly cpuMap: unknown; readonly riskThreadPinned: boolean | null; readonly note: string };
  readonly methodology: string;
  readonly cases: readonly CaseResult[];
  readonly floors: readonly FloorCheck[];
}
