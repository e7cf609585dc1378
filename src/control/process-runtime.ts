import { readdirSync, readFileSync } from 'node:fs';

/**
 * What the process as a whole uses, the same read from any of its threads: CPU time (every
 * thread's), memory, file descriptors. prom-client's `process_*` metrics, read the way it reads
 * them on Linux (`/proc/self`); elsewhere the `/proc` figures are NaN (and left out) and the
 * resident set comes from `process.memoryUsage.rss()`.
 */
export interface ProcessRuntimeSample {
  readonly cpuUserSeconds: number;
  readonly cpuSystemSeconds: number;
  /** Unix time (s) the process started. */
  readonly startTimeSeconds: number;
  readonly residentBytes: number;
  readonly virtualBytes: number;
  /** The data segment (`VmData`): prom-client's `process_heap_bytes`. */
  readonly heapBytes: number;
  readonly openFds: number;
  readonly maxFds: number;
}

/** Fixed for the life of the process: read once. */
const START_TIME_S = Math.round(Date.now() / 1000 - process.uptime());
let maxFds: number | undefined;

function readMaxFds(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m === null ? NaN : Number(m[1]);
  } catch {
    return NaN;
  }
}

function statusKb(status: string, key: string): number {
  const m = new RegExp(`^${key}:\\s*(\\d+) kB`, 'm').exec(status);
  return m === null ? NaN : Number(m[1]) * 1024;
}

/** The process's figures now: a few small reads of `/proc/self` (call off the hot path: the control thread at a scrape). */
export function readProcessRuntime(): ProcessRuntimeSample {
  const cpu = process.cpuUsage();
  let status = '';
  let openFds = NaN;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
    openFds = readdirSync('/proc/self/fd').length - 1; // less the descriptor reading the directory
  } catch {
    // not Linux: NaN below
  }
  maxFds ??= readMaxFds();
  const rss = statusKb(status, 'VmRSS');
  return {
    cpuUserSeconds: cpu.user / 1e6,
    cpuSystemSeconds: cpu.system / 1e6,
    startTimeSeconds: START_TIME_S,
    residentBytes: Number.isNaN(rss) ? process.memoryUsage.rss() : rss,
    virtualBytes: statusKb(status, 'VmSize'),
    heapBytes: statusKb(status, 'VmData'),
    openFds,
    maxFds,
  };
}
