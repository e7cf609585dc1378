/**
 * Minimal inline-SVG charts for the self-contained demo report: step lines over time and
 * stacked bars, with axes and a legend. No scripts, no network, no fonts to load.
 */

export interface Series {
  readonly label: string;
  readonly color: string;
  /** [x, y] points in x order; drawn as a step line (the value holds until the next point). */
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartFrame {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
}

// top: the title (baseline 14), then the legend rows (from y 30, 16 px each), then the plot.
const M = { left: 64, right: 16, top: 52, bottom: 44 };
const LEGEND_ROW = 16;
const LEGEND_GAP = 14;

/**
 * Legend items laid out left to right from (`x`, `y`), each as wide as its label needs, wrapping
 * to a new row before `width` is passed: every item stays inside the SVG however many there are.
 */
export function legendRows(items: readonly { label: string; color: string }[], x: number, y: number, width: number): { svg: string; bottom: number } {
  let cx = 0;
  let row = 0;
  let svg = '';
  for (const l of items) {
    const w = 16 + l.label.length * 6.5 + LEGEND_GAP; // swatch + text at ~6.5 px per char (11 px sans-serif)
    if (cx > 0 && cx + w > width) {
      cx = 0;
      row++;
    }
    const ty = y + row * LEGEND_ROW;
    svg += `<rect x="${(x + cx).toFixed(1)}" y="${ty}" width="12" height="12" fill="${l.color}"/><text x="${(x + cx + 16).toFixed(1)}" y="${ty + 10}">${escapeXml(l.label)}</text>`;
    cx += w;
  }
  return { svg, bottom: y + (items.length === 0 ? 0 : (row + 1) * LEGEND_ROW) };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function ticks(lo: number, hi: number, n = 6): number[] {
  const span = hi - lo || 1;
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => span / s <= n) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

function frame(f: ChartFrame, x0: number, x1: number, y0: number, y1: number, body: (sx: (x: number) => number, sy: (y: number) => number) => string, legend: readonly { label: string; color: string }[], xTickLabels?: (v: number) => string): string {
  const W = f.width ?? 900;
  const leg = legendRows(legend, M.left + 8, M.top - 22, W - M.left - M.right - 8);
  const extra = leg.bottom - (M.top - 22 + LEGEND_ROW); // rows past the first push the plot down
  const H = (f.height ?? 300) + extra;
  const top = M.top + extra;
  const pw = W - M.left - M.right;
  const ph = H - top - M.bottom;
  const sx = (x: number): number => M.left + ((x - x0) / (x1 - x0 || 1)) * pw;
  const sy = (y: number): number => top + ph - ((y - y0) / (y1 - y0 || 1)) * ph;
  const xt = ticks(x0, x1).map((v) => `<line x1="${sx(v)}" x2="${sx(v)}" y1="${top}" y2="${top + ph}" stroke="#eee"/><text x="${sx(v)}" y="${top + ph + 16}" text-anchor="middle">${escapeXml(xTickLabels ? xTickLabels(v) : String(v))}</text>`).join('');
  const yt = ticks(y0, y1).map((v) => `<line x1="${M.left}" x2="${M.left + pw}" y1="${sy(v)}" y2="${sy(v)}" stroke="#eee"/><text x="${M.left - 6}" y="${sy(v) + 4}" text-anchor="end">${v}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`
    + `<text x="${W / 2}" y="14" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(f.title)}</text>`
    + xt + yt + `<rect x="${M.left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`
    + body(sx, sy) + leg.svg
    + `<text x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(f.xLabel)}</text>`
    + `<text transform="translate(14 ${top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(f.yLabel)}</text></svg>`;
}

/** Step lines over [x0, x1], with horizontal reference lines (e.g. ± a limit). */
export function stepChart(f: ChartFrame, series: readonly Series[], x0: number, x1: number, refs: readonly { y: number; label: string; color: string }[]): string {
  let lo = Math.min(0, ...refs.map((r) => r.y));
  let hi = Math.max(0, ...refs.map((r) => r.y));
  for (const s of series) for (const [, y] of s.points) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  const pad = Math.max(1, (hi - lo) * 0.08);
  return frame(f, x0, x1, lo - pad, hi + pad, (sx, sy) => {
    const lines = refs.map((r) => `<line x1="${sx(x0)}" x2="${sx(x1)}" y1="${sy(r.y)}" y2="${sy(r.y)}" stroke="${r.color}" stroke-dasharray="6 4"/><text x="${sx(x1) - 4}" y="${sy(r.y) - 4}" text-anchor="end" fill="${r.color}">${escapeXml(r.label)}</text>`).join('');
    const paths = series.map((s) => {
      if (s.points.length === 0) return '';
      let d = '';
      let prevY: number | undefined;
      for (const [x, y] of s.points) {
        const X = sx(Math.min(Math.max(x, x0), x1)).toFixed(1);
        d += prevY === undefined ? `M${X},${sy(y).toFixed(1)}` : `H${X}V${sy(y).toFixed(1)}`;
        prevY = y;
      }
      d += `H${sx(x1).toFixed(1)}`;
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`;
    }).join('');
    return lines + paths;
  }, series);
}

/** Stacked bars: `bars[i]` is the stack at category i; `keys` name the layers in order. */
export function stackedBars(f: ChartFrame, labels: readonly string[], keys: readonly { key: string; color: string }[], bars: readonly Readonly<Record<string, number>>[], xTickLabel?: (i: number) => string): string {
  const n = Math.max(1, bars.length);
  const top = Math.max(1, ...bars.map((b) => keys.reduce((s, k) => s + (b[k.key] ?? 0), 0)));
  return frame(f, 0, n, 0, top * 1.05, (sx, sy) => {
    const w = Math.max(1, sx(1) - sx(0) - 1);
    let out = '';
    bars.forEach((b, i) => {
      let base = 0;
      for (const k of keys) {
        const v = b[k.key] ?? 0;
        if (v <= 0) continue;
        out += `<rect x="${sx(i).toFixed(1)}" y="${sy(base + v).toFixed(1)}" width="${w.toFixed(1)}" height="${(sy(base) - sy(base + v)).toFixed(1)}" fill="${k.color}"><title>${escapeXml(`${labels[i] ?? i}: ${k.key} ${v}`)}</title></rect>`;
        base += v;
      }
    });
    return out;
  }, keys.map((k) => ({ label: k.key, color: k.color })), xTickLabel === undefined ? undefined : (v) => xTickLabel(v));
}
