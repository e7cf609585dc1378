import { cpuMapFromEnv, currentAffinity, pinCurrentThread, type CpuMap } from '../src/native/index.js';

/**
 * Where the bench's threads run. Unpinned unless RISKGATE_CPU_MAP is set (scripts/bench-pinned.mjs
 * sets it through scripts/run-pinned.mjs). Roles in the bench, mirroring the engine's:
 * - `risk`: the consuming thread of every transport (the engine's risk thread, the bench's
 *   main thread while it consumes a baseline transport, or the request-reply responder worker);
 * - `feeds[0]`: every producing thread (feed worker, baseline producer worker);
 * - `control`: the strategy workers (engine path and request-reply baselines) and the main
 *   thread when it only waits.
 */
export interface BenchPinning {
  readonly map: CpuMap | undefined;
  /** Why not pinned (no map, or the map's problems). */
  readonly reason: string | undefined;
}

export function benchPinning(): BenchPinning {
  const check = cpuMapFromEnv();
  if (check === undefined) return { map: undefined, reason: 'RISKGATE_CPU_MAP not set' };
  if (check.map === undefined) throw new Error(`RISKGATE_CPU_MAP: ${check.problems.join('; ')}`);
  return { map: check.map, reason: undefined };
}

/** Pins the calling thread to `cpu` (undefined: leaves it); returns a function that restores the previous affinity. */
export function pinFor(cpu: number | undefined): () => void {
  if (cpu === undefined) return () => {};
  const before = currentAffinity();
  const r = pinCurrentThread([cpu]);
  if (!r.pinned) throw new Error(`cannot pin the bench thread to CPU ${cpu}: ${r.code}: ${r.reason}`);
  return () => {
    if (before !== undefined) pinCurrentThread(before);
  };
}
