import type { CaseResult, RunResults } from '../results-model.js';

/**
 * A self-contained HTML page (inline SVG and CSS, no scripts, no network) of a run: the machine,
 * the floors, one percentile-distribution plot per cross-thread latency group (riskgate's cases
 * against the baselines of the same run, HdrHistogram-style x axis: 90%, 99%, 99.9%, ... evenly
 * spaced; log-scale ns), p50 bars of the micro cases against their baseline, and every figure.
 */
const COLORS = ['#1b6ac9', '#d1495b', '#2e9e5b', '#e0a100', '#7b4fc9', '#00a3a3', '#8c564b', '#555'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fmtNs(ns: number | null): string {
  if (ns === null) return '-';
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(ns < 10 ? 2 : 0)} ns`;
}

/** Legend label of a series: the case name without its group's mode (every series of a plot has the same one). */
const legendLabel = (name: string): string => name.replace(/ (latency|throughput)$/, '');

function distributionPlot(title: string, series: readonly CaseResult[]): string {
  // The legend column is as wide as its longest label (~6.2 px per character at 11 px) so long
  // case names (engine strategy round trip ..., request-reply messageport-poll) are not clipped.
  const R = Math.max(200, 44 + Math.ceil(6.2 * Math.max(0, ...series.map((s) => legendLabel(s.name).length))));
  const H = 340, L = 70, T = 30, B = 40;
  const W = L + 490 + R;
  const xOf = (p: number): number => Math.min(5.5, p >= 100 ? 5.5 : -Math.log10(1 - p / 100));
  const all = series.flatMap((s) => (s.distribution ?? []).map(([, v]) => Math.max(1, v)));
  if (all.length === 0) return '';
  const lo = Math.floor(Math.log10(Math.min(...all)));
  const hi = Math.ceil(Math.log10(Math.max(...all)));
  const sx = (x: number): number => L + (x / 5.5) * (W - L - R);
  const sy = (v: number): number => T + (1 - (Math.log10(Math.max(1, v)) - lo) / Math.max(1, hi - lo)) * (H - T - B);
  const parts: string[] = [`<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">`];
  parts.push(`<text x="${L}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`);
  for (let e = lo; e <= hi; e++) {
    const y = sy(10 ** e);
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${L - 6}" y="${y + 4}" text-anchor="end">${esc(fmtNs(10 ** e))}</text>`);
  }
  const ticks: [number, string][] = [[0, '0%'], [1, '90%'], [2, '99%'], [3, '99.9%'], [4, '99.99%'], [5, '99.999%'], [5.5, 'max']];
  for (const [x, label] of ticks) {
    parts.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${T}" y2="${H - B}" stroke="#eee"/><text x="${sx(x)}" y="${H - B + 16}" text-anchor="middle">${label}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">percentile (latency from the intended send time)</text>`);
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length]!;
    const pts = (s.distribution ?? []).map(([p, v]) => `${sx(xOf(p)).toFixed(1)},${sy(v).toFixed(1)}`).join(' ');
    const dash = s.role === 'baseline' ? ' stroke-dasharray="5,3"' : '';
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts}"/>`);
    const ly = T + 14 + k * 16;
    parts.push(`<line x1="${W - R + 10}" x2="${W - R + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/><text x="${W - R + 34}" y="${ly}">${esc(legendLabel(s.name))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function microBars(cases: readonly CaseResult[]): string {
  const micro = cases.filter((c) => c.suite === 'micro' && c.p50 !== null);
  if (micro.length === 0) return '';
  const W = 760, row = 16, L = 330;
  const H = micro.length * row + 30;
  const max = Math.max(...micro.map((c) => Math.log10(Math.max(1, c.p50!) * 10)));
  const parts = [`<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">`];
  parts.push('<text x="0" y="14" font-size="13" font-weight="bold">micro: p50 per call (log scale; baselines grey)</text>');
  micro.forEach((c, k) => {
    const y = 24 + k * row;
    const w = (Math.log10(Math.max(1, c.p50!) * 10) / max) * (W - L - 90);
    parts.push(`<text x="${L - 6}" y="${y + 11}" text-anchor="end">${esc(c.name)}</text><rect x="${L}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 4}" fill="${c.role === 'baseline' ? '#aaa' : '#1b6ac9'}"/><text x="${L + w + 4}" y="${y + 11}">${esc(fmtNs(c.p50))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function htmlReport(r: RunResults): string {
  const byName = new Map(r.cases.map((c) => [c.name, c]));
  const groups = [...new Set(r.cases.filter((c) => c.suite === 'cross-thread' && c.distribution !== null && c.role === 'riskgate').map((c) => c.group))];
  const plots = groups.map((g) => {
    const mine = r.cases.filter((c) => c.group === g && c.role === 'riskgate' && c.distribution !== null);
    const bases = [...new Set(mine.flatMap((c) => c.baselines.map((b) => b.baseline)))].map((n) => byName.get(n)).filter((c): c is CaseResult => c !== undefined && c.distribution !== null);
    return distributionPlot(g, [...mine, ...bases]);
  });
  const rows = r.cases.map((c) => `<tr><td>${esc(c.name)}</td><td>${c.role}</td><td>${fmtNs(c.p50)}</td><td>${fmtNs(c.p99)}</td><td>${fmtNs(c.p999)}</td><td>${fmtNs(c.p9999)}</td><td>${fmtNs(c.max)}</td><td>${Math.round(c.throughput).toLocaleString('en')}</td><td>${c.gc.map((g) => `${g.thread}: ${g.gcPerMillion.toFixed(1)} GC, ${(g.heapGrowthPerMillion / 1024).toFixed(0)} KiB`).join('<br>')}</td><td>${c.baselines.map((b) => `${esc(b.baseline)}: p50 ${b.p50Ratio?.toFixed(3) ?? '-'}x, tput ${b.throughputRatio?.toFixed(2) ?? '-'}x`).join('<br>')}</td></tr>`).join('\n');
  const floors = r.floors.map((f) => `<tr><td>${f.verdict === 'fail' ? '<b>FAIL</b>' : f.verdict.toUpperCase()}</td><td>${esc(f.description)}</td><td>${f.measured?.toFixed(3) ?? '-'}</td><td>${esc(f.floor)}</td><td>${esc(f.attempts.map((a) => `${a.measured?.toFixed(3) ?? '-'} ${a.pass ? 'held' : 'broke'}${a.otherLoad === null ? '' : ` (others took ${(a.otherLoad * 100).toFixed(0)}% CPU)`}`).join('; '))}</td></tr>`).join('\n');
  const m = r.machine;
  return `<!doctype html><html><head><meta charset="utf-8"><title>riskgate bench ${esc(r.date)}</title>
<style>body{font-family:sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}</style></head><body>
<h1>riskgate benchmarks (${r.mode})</h1>
<p>${esc(r.date)} · Node ${esc(m.node)} · V8 ${esc(m.v8)} · ${esc(m.cpu)} · ${m.cores} cores · ${m.pinned ? `pinned to CPUs ${esc(m.allowedCpus ?? '')}` : 'process unpinned'} · ${esc(r.pinning.note)}</p>
<p>${esc(r.methodology)}</p>
${r.floors.length > 0 ? `<h2>Floors</h2><table><tr><th>verdict</th><th>floor</th><th>measured</th><th>limit</th><th>attempts</th></tr>${floors}</table>` : ''}
<h2>Distributions</h2>${plots.join('<br>')}
<h2>Micro</h2>${microBars(r.cases)}
<h2>All cases</h2><table><tr><th>case</th><th>role</th><th>p50</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th><th>ops/s</th><th>GC per 1M ops</th><th>ratio to baselines (median of rounds)</th></tr>${rows}</table>
</body></html>
`;
}
