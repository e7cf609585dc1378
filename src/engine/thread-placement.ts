import { currentAffinity, currentCpu, pinCurrentThread, threadId } from '../native/index.js';
import type { PlacementReport } from './risk-thread-data.js';

/**
 * Pins the calling thread to `cpu` when the CPU map gives its role one, and reports where it
 * then runs (allowed CPUs, current CPU, kernel tid for /proc/self/task/<tid>). Never throws:
 * no CPU, no addon or a refused CPU give `pinned: false` with the reason. Start-up only (the
 * report is an object).
 */
export function placeCurrentThread(cpu: number | undefined, role: string): PlacementReport {
  const pin = cpu === undefined ? undefined : pinCurrentThread([cpu]);
  const tid = threadId();
  const where = { cpus: pin?.pinned === true ? pin.cpus : currentAffinity(), currentCpu: currentCpu(), ...(tid !== undefined ? { tid } : {}) };
  if (pin === undefined) return { pinned: false, ...where, reason: `no CPU configured for the ${role}` };
  return pin.pinned ? { pinned: true, ...where, reason: undefined } : { pinned: false, ...where, reason: `${pin.code}: ${pin.reason}` };
}
