/**
 * `riskgate demo --json`: one run as one JSON object (the last line of stdout), for scripts and
 * benchmarks over seeds (`scripts/availability-bench.mjs`). Numbers as measured; `null` where a
 * figure does not exist (no oracle approval, no block caused by a fault, no runaway).
 */
import type { DemoResult, SideResult } from './demo-result.js';

export interface DemoJson {
  readonly profile: string;
  readonly venue: string;
  readonly seed: number;
  readonly tradedMs: number;
  readonly interrupted: boolean;
  readonly riskgate: {
    /** 0..1: of the orders the oracle approved, the share riskgate approved; null when none. */
    readonly availability: number | null;
    readonly oracleApproved: number;
    readonly approvedOracleDenied: number;
    readonly breaches: number;
    readonly worstAbsPosition: number;
    readonly guardTrips: number | null;
    /** Longest time a block outlived the fault that caused it (ms); null when no fault caused a block. */
    readonly recoveryMsMax: number | null;
    readonly blockedMs: Readonly<Record<string, number>>;
    readonly unexplainedBlocks: { readonly count: number; readonly ms: number };
    readonly missedBy: Readonly<Record<string, number>>;
    readonly sent: number;
    readonly fills: number;
    readonly pnl: number;
  };
  readonly naive: {
    readonly breaches: number;
    readonly worstAbsPosition: number;
    readonly availability: number | null;
    readonly approvedOracleDenied: number;
    readonly sent: number;
    readonly pnl: number;
  };
  readonly runaway: {
    readonly guardTrips: number | null;
    readonly guardResumes: number;
    /** ms since trading started of the guard's first trip; null: never tripped. */
    readonly firstTripMs: number | null;
    /** True position reversals before that trip. */
    readonly reversalsBeforeTrip: number;
    readonly windowMs: number | null;
    readonly reversals: number;
    readonly breaches: number;
    readonly pnl: number;
  } | null;
}

/** ms since trading started of the guard's first trip; null when it never tripped. */
export function firstTripMs(s: SideResult): number | null {
  const trip = s.guardEvents?.find((e) => e.kind === 'trip');
  return trip === undefined ? null : Math.round(trip.at);
}

/** True position reversals before the guard's first trip (all of them when it never tripped). */
export function reversalsBeforeTrip(s: SideResult): number {
  const trip = s.guardEvents?.find((e) => e.kind === 'trip')?.at ?? Infinity;
  let last = 0;
  let n = 0;
  for (const p of s.history) {
    if (p.at > trip) break;
    const sign = Math.sign(p.position);
    if (sign === 0) continue;
    if (last !== 0 && sign !== last) n++;
    last = sign;
  }
  return n;
}

export function demoJson(r: DemoResult): DemoJson {
  const A = r.riskgate;
  const B = r.naive;
  const R = r.runaway;
  return {
    profile: r.options.profile, venue: r.options.venue, seed: r.options.seed, tradedMs: Math.round(r.tradedMs), interrupted: r.interrupted,
    riskgate: {
      availability: A.availability?.availability ?? null,
      oracleApproved: A.availability?.oracleApproved ?? 0,
      approvedOracleDenied: A.availability?.approvedOracleDenied ?? 0,
      breaches: A.breach.count,
      worstAbsPosition: A.breach.worstAbs,
      guardTrips: A.flipFlopTrips === undefined || Number.isNaN(A.flipFlopTrips) ? null : A.flipFlopTrips,
      recoveryMsMax: roundOrNull(A.availability?.recoveryMsMax ?? null),
      blockedMs: Object.fromEntries(Object.entries(A.availability?.blockedMs ?? {}).map(([k, v]) => [k, Math.round(v)])),
      unexplainedBlocks: { count: A.availability?.unexplained.count ?? 0, ms: Math.round(A.availability?.unexplained.ms ?? 0) },
      missedBy: A.availability?.missedBy ?? {},
      sent: A.stats.sent, fills: A.fills, pnl: round2(A.pnl),
    },
    naive: {
      breaches: B.breach.count, worstAbsPosition: B.breach.worstAbs,
      availability: B.availability?.availability ?? null, approvedOracleDenied: B.availability?.approvedOracleDenied ?? 0,
      sent: B.stats.sent, pnl: round2(B.pnl),
    },
    runaway: R === undefined ? null : {
      guardTrips: R.flipFlopTrips === undefined || Number.isNaN(R.flipFlopTrips) ? null : R.flipFlopTrips,
      guardResumes: (R.guardEvents ?? []).filter((e) => e.kind === 'resume').length,
      firstTripMs: firstTripMs(R),
      reversalsBeforeTrip: reversalsBeforeTrip(R),
      windowMs: r.flipFlop?.windowMs ?? null,
      reversals: R.breach.reversals, breaches: R.breach.count, pnl: round2(R.pnl),
    },
  };
}

function roundOrNull(x: number | null): number | null {
  return x === null ? null : Math.round(x);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
