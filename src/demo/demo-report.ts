/**
 * The self-contained HTML report of one demo run: the summary table, the true position of the
 * strategies over time against the limit, riskgate's trading-state timeline (why it blocked,
 * second by second, above the faults injected and the guard's trips and resumes), denials over
 * time, and riskgate's decision latency distribution. Inline SVG only: it opens offline.
 */
import { codeColor } from './code-colors.js';
import type { DemoResult, SideResult } from './demo-result.js';
import { escapeXml, stackedBars, stepChart } from './svg-chart.js';
import { formatNs, summaryTable } from './summary-table.js';
import { timelineChart } from './timeline-chart.js';

const COLORS = ['#1f77b4', '#d62728', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function denialChart(side: SideResult, seconds: number, reasons: readonly string[]): string {
  const n = Math.max(1, Math.ceil(seconds));
  const bars: Record<string, number>[] = Array.from({ length: n }, () => ({}));
  for (const d of side.denials) {
    const b = bars[Math.min(n - 1, Math.max(0, Math.floor(d.at / 1000)))]!;
    b[d.reason] = (b[d.reason] ?? 0) + 1;
  }
  const keys = reasons.map((key) => ({ key, color: codeColor(key) }));
  return stackedBars({ title: `${side.name}: denials per second, by reason`, xLabel: 'seconds', yLabel: 'denials', height: 240 }, bars.map((_, i) => `${i}s`), keys, bars);
}

export function renderReport(r: DemoResult): string {
  const seconds = r.tradedMs / 1000;
  const toSeries = (s: SideResult, color: string) => ({ label: `${s.name} (true position)`, color, points: s.history.map((p) => [p.at / 1000, p.position] as const) });
  const position = stepChart(
    { title: 'True position over time (simulator truth), lots', xLabel: 'seconds since trading started', yLabel: 'position (lots)', height: 340 },
    [toSeries(r.riskgate, COLORS[0]!), toSeries(r.naive, COLORS[1]!), ...(r.runaway === undefined ? [] : [toSeries(r.runaway, COLORS[9]!)])], 0, Math.max(seconds, 0.001),
    [{ y: r.riskgate.limit, label: `+limit ${r.riskgate.limit}`, color: '#555' }, { y: -r.riskgate.limit, label: `-limit ${r.riskgate.limit}`, color: '#555' }],
  );
  const reasons = [...new Set([...r.riskgate.denials, ...r.naive.denials].map((d) => d.reason))].sort();
  const L = r.latency;
  const latency = L.count === 0 ? '<p>No decisions were taken.</p>' : stackedBars(
    { title: `riskgate decision latency (time around StrategyClient.decideOrder), ${L.count} decisions`, xLabel: 'latency bucket (upper bound)', yLabel: 'decisions', height: 260 },
    L.buckets.map(([ns]) => `≤ ${formatNs(ns)}`), [{ key: 'decisions', color: COLORS[0]! }], L.buckets.map(([, c]) => ({ decisions: c })),
    (i) => {
      const b = L.buckets[Math.floor(i)];
      return b === undefined || Math.floor(i) !== i || i % 2 !== 0 ? '' : formatNs(b[0]);
    },
  );
  const a = r.riskgate.availability;
  const timeline = a === undefined ? '<p>No trading state was sampled.</p>' : timelineChart({
    title: 'riskgate: trading state per second, guard trips and resumes, faults injected into its account',
    seconds, states: a.timeline, faults: a.faults,
    guards: [
      { name: 'riskgate', events: r.riskgate.guardEvents ?? [] },
      ...(r.runaway === undefined ? [] : [{ name: 'runaway', events: r.runaway.guardEvents ?? [] }]),
    ],
  });
  const faults = (s: SideResult): string => Object.entries(s.faults).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>riskgate demo report</title>
<style>body{font-family:sans-serif;max-width:960px;margin:24px auto;padding:0 12px;color:#222}pre{background:#f6f6f6;padding:12px;white-space:pre-wrap;overflow-wrap:anywhere;box-sizing:border-box;max-width:100%}h2{margin-top:32px}svg{max-width:100%;height:auto}</style>
</head><body>
<h1>riskgate demo: riskgate vs the naive check</h1>
<p>Two identical aggressive IOC takers on two sub-accounts of the local exchange simulator, same market, same seeded signals, same fault profile (<b>${escapeXml(r.options.profile)}</b>, venue framing ${escapeXml(r.options.venue)}, seed ${r.options.seed}). One sends every order through riskgate; the other through <code>abs(position + qty) &lt; limit &amp;&amp; no live orders</code>, fed by its own private stream. Positions and breaches below come from the simulator's own truth.</p>
<pre>${escapeXml(summaryTable(r))}</pre>
<h2>True position against the limit</h2>
${position}
<h2>Why riskgate blocked: the trading-state timeline</h2>
<p>Each second's column is stacked by the time a cause (the deny code a risk-increasing order would get) blocked riskgate's account, sampled at every market tick; the rest of the second was healthy. Below it, the flip-flop guard of each riskgate account (trips, resumes, held time) and, per kind, every fault the simulator injected into riskgate's account, from its start to when it stopped acting. Availability against the oracle (the same limits on the simulator's truth): ${a?.availability === null || a === undefined ? '-' : `${(a.availability * 100).toFixed(1)}%`}; blocks caused by a fault ${a === undefined ? 0 : a.blocks.length - a.unexplained.count}, by none ${a?.unexplained.count ?? 0}; longest recovery after its fault ended ${a?.recoveryMsMax === null || a === undefined ? '-' : `${Math.round(a.recoveryMsMax)} ms`}.</p>
${timeline}
<h2>Denials over time</h2>
${denialChart(r.riskgate, seconds, reasons)}
${denialChart(r.naive, seconds, reasons)}
<h2>Decision latency</h2>
<p>p50 ${formatNs(L.p50)}, p99 ${formatNs(L.p99)}, p99.9 ${formatNs(L.p999)}, max ${formatNs(L.max)} (HDR histogram, 3 significant digits; the risk thread parks when idle, so this includes its wake-up).</p>
${latency}
<h2>Faults injected</h2>
<p>riskgate's account: ${escapeXml(faults(r.riskgate))}</p>
<p>naive account: ${escapeXml(faults(r.naive))}</p>
<p>REST position snapshots the reconciler fed riskgate: ${r.reconcileSnapshots} (the venue's REST hook against the simulator's endpoint: ${r.rest.requests} requests, ${r.rest.ok} answered, ${r.rest.rateLimited} rate-limited, ${r.rest.banned} banned, ${r.rest.overloaded} overloaded, ${r.rest.serverErrors} server errors, ${r.rest.networkErrors} network errors or timeouts, ${r.rest.skippedBudget + r.rest.skippedBackoff} skipped for budget or back-off). They and the order-entry outcomes (${r.gateway.orderReports}) reached the risk thread through the demo thread's own event lane (${r.gateway.notAccepted} not accepted).</p>
</body></html>
`;
}
