import { Counter, COUNTER_SLOTS, KillMode } from '../risk/codes.js';
import { DenyReason, denyReasonName } from '../risk/deny-reason.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { KillMode as KillModeName } from '../scenario/scenario-types.js';
import type { EngineStateView, InstrumentStateView, TradingStateName } from '../schema/state-view.js';

const KILL_NAME: Record<number, KillModeName> = { [KillMode.RESUME]: 'resume', [KillMode.REDUCE]: 'reduce', [KillMode.HALT]: 'halt' };

/** Counter index → name (`FILLS`, ..., `DECISIONS_APPROVED`, `DECISIONS_POSITION_LIMIT`). */
export const COUNTER_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, i] of Object.entries(Counter)) if (name !== 'DECISIONS') names[i] = name;
  for (let code = 0; Counter.DECISIONS + code < COUNTER_SLOTS; code++) {
    const n = denyReasonName(code);
    if (!n.startsWith('UNKNOWN_CODE_')) names[Counter.DECISIONS + code] = `DECISIONS_${n}`;
  }
  return Object.freeze(names);
})();

/**
 * What new risk-increasing orders on `inst` meet right now, and why: halted (kill switch,
 * flip-flop, a loss limit with onBreach halt), reducing (kill switch reduce, a breached loss
 * limit, or the health gate), or active.
 */
export function tradingStateOf(engine: RiskEngine, inst: number): { state: TradingStateName; code: number } {
  const g = engine.globalKillMode;
  if (g === KillMode.HALT || engine.killMode[inst] === KillMode.HALT) return { state: 'halted', code: DenyReason.KILL_SWITCH };
  if (engine.flipHalted[inst] === 1) return { state: 'halted', code: DenyReason.FLIP_FLOP };
  const loss = engine.lossCode(inst);
  if (loss !== 0 && engine.lossHalts(inst)) return { state: 'halted', code: loss };
  if (g === KillMode.REDUCE || engine.killMode[inst] === KillMode.REDUCE) return { state: 'reducing', code: DenyReason.REDUCE_ONLY };
  if (loss !== 0) return { state: 'reducing', code: loss };
  const health = engine.healthCode(inst);
  return health === DenyReason.APPROVED ? { state: 'active', code: 0 } : { state: 'reducing', code: health };
}

/**
 * Reads one instrument's risk state from a single-threaded engine (the thread that owns it).
 * Off the hot path: allocates the view. Reading does not change the engine (`estimate` writes
 * only the ledger's scratch `lo`/`hi`).
 */
export function readInstrumentState(engine: RiskEngine, inst: number): InstrumentStateView {
  const l = engine.ledger;
  l.estimate(inst);
  const ts = tradingStateOf(engine, inst);
  const seq = l.snapSeq[inst]!;
  const mark = engine.mark[inst]!;
  return {
    symbol: engine.symbols[inst]!,
    estPosMin: l.lo,
    estPosMax: l.hi,
    hasSnapshot: l.hasSnap[inst] === 1,
    snapPos: l.snapPos[inst]!,
    ...(l.hasSnap[inst] === 1 && l.sequenced(inst) && Number.isFinite(seq) ? { snapSeq: seq } : {}),
    unconfirmedCount: l.unconfirmedCount(inst),
    unconfirmedQty: l.unconfirmedQty(inst),
    openBuy: engine.openBuy[inst]!,
    openSell: engine.openSell[inst]!,
    activeOrders: engine.activeOrders[inst]!,
    tradingState: ts.state,
    tradingReasonCode: ts.code,
    tradingReason: ts.code === 0 ? '' : denyReasonName(ts.code),
    killMode: KILL_NAME[engine.killMode[inst]!] ?? 'resume',
    flipHalted: engine.flipHalted[inst] === 1,
    feedUp: engine.feedUp[inst] === 1,
    awaitingSnapshot: engine.awaitingSnapshot[inst] === 1,
    lastMessageAt: engine.lastMessageAt[inst]!,
    ...(mark > 0 ? { mark } : {}),
    mismatches: l.mismatches[inst]!,
    staleSnapshots: l.staleSnapshots[inst]!,
    gaps: l.gaps[inst]!,
    fillsInsideSnapshot: l.fillsInsideSnapshot[inst]!,
  };
}

/** Every instrument, the global kill mode and the non-zero counters. */
export function readEngineState(engine: RiskEngine): EngineStateView {
  const instruments: InstrumentStateView[] = [];
  for (let i = 0; i < engine.instrumentCount; i++) instruments.push(readInstrumentState(engine, i));
  const counters: Record<string, number> = {};
  engine.counters.forEach((v, i) => {
    const name = COUNTER_NAMES[i];
    if (v !== 0 && name !== undefined) counters[name] = v;
  });
  return { globalKill: KILL_NAME[engine.globalKillMode] ?? 'resume', instruments, counters };
}
