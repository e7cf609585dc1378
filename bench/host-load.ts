import { readFileSync } from 'node:fs';

/**
 * How busy the host was with *other* work while a case ran: the cross-thread cases run two
 * spinning threads, and on a 2-core machine any third runnable thread preempts one of them, so
 * a ratio measured under load is not the transport's. The bench records, per case run, the
 * share of all CPUs used by other processes and stolen by the hypervisor, so a failed floor can
 * be read ("ring p50 broke while other processes used 60% of the CPUs") instead of guessed at.
 *
 * Sources (Linux; both in USER_HZ ticks, 10 ms): the first line of /proc/stat (`cpu user nice
 * system idle iowait irq softirq steal ...`, all CPUs) and fields 14-15 (utime, stime) of
 * /proc/self/stat, which include every thread of this process (the bench's worker threads too).
 */
export interface CpuSample {
  readonly total: number;
  readonly busy: number;
  readonly steal: number;
  readonly self: number;
}

export interface HostLoad {
  /** Share of all CPUs (0..1) busy with other processes over the interval. */
  readonly other: number;
  /** Share of all CPUs (0..1) the hypervisor stole over the interval. */
  readonly steal: number;
}

/** A sample, or undefined off Linux (no /proc). */
export function sampleCpu(): CpuSample | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const own = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const rest = own.slice(own.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    const busy = user + nice + system + irq + softirq;
    return { total: busy + idle + iowait + steal, busy, steal, self: utime + stime };
  } catch {
    return undefined;
  }
}

/** Load between two samples, or undefined when either is missing or no tick elapsed. */
export function hostLoad(a: CpuSample | undefined, b: CpuSample | undefined): HostLoad | undefined {
  if (a === undefined || b === undefined) return undefined;
  const total = b.total - a.total;
  if (total <= 0) return undefined;
  const other = Math.max(0, b.busy - a.busy - (b.self - a.self)) / total;
  return { other: Math.min(1, other), steal: (b.steal - a.steal) / total };
}

/** "other 12%, steal 0%" (or "host load unknown"). */
export function describeLoad(l: HostLoad | undefined): string {
  if (l === undefined) return 'host load unknown';
  return `other processes ${(l.other * 100).toFixed(0)}% CPU${l.steal >= 0.005 ? `, steal ${(l.steal * 100).toFixed(0)}%` : ''}`;
}
