/** The demo's summary: one text table, riskgate beside the naive check, every number from one run. */
import type { DemoResult, SideResult } from './demo-result.js';
import { LOT_SIZE } from './demo-market.js';
import { firstTripMs, reversalsBeforeTrip } from './demo-json.js';

export function formatNs(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 1 : 0)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function summaryTable(r: DemoResult): string {
  const A = r.riskgate;
  const B = r.naive;
  const reasons = [...new Set([...Object.keys(A.stats.denied), ...Object.keys(B.stats.denied)])].sort();
  const rejects = [...new Set([...Object.keys(A.stats.entryRejects), ...Object.keys(B.stats.entryRejects)])].sort();
  const denied = (s: SideResult): number => Object.values(s.stats.denied).reduce((n, c) => n + c, 0);
  const L = r.latency;
  const rows: [string, string, string][] = [
    ['limit (lots, both sides)', String(A.limit), String(B.limit)],
    ['worst true |position| (lots)', String(A.breach.worstAbs), String(B.breach.worstAbs)],
    ['breaches (episodes beyond limit)', String(A.breach.count), String(B.breach.count)],
    ['  time beyond limit', seconds(A.breach.msBeyond), seconds(B.breach.msBeyond)],
    ['  max excess (lots)', String(A.breach.maxExcess), String(B.breach.maxExcess)],
    ['orders decided', String(A.stats.decisions), String(B.stats.decisions)],
    ['orders sent', String(A.stats.sent), String(B.stats.sent)],
    ['orders denied', String(denied(A)), String(denied(B))],
    ...reasons.map((k): [string, string, string] => [`  ${k}`, String(A.stats.denied[k] ?? 0), String(B.stats.denied[k] ?? 0)]),
    ...rejects.map((k): [string, string, string] => [`venue rejected: ${k}`, String(A.stats.entryRejects[k] ?? 0), String(B.stats.entryRejects[k] ?? 0)]),
    ...availabilityRows(A, B),
    ['fills (true executions)', String(A.fills), String(B.fills)],
    ['flip-flop trips', String(A.flipFlopTrips ?? '-'), B.flipFlopTrips === undefined ? '- (no guard)' : String(B.flipFlopTrips)],
    ['position reversals (truth)', String(A.breach.reversals), String(B.breach.reversals)],
    ['final true position (lots)', String(A.finalPosition), String(B.finalPosition)],
    ['final PnL (USDT, mark to mid)', A.pnl.toFixed(2), B.pnl.toFixed(2)],
    ['decision latency p50', L.count === 0 ? '-' : formatNs(L.p50), '-'],
    ['decision latency p99', L.count === 0 ? '-' : formatNs(L.p99), '-'],
    ['decision latency p99.9', L.count === 0 ? '-' : formatNs(L.p999), '-'],
    ['decision latency max', L.count === 0 ? '-' : formatNs(L.max), '-'],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length), 10);
  const w1 = Math.max(...rows.map((x) => x[1].length), 'riskgate'.length);
  const w2 = Math.max(...rows.map((x) => x[2].length), 'naive check'.length);
  const line = (a: string, b: string, c: string): string => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c.padStart(w2)}`;
  const o = r.options;
  const runaway = runawayLines(r);
  const head = `riskgate demo: profile ${o.profile}, venue ${o.venue}, seed ${o.seed}, ${(r.tradedMs / 1000).toFixed(1)} s traded${r.interrupted ? ' (interrupted)' : ''}`;
  const note = `1 lot = ${LOT_SIZE} BTC; positions from the simulator's truth`;
  return [head, note, '', line('', 'riskgate', 'naive check'), line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(w2)), ...rows.map((x) => line(...x)), ...runaway].join('\n');
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** Availability against the oracle, blocked time by cause, recovery after faults. */
function availabilityRows(A: SideResult, B: SideResult): [string, string, string][] {
  const a = A.availability;
  const b = B.availability;
  if (a === undefined) return [];
  const rows: [string, string, string][] = [
    ['availability (oracle approvals also approved)', `${pct(a.availability)} of ${a.oracleApproved}`, b === undefined ? '-' : `${pct(b.availability)} of ${b.oracleApproved}`],
    ['approved where the oracle denied', String(a.approvedOracleDenied), b === undefined ? '-' : String(b.approvedOracleDenied)],
  ];
  // Why the oracle's approvals were denied: the decisions trading stopped on, by code.
  const missed = new Set([...Object.keys(a.missedBy), ...Object.keys(b?.missedBy ?? {})]);
  const missedTotal = (m: Readonly<Record<string, number>>): number => Object.values(m).reduce((n, c) => n + c, 0);
  rows.push(['oracle approvals denied, by code', String(missedTotal(a.missedBy)), b === undefined ? '-' : String(missedTotal(b.missedBy))]);
  for (const code of [...missed].sort((x, y) => (a.missedBy[y] ?? 0) - (a.missedBy[x] ?? 0) || x.localeCompare(y))) {
    rows.push([`  ${code}`, String(a.missedBy[code] ?? 0), b === undefined ? '-' : String(b.missedBy[code] ?? 0)]);
  }
  const blocked = Object.entries(a.blockedMs).sort((x, y) => y[1] - x[1]);
  const total = blocked.reduce((n, [, ms]) => n + ms, 0);
  rows.push(['blocked time (sampled each tick)', seconds(total), '-']);
  for (const [code, ms] of blocked) rows.push([`  ${code}`, seconds(ms), '-']);
  const explained = a.blocks.length - a.unexplained.count;
  rows.push(['blocks caused by a fault / by none', `${explained} / ${a.unexplained.count}`, '-']);
  rows.push(['recovery after the fault ended, max', a.recoveryMsMax === null ? '- (none)' : `${Math.round(a.recoveryMsMax)} ms`, '-']);
  return rows;
}

/** The runaway taker's lines, under the table. */
function runawayLines(r: DemoResult): string[] {
  const R = r.runaway;
  if (R === undefined) return [];
  const trips = R.flipFlopTrips ?? 0;
  const resumes = (R.guardEvents ?? []).filter((e) => e.kind === 'resume').length;
  const first = firstTripMs(R);
  const w = r.flipFlop?.windowMs;
  return [
    '',
    'runaway taker (books every fill twice), behind a riskgate of its own:',
    `  ${R.breach.reversals} true reversals, ${R.stats.sent} orders sent, breaches ${R.breach.count}, PnL ${R.pnl.toFixed(2)} USDT`,
    `  flip-flop guard tripped ${trips}x, resumed ${resumes}x by itself`
      + (first === null ? '' : `; first trip at ${(first / 1000).toFixed(2)} s, after ${reversalsBeforeTrip(R)} true reversals (window ${w ?? '-'} ms)`),
  ];
}

function seconds(ms: number): string {
  return ms === 0 ? '0 s' : `${(ms / 1000).toFixed(2)} s`;
}
