/** The `riskgate_decision_latency_seconds` family of a /metrics body, parsed. */
export interface LatencyFamily {
  readonly help: string | undefined;
  readonly type: string | undefined;
  /** `le` label → cumulative count, in the order the body lists them (`+Inf` last). */
  readonly buckets: readonly (readonly [string, number])[];
  readonly sum: number | undefined;
  readonly count: number | undefined;
}

const NAME = 'riskgate_decision_latency_seconds';

export function latencyFamily(body: string): LatencyFamily {
  let help: string | undefined;
  let type: string | undefined;
  let sum: number | undefined;
  let count: number | undefined;
  const buckets: [string, number][] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith(`# HELP ${NAME} `)) help = line.slice(`# HELP ${NAME} `.length);
    else if (line.startsWith(`# TYPE ${NAME} `)) type = line.slice(`# TYPE ${NAME} `.length);
    else if (line.startsWith(`${NAME}_bucket{le="`)) {
      const [, le = '', v = ''] = /^[a-z_]+\{le="([^"]+)"\} (\S+)$/.exec(line) ?? [];
      buckets.push([le, Number(v)]);
    } else if (line.startsWith(`${NAME}_sum `)) sum = Number(line.split(' ')[1]);
    else if (line.startsWith(`${NAME}_count `)) count = Number(line.split(' ')[1]);
  }
  return { help, type, buckets, sum, count };
}
