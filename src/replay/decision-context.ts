import type { InstrumentConfig } from '../config/engine-config.js';
import { KillMode } from '../risk/codes.js';
import { DenyReason } from '../risk/deny-reason.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { KillMode as KillModeName } from '../scenario/scenario-types.js';
import type { InstrumentStateView } from '../schema/state-view.js';
import { readInstrumentState } from './read-engine-state.js';

/**
 * What an order decision saw: read from the engine right before `checkOrder`, so it is exactly
 * the state the checks ran against. Off the hot path (replay `--explain`).
 */
export interface DecisionContext {
  /** Engine time of the decision (ms). */
  readonly now: number;
  readonly globalKill: KillModeName;
  /** Absent when the order named an instrument the config does not have. */
  readonly instrument?: {
    readonly state: InstrumentStateView;
    readonly config: InstrumentConfig;
    /** The health gate's verdict (a DenyReason code, 0 = healthy) and why, with the numbers. */
    readonly healthCode: number;
    readonly healthDetail: string;
    /** Known loss (`RiskEngine.knownLoss`): no order was risk-reducing by the estimate. */
    readonly knownLoss: boolean;
    /** The order-to-trade guard's messages and fills of own orders in its window (0, 0 when off). */
    readonly orderToTrade: { readonly messages: number; readonly fills: number };
    /** The instrument's account and its loss scopes (account-book.ts, loss-book.ts). */
    readonly account: AccountContext;
  };
  /** The order's strategy on the instrument (absent: none, or an index the config lacks). */
  readonly strategy?: {
    readonly name: string;
    readonly position: number; readonly openBuy: number; readonly openSell: number; readonly openNotional: number;
    readonly maxLong: number; readonly maxShort: number; readonly maxOpenNotional: number;
  };
}

/** The account limits and loss limits an order decision saw (quote units; Infinity: off or unbounded). */
export interface AccountContext {
  readonly name: string;
  readonly gross: number;
  readonly net: number;
  readonly maxGross: number;
  readonly maxNet: number;
  /** The price the instrument counted at, and whether that was a fresh mark (else its fallback). */
  readonly price: number;
  readonly freshMark: boolean;
  /** PnL of the instrument and of its account, their drawdowns, and their breaches (a DenyReason code, 0 = none). */
  readonly instrumentPnl: number;
  readonly accountPnl: number;
  readonly instrumentDrawdown: number;
  readonly accountDrawdown: number;
  readonly instrumentBreach: number;
  readonly accountBreach: number;
}

/** Reads the account context of instrument `inst`. */
export function readAccountContext(engine: RiskEngine, inst: number): AccountContext {
  const b = engine.accounts;
  const a = b.account[inst]!;
  const s = engine.instrumentCount + a;
  const l = engine.loss;
  return {
    name: engine.accountNames[a]!,
    gross: b.grossOf(a),
    net: b.netOf(a),
    maxGross: b.grossCap[a]! / (1 + 1e-12),
    maxNet: b.netCap[a]! / (1 + 1e-12),
    price: b.price[inst]!,
    freshMark: b.byMark[inst] === 1,
    instrumentPnl: l.pnl[inst]!,
    accountPnl: l.pnl[s]!,
    instrumentDrawdown: l.drawdown[inst]!,
    accountDrawdown: l.drawdown[s]!,
    instrumentBreach: l.breach[inst]!,
    accountBreach: l.breach[s]!,
  };
}

const KILL_NAME: Record<number, KillModeName> = { [KillMode.RESUME]: 'resume', [KillMode.REDUCE]: 'reduce', [KillMode.HALT]: 'halt' };

/** Reads the context of an order decision on instrument index `inst` (-1 = unknown symbol) of strategy index `strategy` (-1: none). */
export function readDecisionContext(engine: RiskEngine, inst: number, strategy = -1): DecisionContext {
  const now = engine.time;
  const globalKill = KILL_NAME[engine.globalKillMode] ?? 'resume';
  if (inst < 0) return { now, globalKill };
  const cfg = engine.legs.rows[inst]!;
  const code = engine.healthCode(inst);
  const otr = new Float64Array(2);
  engine.orderToTradeCounts(inst, otr);
  const k = strategy * engine.instrumentCount + inst;
  const strat = strategy >= 0 && strategy < engine.strategyCount ? {
    strategy: {
      name: engine.strategyNames[strategy]!, position: engine.strategyPosition[k]!, openBuy: engine.strategyOpenBuy[k]!, openSell: engine.strategyOpenSell[k]!,
      openNotional: engine.strategyOpenNotional[k]!, maxLong: engine.strategyMaxLong[k]!, maxShort: engine.strategyMaxShort[k]!, maxOpenNotional: engine.strategyMaxNotional[k]!,
    },
  } : {};
  return {
    now, globalKill, ...strat,
    instrument: {
      state: readInstrumentState(engine, inst), config: cfg, healthCode: code, healthDetail: healthDetail(engine, inst, code, cfg), knownLoss: engine.knownLoss(inst),
      orderToTrade: { messages: otr[0]!, fills: otr[1]! },
      account: readAccountContext(engine, inst),
    },
  };
}

/** The health gate's reason with its numbers, in the order `RiskEngine.healthCode` checks. */
function healthDetail(engine: RiskEngine, inst: number, code: number, cfg: InstrumentConfig): string {
  const l = engine.ledger;
  const now = engine.time;
  switch (code) {
    case DenyReason.APPROVED:
      return 'healthy';
    case DenyReason.FEED_STALE: {
      if (engine.feedUp[inst] === 0) return 'feed down';
      if (engine.awaitingSnapshot[inst] === 1) return 'feed came back up; no snapshot since';
      if (l.hasSnap[inst] === 0) return 'no position snapshot yet';
      const hb = cfg.heartbeatTimeoutMs ?? 0;
      const quiet = now - engine.lastMessageAt[inst]!;
      if (hb > 0 && quiet > hb) return `no message for ${quiet} ms > heartbeatTimeoutMs ${hb}`;
      const age = now - l.oldestUnconfirmedAt(inst);
      return `oldest unconfirmed fill ${age} ms old > snapshotStaleMs ${cfg.snapshotStaleMs ?? 0}`;
    }
    case DenyReason.SEQUENCE_GAP:
      return `sequence gap open: fills missing up to seq ${l.gapUntil[inst]!}, snapshot watermark ${l.hasSnap[inst] === 1 ? l.snapSeq[inst]! : 'none'}`;
    case DenyReason.POSITION_MISMATCH:
      return 'the last snapshot was not explained by the fills: position uncertain until a later snapshot is';
    case DenyReason.UNCONFIRMED_FILLS: {
      const n = l.unconfirmedCount(inst);
      const q = l.unconfirmedQty(inst);
      const u = cfg.unconfirmed;
      return n > u.maxFills ? `unconfirmed ${n} fills > maxFills ${u.maxFills}` : `unconfirmed ${q} lots > maxQty ${u.maxQty}`;
    }
    default:
      return `health code ${code}`;
  }
}
