/**
 * Availability of a gate against the oracle (src/sim/oracle-gate.ts), and why it blocked: a pure
 * function of what the demo recorded, so it is tested on hand-made inputs.
 *
 * - **availability**: of the orders the oracle approved, the share the gate approved too.
 * - **blocked time by cause**: the gate's trading state sampled at every market tick (the
 *   instrument's health code, or the guard or kill switch holding it); each sample stands for the
 *   time until the next one.
 * - **blocks and recovery**: a block is a run of blocked samples. It is caused by the injected
 *   faults that were acting when it began or had stopped less than `attributionMs` before (the
 *   longest detection deadline of the gate's settings: a fault is seen that late at most); its
 *   recovery is how long it outlived the last of them to stop. A block no fault explains is
 *   counted apart (`unexplained`): under a calm venue every block is one.
 */
import type { FaultRecord } from '../sim/index.js';

/** One of the gate's decisions, with the oracle's verdict at the same moment. */
export interface AuditedDecision {
  /** ms since trading started. */
  readonly at: number;
  readonly oracle: string;
  readonly gate: string;
  /** The order asked about (`clientId side qty`): read by the breach dump (breach-dump.ts). */
  readonly order?: string;
}

/** The gate's trading state at one market tick: `''` healthy, else the code that blocks risk-increasing orders. */
export interface StateSample {
  readonly at: number;
  readonly block: string;
}

export interface Block {
  readonly start: number;
  readonly end: number;
  /** The code blocking for the longest part of the block. */
  readonly code: string;
  /** Indices into the faults list of the faults that caused it (empty: unexplained). */
  readonly causes: readonly number[];
  /** ms the block outlived the last of its causes to stop; null when unexplained. */
  readonly recoveryMs: number | null;
}

export interface FaultRecovery {
  readonly kind: string;
  /** ms since trading started. */
  readonly at: number;
  /** ms since trading started; null: still acting at the end of the run. */
  readonly until: number | null;
  /** Longest recovery of the blocks it was the last cause of to stop; null: it caused no block. */
  readonly recoveryMs: number | null;
}

export interface TimelineSecond {
  readonly second: number;
  /** ms of this second blocked, by code. */
  readonly blockedMs: Readonly<Record<string, number>>;
}

export interface AvailabilityResult {
  /** Decisions the oracle approved. */
  readonly oracleApproved: number;
  /** ... that the gate approved too. */
  readonly bothApproved: number;
  /** bothApproved / oracleApproved; null when the oracle approved nothing. */
  readonly availability: number | null;
  /** Orders the oracle approved and the gate denied, by the gate's code. */
  readonly missedBy: Readonly<Record<string, number>>;
  /** Orders the gate approved and the oracle denied (the gate knew less than the truth, or its worst case was not the truth's). */
  readonly approvedOracleDenied: number;
  /** Blocked ms by code (sampled). */
  readonly blockedMs: Readonly<Record<string, number>>;
  readonly blocks: readonly Block[];
  readonly faults: readonly FaultRecovery[];
  /** Longest recovery of a block some fault caused; null when no fault caused a block. */
  readonly recoveryMsMax: number | null;
  /** Blocks no fault explains, and their total ms. */
  readonly unexplained: { readonly count: number; readonly ms: number };
  readonly timeline: readonly TimelineSecond[];
}

export interface AvailabilityInput {
  readonly decisions: readonly AuditedDecision[];
  /** In time order. */
  readonly samples: readonly StateSample[];
  /** Faults with `at`/`until` in ms since trading started. */
  readonly faults: readonly FaultRecord[];
  /** End of the measured period (ms since trading started). */
  readonly endMs: number;
  /** How long after a fault stopped a block may still begin and be its doing (ms). */
  readonly attributionMs: number;
}

export function measureAvailability(input: AvailabilityInput): AvailabilityResult {
  let oracleApproved = 0;
  let bothApproved = 0;
  let approvedOracleDenied = 0;
  const missedBy: Record<string, number> = {};
  for (const d of input.decisions) {
    if (d.oracle === 'APPROVED') {
      oracleApproved++;
      if (d.gate === 'APPROVED') bothApproved++;
      else missedBy[d.gate] = (missedBy[d.gate] ?? 0) + 1;
    } else if (d.gate === 'APPROVED') {
      approvedOracleDenied++;
    }
  }

  // Sampled state -> blocked ms by code, per second, and blocks (runs of blocked samples).
  const blockedMs: Record<string, number> = {};
  const seconds = Math.max(1, Math.ceil(input.endMs / 1000));
  const timeline: Record<string, number>[] = Array.from({ length: seconds }, () => ({}));
  const runs: { start: number; end: number; byCode: Record<string, number> }[] = [];
  let open: (typeof runs)[number] | undefined;
  const samples = input.samples.filter((s) => s.at < input.endMs);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const to = Math.min(input.endMs, samples[i + 1]?.at ?? input.endMs);
    if (s.block === '' || to <= s.at) {
      if (s.block === '' && open !== undefined) {
        open.end = s.at;
        open = undefined;
      }
      continue;
    }
    blockedMs[s.block] = (blockedMs[s.block] ?? 0) + (to - s.at);
    for (let t = s.at; t < to;) {
      const sec = Math.min(seconds - 1, Math.floor(t / 1000));
      const upto = Math.min(to, (sec + 1) * 1000);
      const part = Math.max(0, upto - t);
      timeline[sec]![s.block] = (timeline[sec]![s.block] ?? 0) + part;
      if (upto <= t) break;
      t = upto;
    }
    if (open === undefined) runs.push((open = { start: s.at, end: to, byCode: {} }));
    open.end = to;
    open.byCode[s.block] = (open.byCode[s.block] ?? 0) + (to - s.at);
  }

  const stop = (f: FaultRecord): number => f.until ?? Infinity;
  const blocks: Block[] = runs.map((r) => {
    const causes: number[] = [];
    input.faults.forEach((f, i) => {
      // Acting when the block began, or stopped less than attributionMs before. A fault that
      // begins during a block did not cause it: a block that a stream of later faults keeps
      // alive still counts from the one that started it.
      if (f.at <= r.start && r.start <= stop(f) + input.attributionMs) causes.push(i);
    });
    const code = Object.entries(r.byCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    let recoveryMs: number | null = null;
    if (causes.length > 0) {
      const last = Math.max(...causes.map((i) => stop(input.faults[i]!)));
      recoveryMs = Number.isFinite(last) ? Math.max(0, r.end - last) : 0;
    }
    return { start: r.start, end: r.end, code, causes, recoveryMs };
  });

  const perFault: (number | null)[] = input.faults.map(() => null);
  for (const b of blocks) {
    if (b.causes.length === 0) continue;
    const last = Math.max(...b.causes.map((i) => stop(input.faults[i]!)));
    for (const i of b.causes) {
      if (stop(input.faults[i]!) !== last) continue;
      perFault[i] = Math.max(perFault[i] ?? 0, b.recoveryMs ?? 0);
    }
  }
  const explained = blocks.filter((b) => b.recoveryMs !== null);
  const unexplained = blocks.filter((b) => b.recoveryMs === null);
  return {
    oracleApproved, bothApproved, availability: oracleApproved === 0 ? null : bothApproved / oracleApproved,
    missedBy, approvedOracleDenied, blockedMs, blocks,
    faults: input.faults.map((f, i) => ({ kind: f.kind, at: f.at, until: f.until, recoveryMs: perFault[i] ?? null })),
    recoveryMsMax: explained.length === 0 ? null : Math.max(...explained.map((b) => b.recoveryMs!)),
    unexplained: { count: unexplained.length, ms: unexplained.reduce((n, b) => n + (b.end - b.start), 0) },
    timeline: timeline.map((blocked, second) => ({ second, blockedMs: blocked })),
  };
}
