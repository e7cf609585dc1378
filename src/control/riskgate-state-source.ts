import { strategyLimits, type ResolvedConfig } from '../config/engine-config.js';
import type { ThreadedCounterName } from './counter-metrics.js';
import type { InstrumentConfig } from '../config/engine-config.js';
import { legLayout } from '../config/hedge-legs.js';
import type { EngineState } from '../engine/state-block-reader.js';
import { ControlError, ControlErrorCode } from './control-error.js';
import { DecisionLog, type DecisionInput } from './decision-log.js';
import { decisionsByReason, eventsByType, otherCounters } from './engine-counters.js';
import type { DecisionBatch, EngineClockInfo, FirmExposure, InstrumentSnapshot, RingStatus, StateSnapshot, StateSource, StrategySnapshot } from './state-source.js';
import { killModeName, tradingState } from './trading-state.js';

/** What the adapter needs of a threaded engine (`RiskGate`). */
export interface StateBlockOwner {
  readonly config: ResolvedConfig;
  /** A consistent copy of the risk thread's state block, or undefined when every read raced a publish. */
  state(): EngineState | undefined;
}

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/**
 * A `StateSource` over the threaded engine: `snapshot()` reads the risk thread's shared state
 * block (a seqlock copy: never waits for the risk thread; when every try raced a publish it
 * returns the previous copy), and the decisions come from the journal ring through the journal
 * thread (`append`, called on the embedding thread with each batch it posts). Decision
 * latencies are not read here: `latencyBlock()` hands the strategy clients' shared block to the
 * server thread, which reads it in place at each scrape.
 *
 * Threading: the embedding thread; a `StatePublisher` hands it to the server thread.
 * Staleness: the state block is as fresh as the risk thread's last pass with work; decisions
 * arrive one journal-thread poll (~1 ms) after the risk thread made them.
 */
export class RiskGateStateSource implements StateSource {
  private last: StateSnapshot | undefined;
  readonly log: DecisionLog;
  /** The firm's exposure the embedding last gave (`RiskGate.showFirmExposure`), carried in every snapshot. */
  firm: FirmExposure | undefined;
  /** The limits of each engine instrument (hedge legs included: src/config/hedge-legs.ts), by state index. */
  private readonly rows: readonly InstrumentConfig[];
  /** The configured symbol of each engine instrument (a hedge leg's instrument): strategy limits are set per configured symbol. */
  private readonly configured: readonly string[];

  constructor(
    private readonly gate: StateBlockOwner,
    log: DecisionLog = new DecisionLog(),
    private readonly rings?: () => readonly RingStatus[],
    /** Restarts of each supervised feed's worker, by feed name. */
    private readonly feedReconnects?: () => Readonly<Record<string, number>>,
    private readonly latency?: SharedArrayBuffer,
    /** How engine ms map to wall-clock time (the engine's clock mode), carried in every snapshot. */
    private readonly clock?: EngineClockInfo,
  ) {
    this.log = log;
    const legs = legLayout(gate.config.instruments);
    this.rows = legs.rows;
    this.configured = Array.from(legs.configIndex, (c) => gate.config.instruments[c]!.symbol);
  }

  /** The block the engine's strategy clients record decision latencies into (when it has one). */
  latencyBlock(): SharedArrayBuffer | undefined {
    return this.latency;
  }

  /** Appends decisions from the journal thread, oldest first. */
  append(decisions: readonly DecisionInput[]): void {
    for (const d of decisions) this.log.append(d);
  }

  snapshot(): StateSnapshot {
    const s = this.gate.state();
    if (s === undefined) {
      if (this.last !== undefined) return this.last;
      throw new ControlError(ControlErrorCode.SOURCE, 'the risk thread\'s state block could not be read consistently');
    }
    const instruments = s.instruments.map((i, k): InstrumentSnapshot => {
      const cfg = this.rows[k]!;
      const { state, why } = tradingState(s.globalKill, i.killMode, i.flipHalted, i.health);
      return {
        symbol: i.symbol,
        estPosMin: finite(i.estPosMin),
        estPosMax: finite(i.estPosMax),
        snapPos: finite(i.snapPos),
        snapSeq: finite(i.snapSeq),
        unconfirmedCount: i.unconfirmedCount,
        unconfirmedQty: i.unconfirmedQty,
        openBuy: i.openBuy,
        openSell: i.openSell,
        activeOrders: i.activeOrders,
        maxLong: cfg.maxLong,
        maxShort: cfg.maxShort,
        tradingState: state,
        why,
        feed: { up: i.feedUp, awaitingSnapshot: i.awaitingSnapshot, lastMessageAt: finite(i.lastMessageAt) },
      };
    });
    const threaded: Record<ThreadedCounterName, number> = {
      LOST_EVENTS: s.lostEvents, CANCEL_ALLS: s.cancelAlls, CANCEL_ALLS_LOST: s.cancelAllsLost, LANES_DOWN: s.lanesDown,
      JOURNAL_RECORDS: s.journalRecords, JOURNAL_LOST: s.journalLost,
    };
    const counters = { ...otherCounters(s.rawCounters), ...threaded };
    const rings = this.rings?.();
    const byFeed = this.feedReconnects?.();
    const limits = this.gate.config.strategies ?? [];
    const strategies = s.strategies.map((st, k): StrategySnapshot => ({
      name: st.name,
      instruments: st.instruments.map((x, i) => {
        const l = strategyLimits(limits[k]!, this.configured[i]!);
        return { ...x, maxLong: finite(l.maxLong), maxShort: finite(l.maxShort), maxOpenNotional: finite(l.maxOpenNotional) };
      }),
    }));
    this.last = {
      time: s.time,
      ...(this.clock !== undefined ? { clock: this.clock } : {}),
      globalKillMode: killModeName(s.globalKill),
      instruments,
      ...(strategies.length > 0 ? { strategies } : {}),
      counters,
      decisionsByReason: decisionsByReason(s.rawCounters),
      eventsByType: eventsByType(s.rawCounters),
      ...(rings !== undefined ? { rings } : {}),
      ...(byFeed !== undefined ? { feedReconnects: Object.values(byFeed).reduce((n, v) => n + v, 0), feedReconnectsByFeed: byFeed } : {}),
      ...(s.journal !== undefined ? { journal: s.journal } : {}),
      ...(this.firm !== undefined ? { firm: this.firm } : {}),
    };
    return this.last;
  }

  decisionsSince(afterSeq: number, max: number): DecisionBatch {
    return this.log.since(afterSeq, max);
  }
}
