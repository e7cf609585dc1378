import type { RiskEngine } from '../risk/risk-engine.js';
import { DecisionLog } from './decision-log.js';
import { decisionsByReason, eventsByType, otherCounters } from './engine-counters.js';
import { denyReasonName } from '../risk/deny-reason.js';
import type { AccountState, DecisionBatch, EngineClockInfo, InstrumentSnapshot, StateSnapshot, StateSource, StrategySnapshot } from './state-source.js';
import { killModeName, tradingState } from './trading-state.js';

/** ±Infinity and NaN are not JSON: null. */
function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * A `StateSource` over a single-threaded `RiskEngine`.
 *
 * Threading: call only on the thread that owns the engine, between engine calls (it reads the
 * engine's arrays and uses the ledger's estimate scratch, which no engine call keeps across
 * calls). A server in another thread reads it through a `StatePublisher`.
 *
 * Decisions: the engine keeps counts, not records; the embedding appends each decision to
 * `log` (a `RecordingGate` does it for a scenario gate).
 */
export class EngineStateSource implements StateSource {
  constructor(
    readonly engine: RiskEngine,
    readonly log: DecisionLog = new DecisionLog(),
    /** How the engine's clock maps to wall-clock time, when the embedding knows (`{ kind: 'system', epochMs: 0 }` for a `systemClock` engine). */
    readonly clock?: EngineClockInfo,
  ) {}

  snapshot(): StateSnapshot {
    const e = this.engine;
    const l = e.ledger;
    const global = e.globalKillMode;
    const instruments: InstrumentSnapshot[] = [];
    for (let i = 0; i < e.instrumentCount; i++) {
      l.estimate(i);
      const hasSnap = l.hasSnap[i] === 1;
      const flipHalted = e.flipHalted[i] === 1;
      const { state, why } = tradingState(global, e.killMode[i]!, flipHalted, e.healthCode(i), e.lossCode(i), e.lossHalts(i));
      const cfg = e.legs.rows[i]!;
      instruments.push({
        symbol: e.symbols[i]!,
        estPosMin: finite(l.lo),
        estPosMax: finite(l.hi),
        snapPos: hasSnap ? l.snapPos[i]! : null,
        snapSeq: hasSnap && l.sequenced(i) ? finite(l.snapSeq[i]!) : null,
        unconfirmedCount: l.unconfirmedCount(i),
        unconfirmedQty: l.unconfirmedQty(i),
        openBuy: e.openBuy[i]!,
        openSell: e.openSell[i]!,
        activeOrders: e.activeOrders[i]!,
        maxLong: cfg.maxLong,
        maxShort: cfg.maxShort,
        tradingState: state,
        why,
        feed: { up: e.feedUp[i] === 1, awaitingSnapshot: e.awaitingSnapshot[i] === 1, lastMessageAt: finite(e.lastMessageAt[i]!) },
        account: e.accountNames[e.accounts.account[i]!]!,
        pnl: e.loss.pnl[i]!,
      });
    }
    const n = e.instrumentCount;
    const strategies = e.strategyNames.map((name, k): StrategySnapshot => ({
      name,
      instruments: e.symbols.map((symbol, i) => {
        const x = k * n + i;
        return {
          symbol, position: e.strategyPosition[x]!, openBuy: e.strategyOpenBuy[x]!, openSell: e.strategyOpenSell[x]!, openNotional: e.strategyOpenNotional[x]!,
          maxLong: finite(e.strategyMaxLong[x]!), maxShort: finite(e.strategyMaxShort[x]!), maxOpenNotional: finite(e.strategyMaxNotional[x]!),
        };
      }),
    }));
    const accounts: AccountState[] = e.accountNames.map((name, a) => {
      const s = e.instrumentCount + a;
      const breach = e.loss.breach[s]!;
      return {
        name,
        grossNotional: finite(e.accounts.grossOf(a)),
        netNotional: finite(e.accounts.netOf(a)),
        maxGrossNotional: finite(e.accounts.grossCap[a]! / (1 + 1e-12)),
        maxNetNotional: finite(e.accounts.netCap[a]! / (1 + 1e-12)),
        pnl: e.loss.pnl[s]!,
        drawdown: e.loss.drawdown[s]!,
        breach: breach === 0 ? null : denyReasonName(breach),
        halts: e.loss.halt[s] === 1,
      };
    });
    return {
      time: e.time,
      ...(this.clock !== undefined ? { clock: this.clock } : {}),
      globalKillMode: killModeName(global),
      instruments,
      ...(strategies.length > 0 ? { strategies } : {}),
      counters: otherCounters(e.counters),
      decisionsByReason: decisionsByReason(e.counters),
      eventsByType: eventsByType(e.counters),
      accounts,
    };
  }

  decisionsSince(afterSeq: number, max: number): DecisionBatch {
    return this.log.since(afterSeq, max);
  }

  takeLatencies(record: (ns: number) => void): void {
    this.log.takeLatencies(record);
  }
}
