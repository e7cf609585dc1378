import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What a benchmark result was measured on (docs/conventions.md, rule 12). */
export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly cpu: string;
  /** Logical CPUs of the host. */
  readonly cores: number;
  /** CPUs this process may run on (`Cpus_allowed_list`), or undefined off Linux. */
  readonly allowedCpus: string | undefined;
  /** True when the process is restricted to fewer CPUs than the host has. */
  readonly pinned: boolean;
  readonly platform: string;
  readonly gcExposed: boolean;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  let allowed: string | undefined;
  try {
    allowed = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  } catch {
    allowed = undefined;
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    allowedCpus: allowed,
    pinned: allowed !== undefined && countCpus(allowed) < cpus.length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    gcExposed: typeof globalThis.gc === 'function',
  };
}

/** Number of CPUs in a list such as `0-3,6`. */
function countCpus(list: string): number {
  let n = 0;
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) continue;
    n += b !== undefined && Number.isInteger(b) ? b - a + 1 : 1;
  }
  return n;
}

export function describeMachine(m: MachineInfo): string {
  const pin = m.allowedCpus === undefined ? 'affinity unknown' : m.pinned ? `pinned to CPUs ${m.allowedCpus}` : `unpinned (CPUs ${m.allowedCpus})`;
  return `Node ${m.node}, V8 ${m.v8}, ${m.cpu}, ${m.cores} cores, ${pin}, ${m.platform}${m.gcExposed ? '' : ', no --expose-gc'}`;
}
