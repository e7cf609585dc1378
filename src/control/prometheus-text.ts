/**
 * Writing the Prometheus text exposition format (0.0.4): escaping and a line writer shared by
 * every part of `/metrics` (prometheus-metrics.ts, runtime-metrics.ts).
 */

/** Escapes a label value (Prometheus text format 0.0.4: backslash, quote, newline). */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Content type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A number as the format writes it (±Inf, NaN). */
export function sampleValue(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
}

/** The lines of a `/metrics` body: a family's HELP and TYPE, then its samples. */
export class MetricLines {
  readonly out: string[] = [];
  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): this {
    this.out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }
  sample(name: string, labels: Readonly<Record<string, string>>, value: number): this {
    const l = Object.entries(labels).map(([k, v]) => `${k}="${labelValue(v)}"`).join(',');
    this.out.push(`${name}${l ? `{${l}}` : ''} ${sampleValue(value)}`);
    return this;
  }
}
