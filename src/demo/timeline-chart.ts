/**
 * The report's trading-state timeline: why riskgate blocked, second by second. One inline SVG
 * of horizontal lanes over the run's seconds:
 *
 * - the trading state per second: a column stacked by the ms each cause blocked risk-increasing
 *   orders (the deny code), the rest of the second healthy;
 * - per guarded account, the flip-flop guard: trips (down marks), resumes (up marks) and the
 *   held time between them;
 * - per fault kind injected into the account, a band from the fault's start to when it stopped
 *   acting (to the end of the run when it never did).
 *
 * So each blocked second sits above the faults that explain it. No scripts; tooltips are SVG
 * `<title>` elements.
 */
import type { FaultRecovery, TimelineSecond } from './availability.js';
import { codeColor } from './code-colors.js';
import type { GuardEvent } from './state-sampler.js';
import { escapeXml, legendRows } from './svg-chart.js';

export interface TimelineInput {
  readonly title: string;
  /** Length of the run (s). */
  readonly seconds: number;
  readonly states: readonly TimelineSecond[];
  /** Guard events per account name (e.g. riskgate, runaway). */
  readonly guards: readonly { readonly name: string; readonly events: readonly GuardEvent[] }[];
  readonly faults: readonly FaultRecovery[];
}

const HEALTHY = '#d9efd9';
const FAULT = '#6a6a6a';
const W = 900;
const LEFT = 150;
const RIGHT = 16;
const LANE = 22;
const STATE_H = 60;

export function timelineChart(t: TimelineInput): string {
  const pw = W - LEFT - RIGHT;
  const span = Math.max(t.seconds, 0.001);
  const sx = (ms: number): number => LEFT + Math.min(1, Math.max(0, ms / 1000 / span)) * pw;
  const codes = [...new Set(t.states.flatMap((s) => Object.keys(s.blockedMs)))].sort();
  const legend = [
    { label: 'healthy', color: HEALTHY },
    ...codes.map((c) => ({ label: c, color: codeColor(c) })),
    { label: 'guard tripped (held)', color: codeColor('FLIP_FLOP') },
    { label: 'fault acting', color: FAULT },
  ];
  const leg = legendRows(legend, LEFT, 30, W - LEFT - RIGHT);
  let y = leg.bottom + 10;
  let body = '';

  // Trading state per second.
  const top = y;
  for (const s of t.states) {
    const x0 = sx(s.second * 1000);
    const x1 = sx((s.second + 1) * 1000);
    const w = Math.max(0.5, x1 - x0 - 0.5);
    const blocked = Object.entries(s.blockedMs).filter(([, ms]) => ms > 0).sort((a, b) => a[0].localeCompare(b[0]));
    const total = blocked.reduce((n, [, ms]) => n + ms, 0);
    const tip = `${s.second}-${s.second + 1} s: ${blocked.length === 0 ? 'healthy' : blocked.map(([c, ms]) => `${c} ${Math.round(ms)} ms`).join(', ') + `, healthy ${Math.max(0, Math.round(1000 - total))} ms`}`;
    body += `<g><title>${escapeXml(tip)}</title><rect x="${x0.toFixed(1)}" y="${top}" width="${w.toFixed(1)}" height="${STATE_H}" fill="${HEALTHY}"/>`;
    let base = top + STATE_H;
    for (const [code, ms] of blocked) {
      const h = Math.min(1, ms / 1000) * STATE_H;
      base -= h;
      body += `<rect x="${x0.toFixed(1)}" y="${base.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${codeColor(code)}"/>`;
    }
    body += '</g>';
  }
  body += label('trading state', top + STATE_H / 2);
  y = top + STATE_H + 8;

  // The flip-flop guard of each account.
  for (const g of t.guards) {
    body += label(`${g.name}: flip-flop guard`, y + LANE / 2);
    body += `<line x1="${LEFT}" x2="${LEFT + pw}" y1="${y + LANE / 2}" y2="${y + LANE / 2}" stroke="#ddd"/>`;
    let trippedAt: number | undefined;
    const held = (from: number, to: number): string => `<rect x="${sx(from).toFixed(1)}" y="${y + 5}" width="${Math.max(1, sx(to) - sx(from)).toFixed(1)}" height="${LANE - 10}" fill="${codeColor('FLIP_FLOP')}" opacity="0.35"><title>${escapeXml(`${g.name}: held ${(from / 1000).toFixed(2)}-${(to / 1000).toFixed(2)} s`)}</title></rect>`;
    for (const e of g.events) {
      const x = sx(e.at);
      if (e.kind === 'trip') {
        trippedAt = e.at;
        body += `<path d="M${(x - 5).toFixed(1)},${y + 2} L${(x + 5).toFixed(1)},${y + 2} L${x.toFixed(1)},${y + 12} Z" fill="${codeColor('FLIP_FLOP')}"><title>${escapeXml(`${g.name}: tripped at ${(e.at / 1000).toFixed(2)} s`)}</title></path>`;
      } else {
        if (trippedAt !== undefined) body += held(trippedAt, e.at);
        trippedAt = undefined;
        body += `<path d="M${(x - 5).toFixed(1)},${y + LANE - 2} L${(x + 5).toFixed(1)},${y + LANE - 2} L${x.toFixed(1)},${y + LANE - 12} Z" fill="#2ca02c"><title>${escapeXml(`${g.name}: resumed at ${(e.at / 1000).toFixed(2)} s`)}</title></path>`;
      }
    }
    if (trippedAt !== undefined) body += held(trippedAt, span * 1000);
    if (g.events.length === 0) body += `<text x="${LEFT + 6}" y="${y + LANE / 2 + 4}" fill="#888">never tripped</text>`;
    y += LANE;
  }

  // Faults, one lane per kind.
  const kinds = [...new Set(t.faults.map((f) => f.kind))].sort();
  for (const k of kinds) {
    body += label(k, y + LANE / 2);
    body += `<line x1="${LEFT}" x2="${LEFT + pw}" y1="${y + LANE / 2}" y2="${y + LANE / 2}" stroke="#eee"/>`;
    for (const f of t.faults) {
      if (f.kind !== k) continue;
      const x0 = sx(f.at);
      const x1 = sx(f.until ?? span * 1000);
      const tip = `${k} ${(f.at / 1000).toFixed(3)}-${f.until === null ? 'end (still acting)' : `${(f.until / 1000).toFixed(3)} s`}${f.recoveryMs === null ? '' : `; its block ended ${Math.round(f.recoveryMs)} ms after it stopped`}`;
      body += `<rect x="${x0.toFixed(1)}" y="${y + 6}" width="${Math.max(1.5, x1 - x0).toFixed(1)}" height="${LANE - 12}" fill="${FAULT}"><title>${escapeXml(tip)}</title></rect>`;
    }
    y += LANE;
  }

  // Seconds axis.
  const step = span > 60 ? 10 : span > 20 ? 5 : span > 8 ? 2 : 1;
  let axis = `<line x1="${LEFT}" x2="${LEFT + pw}" y1="${y + 2}" y2="${y + 2}" stroke="#999"/>`;
  for (let s = 0; s <= span + 1e-9; s += step) axis += `<line x1="${sx(s * 1000)}" x2="${sx(s * 1000)}" y1="${top}" y2="${y + 6}" stroke="#eee"/><text x="${sx(s * 1000)}" y="${y + 18}" text-anchor="middle">${s}</text>`;
  const H = y + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`
    + `<text x="${W / 2}" y="14" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(t.title)}</text>`
    + axis + leg.svg + body
    + `<text x="${LEFT + pw / 2}" y="${H - 6}" text-anchor="middle">seconds since trading started</text></svg>`;
}

function label(text: string, y: number): string {
  return `<text x="${LEFT - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeXml(text)}</text>`;
}
