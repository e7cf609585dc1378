/**
 * Breaches of a position limit, measured on the simulator's own history of an account's true
 * position (never on any strategy's or riskgate's view of it).
 */
import type { PositionPoint } from '../sim/index.js';

export interface BreachStats {
  /** Largest |position| reached (lots). */
  readonly worstAbs: number;
  /** Episodes of |position| > limit. */
  readonly count: number;
  /** Simulated ms spent beyond the limit. */
  readonly msBeyond: number;
  /** Largest |position| - limit (lots; 0 when never beyond). */
  readonly maxExcess: number;
  /** Sign reversals of the position (long ↔ short through or across zero). */
  readonly reversals: number;
}

/** `history` in time order (as `AccountTruth.history`), `endMs` the end of the run. */
export function breachStats(history: readonly PositionPoint[], symbol: string, limit: number, endMs: number): BreachStats {
  let worstAbs = 0;
  let count = 0;
  let msBeyond = 0;
  let maxExcess = 0;
  let reversals = 0;
  let lastSign = 0;
  let beyondSince: number | undefined;
  for (const p of history) {
    if (p.symbol !== symbol) continue;
    const abs = Math.abs(p.position);
    worstAbs = Math.max(worstAbs, abs);
    const sign = Math.sign(p.position);
    if (sign !== 0) {
      if (lastSign !== 0 && sign !== lastSign) reversals++;
      lastSign = sign;
    }
    if (abs > limit) {
      maxExcess = Math.max(maxExcess, abs - limit);
      if (beyondSince === undefined) {
        beyondSince = p.at;
        count++;
      }
    } else if (beyondSince !== undefined) {
      msBeyond += p.at - beyondSince;
      beyondSince = undefined;
    }
  }
  if (beyondSince !== undefined) msBeyond += Math.max(0, endMs - beyondSince);
  return { worstAbs, count, msBeyond, maxExcess, reversals };
}
