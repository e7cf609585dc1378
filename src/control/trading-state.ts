import { KillMode } from '../risk/codes.js';
import { DenyReason, denyReasonName } from '../risk/deny-reason.js';
import type { KillModeName, TradingStateName, TradingWhy } from './state-source.js';

/** `KillMode` code → name. */
export function killModeName(code: number): KillModeName {
  return code === KillMode.HALT ? 'halt' : code === KillMode.REDUCE ? 'reduce' : 'resume';
}

/**
 * The trading state of an instrument, in the engine's check order: a halt (global, the
 * instrument's own, or the flip-flop guard's) stops every new order; a reduce-only kill or a
 * failing health gate lets only risk-reducing orders through.
 */
export function tradingState(globalKill: number, killMode: number, flipHalted: boolean, health: number): { state: TradingStateName; why: TradingWhy } {
  const why: TradingWhy = {
    killMode: killModeName(killMode),
    globalKillMode: killModeName(globalKill),
    flipFlopHalted: flipHalted,
    health: health === DenyReason.APPROVED ? null : denyReasonName(health),
  };
  if (globalKill === KillMode.HALT || killMode === KillMode.HALT || flipHalted) return { state: 'HALTED', why };
  if (globalKill === KillMode.REDUCE || killMode === KillMode.REDUCE || health !== DenyReason.APPROVED) return { state: 'REDUCING', why };
  return { state: 'ACTIVE', why };
}
