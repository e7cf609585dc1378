import type { KillMode } from '../scenario/scenario-types.js';

/** What new risk-increasing orders meet: all checks, only risk-reducing orders, nothing. */
export type TradingStateName = 'active' | 'reducing' | 'halted';

/**
 * One instrument's risk state as the engine sees it at one moment: the `InstrumentState` table
 * of the schema as a plain object. Edge-side (allocates); read from a `RiskEngine` by
 * `readEngineState` (src/replay/read-engine-state.ts).
 */
export interface InstrumentStateView {
  readonly symbol: string;
  /** The position interval; ±Infinity before the first snapshot. */
  readonly estPosMin: number;
  readonly estPosMax: number;
  readonly hasSnapshot: boolean;
  readonly snapPos: number;
  /** The last snapshot's watermark; absent on unsequenced instruments or before one. */
  readonly snapSeq?: number;
  readonly unconfirmedCount: number;
  readonly unconfirmedQty: number;
  readonly openBuy: number;
  readonly openSell: number;
  readonly activeOrders: number;
  readonly tradingState: TradingStateName;
  /** Why not active: a deny reason code and name (0 and '' when active). */
  readonly tradingReasonCode: number;
  readonly tradingReason: string;
  /** The instrument's own kill mode (the global one is on `EngineStateView`). */
  readonly killMode: KillMode;
  readonly flipHalted: boolean;
  readonly feedUp: boolean;
  readonly awaitingSnapshot: boolean;
  readonly lastMessageAt: number;
  readonly mark?: number;
  readonly mismatches: number;
  readonly staleSnapshots: number;
  readonly gaps: number;
  readonly fillsInsideSnapshot: number;
}

/** The whole engine at one moment: the `StateSnapshot` table as a plain object. */
export interface EngineStateView {
  readonly globalKill: KillMode;
  readonly instruments: readonly InstrumentStateView[];
  /** Non-zero counters by name (`FILLS`, `DECISIONS_POSITION_LIMIT`, ...). */
  readonly counters: Readonly<Record<string, number>>;
}
