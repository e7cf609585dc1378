import type { JournalStatus } from './journal-status.js';
import { Counter } from '../risk/codes.js';
import { DenyReason } from '../risk/deny-reason.js';
import {
  G_CANCEL_ALLS, G_CANCEL_ALLS_LOST, G_EVENTS, G_GLOBAL_KILL, G_JOURNAL_LOST, G_JOURNAL_RECORDS, G_LANES_DOWN,
  G_LOST_EVENTS, G_REQUESTS, G_TIME,
  I_ACTIVE_ORDERS, I_AWAITING_SNAPSHOT, I_EST_POS_MAX, I_EST_POS_MIN, I_FEED_UP, I_FLIP_HALTED, I_HAS_SNAP, I_HEALTH,
  I_KILL_MODE, I_LAST_MESSAGE_AT, I_OPEN_BUY, I_OPEN_SELL, I_SNAP_POS, I_SNAP_SEQ, I_UNCONFIRMED_COUNT, I_UNCONFIRMED_QTY, STATE_COUNTERS, STATE_GLOBALS, STATE_GLOBALS_OFFSET,
  STATE_INSTRUMENT_STRIDE, STATE_SEQ_OFFSET, STATE_STRATEGY_STRIDE, S_OPEN_BUY, S_OPEN_NOTIONAL, S_OPEN_SELL, S_POSITION, statePayloadLength,
} from './state-block-layout.js';

/** One instrument in an `EngineState`. */
export interface InstrumentState {
  readonly symbol: string;
  /** The position interval `[estPosMin, estPosMax]` (-Infinity, Infinity before the first snapshot). */
  readonly estPosMin: number;
  readonly estPosMax: number;
  readonly openBuy: number;
  readonly openSell: number;
  readonly feedUp: boolean;
  readonly awaitingSnapshot: boolean;
  readonly killMode: number;
  readonly flipHalted: boolean;
  readonly activeOrders: number;
  /** 0 healthy, else the deny code risk-increasing orders get (e.g. FEED_STALE). */
  readonly health: number;
  /** Position in the last accepted snapshot; undefined before the first. */
  readonly snapPos: number | undefined;
  /** That snapshot's watermark; undefined before the first snapshot and on unsequenced instruments. */
  readonly snapSeq: number | undefined;
  /** Fills not yet confirmed by a snapshot: count and absolute lots. */
  readonly unconfirmedCount: number;
  readonly unconfirmedQty: number;
  /** Engine ms of the last message seen for the instrument. */
  readonly lastMessageAt: number;
}

/** A consistent copy of the risk thread's last published state. */
export interface EngineState {
  /** Publishes seen so far (the seqlock's sequence / 2). */
  readonly version: number;
  readonly time: number;
  readonly events: number;
  readonly requests: number;
  readonly lostEvents: number;
  readonly cancelAlls: number;
  readonly cancelAllsLost: number;
  readonly globalKill: number;
  readonly lanesDown: number;
  /** Records handed to the journal ring, and records lost to a full journal ring (0 without a journal). */
  readonly journalRecords: number;
  readonly journalLost: number;
  /** With a journal file (`RiskGate.state()`): whether it is writing, and what it lost (not in the state block). */
  readonly journal?: JournalStatus;
  /** The raw `RiskEngine.counters` copy (index = `Counter`), for adapters that name them. */
  readonly rawCounters: Float64Array;
  /** `RiskEngine.counters` by name (Counter keys; decisions are in `decisions`). */
  readonly counters: Readonly<Record<string, number>>;
  /** Decisions by deny code (index = code; 0 = approved). */
  readonly decisions: readonly number[];
  readonly instruments: readonly InstrumentState[];
  /** Per strategy of the config (index order), its book on each instrument. */
  readonly strategies: readonly StrategyState[];
}

/** A strategy's book on one instrument: its position (executed lots of its orders), open lots and open notional. */
export interface StrategyInstrumentState {
  readonly symbol: string;
  readonly position: number;
  readonly openBuy: number;
  readonly openSell: number;
  readonly openNotional: number;
}

export interface StrategyState {
  readonly name: string;
  readonly instruments: readonly StrategyInstrumentState[];
}

/**
 * Reads the state block from any thread (seqlock reader; see state-block-layout.ts). Off the
 * hot path: `read()` allocates its result. Never blocks the risk thread.
 */
export class StateBlockReader {
  private readonly i32: Int32Array;
  private readonly payload: Float64Array;
  private readonly copy: Float64Array;

  /** `strategies`: the config's strategy names (index order), as the block was sized for them. */
  constructor(buffer: SharedArrayBuffer, private readonly symbols: readonly string[], private readonly strategies: readonly string[] = []) {
    this.i32 = new Int32Array(buffer, STATE_SEQ_OFFSET, 1);
    this.payload = new Float64Array(buffer, STATE_GLOBALS_OFFSET, statePayloadLength(symbols.length, strategies.length));
    this.copy = new Float64Array(this.payload.length);
  }

  /** A consistent copy, or undefined when `maxTries` reads all raced a publish. */
  read(maxTries = 1000): EngineState | undefined {
    for (let t = 0; t < maxTries; t++) {
      const before = Atomics.load(this.i32, 0); // acquire seq
      if ((before & 1) !== 0) continue;
      this.copy.set(this.payload);
      if (Atomics.load(this.i32, 0) === before) return this.decode(before >>> 1); // seq unchanged: consistent
    }
    return undefined;
  }

  private decode(version: number): EngineState {
    const p = this.copy;
    // Before the risk thread's first publish the block is all zeros, which would read as a flat,
    // confirmed, healthy book. Report what a fresh engine knows instead: nothing (the interval
    // unbounded, no feed, FEED_STALE), so a caller that waits for health waits for the engine.
    if (version === 0) return this.decodeUnpublished(p);
    const counters: Record<string, number> = {};
    for (const [name, idx] of Object.entries(Counter)) if (idx < Counter.DECISIONS) counters[name] = p[STATE_GLOBALS + idx]!;
    const decisions = Array.from(p.subarray(STATE_GLOBALS + Counter.DECISIONS, STATE_GLOBALS + STATE_COUNTERS));
    const instruments = this.symbols.map((symbol, i): InstrumentState => {
      const b = STATE_GLOBALS + STATE_COUNTERS + i * STATE_INSTRUMENT_STRIDE;
      return {
        symbol,
        estPosMin: p[b + I_EST_POS_MIN]!,
        estPosMax: p[b + I_EST_POS_MAX]!,
        openBuy: p[b + I_OPEN_BUY]!,
        openSell: p[b + I_OPEN_SELL]!,
        feedUp: p[b + I_FEED_UP] === 1,
        awaitingSnapshot: p[b + I_AWAITING_SNAPSHOT] === 1,
        killMode: p[b + I_KILL_MODE]!,
        flipHalted: p[b + I_FLIP_HALTED] === 1,
        activeOrders: p[b + I_ACTIVE_ORDERS]!,
        health: p[b + I_HEALTH]!,
        snapPos: p[b + I_HAS_SNAP] === 1 ? p[b + I_SNAP_POS]! : undefined,
        snapSeq: p[b + I_HAS_SNAP] === 1 && !Number.isNaN(p[b + I_SNAP_SEQ]!) ? p[b + I_SNAP_SEQ]! : undefined,
        unconfirmedCount: p[b + I_UNCONFIRMED_COUNT]!,
        unconfirmedQty: p[b + I_UNCONFIRMED_QTY]!,
        lastMessageAt: p[b + I_LAST_MESSAGE_AT]!,
      };
    });
    return this.globals(version, p, counters, decisions, instruments);
  }

  private decodeUnpublished(p: Float64Array): EngineState {
    const instruments = this.symbols.map((symbol): InstrumentState => ({
      symbol, estPosMin: -Infinity, estPosMax: Infinity, openBuy: 0, openSell: 0, feedUp: false, awaitingSnapshot: true,
      killMode: 0, flipHalted: false, activeOrders: 0, health: DenyReason.FEED_STALE, snapPos: undefined, snapSeq: undefined,
      unconfirmedCount: 0, unconfirmedQty: 0, lastMessageAt: 0,
    }));
    const counters: Record<string, number> = {};
    for (const [name, idx] of Object.entries(Counter)) if (idx < Counter.DECISIONS) counters[name] = 0;
    return this.globals(0, p, counters, new Array<number>(STATE_COUNTERS - Counter.DECISIONS).fill(0), instruments);
  }

  private globals(version: number, p: Float64Array, counters: Record<string, number>, decisions: number[], instruments: InstrumentState[]): EngineState {
    const n = this.symbols.length;
    const at = STATE_GLOBALS + STATE_COUNTERS + n * STATE_INSTRUMENT_STRIDE;
    const strategies = this.strategies.map((name, k): StrategyState => ({
      name,
      instruments: this.symbols.map((symbol, i): StrategyInstrumentState => {
        const b = at + (k * n + i) * STATE_STRATEGY_STRIDE;
        return { symbol, position: p[b + S_POSITION]!, openBuy: p[b + S_OPEN_BUY]!, openSell: p[b + S_OPEN_SELL]!, openNotional: p[b + S_OPEN_NOTIONAL]! };
      }),
    }));
    return {
      strategies,
      version,
      time: p[G_TIME]!,
      events: p[G_EVENTS]!,
      requests: p[G_REQUESTS]!,
      lostEvents: p[G_LOST_EVENTS]!,
      cancelAlls: p[G_CANCEL_ALLS]!,
      cancelAllsLost: p[G_CANCEL_ALLS_LOST]!,
      globalKill: p[G_GLOBAL_KILL]!,
      lanesDown: p[G_LANES_DOWN]!,
      journalRecords: p[G_JOURNAL_RECORDS]!,
      journalLost: p[G_JOURNAL_LOST]!,
      rawCounters: p.slice(STATE_GLOBALS, STATE_GLOBALS + STATE_COUNTERS),
      counters,
      decisions,
      instruments,
    };
  }
}
