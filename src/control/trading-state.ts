import { KillMode } from '../risk/codes.js';
import { DenyReason, denyReasonName } from '../risk/deny-reason.js';
import type { KillModeName, TradingStateName, TradingWhy } from './state-source.js';

/** `KillMode` code → name. */
export function killModeName(code: number): KillModeName {
  return code === KillMode.HALT ? 'halt' : code === KillMode.REDUCE ? 'reduce' : 'resume';
}

/**
 * The trading state of an instrument, in the engine's check order: a halt (global, the
 * instrument's own, the flip-flop guard's, a loss limit with `onBreach` halt) stops every new
 * order; a reduce-only kill, a breached loss limit or a failing health gate lets only
 * risk-reducing orders through. `loss`: the loss-limit code (LOSS_LIMIT, DRAWDOWN_LIMIT, 0), for
 * sources that know it (undefined: not reported, `why` has no `lossLimit`).
 */
export function tradingState(globalKill: number, killMode: number, flipHalted: boolean, health: number, loss?: number, lossHalts = false): { state: TradingStateName; why: TradingWhy } {
  const why: TradingWhy = {
    killMode: killModeName(killMode),
    globalKillMode: killModeName(globalKill),
    flipFlopHalted: flipHalted,
    health: health === DenyReason.APPROVED ? null : denyReasonName(health),
    ...(loss !== undefined ? { lossLimit: loss === 0 ? null : denyReasonName(loss) } : {}),
  };
  const breached = loss !== undefined && loss !== 0;
  if (globalKill === KillMode.HALT || killMode === KillMode.HALT || flipHalted || (breached && lossHalts)) return { state: 'HALTED', why };
  if (globalKill === KillMode.REDUCE || killMode === KillMode.REDUCE || breached || health !== DenyReason.APPROVED) return { state: 'REDUCING', why };
  return { state: 'ACTIVE', why };
}
