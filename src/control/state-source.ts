/**
 * The seam between the control server and the engine: what the server reads. The server never
 * calls into the risk thread; it reads a `StateSource` and writes kill requests to a `KillSink`.
 *
 * Adapters:
 * - `EngineStateSource` (engine-state-source.ts): a single-threaded `RiskEngine` in the same
 *   thread as the caller, plus a `DecisionLog` the embedding feeds (`RecordingGate`).
 * - `PortStateSource` (port-state-source.ts): inside the server thread, the copy a
 *   `StatePublisher` posts from the engine's thread.
 * - The threaded engine: the risk thread publishes a shared-memory state block (a seqlock, one
 *   writer) and a decision ring; a source module loaded by the server thread
 *   (`startControlServerThread({ sourceModule })`) reads them with `Atomics` and never waits for
 *   the risk thread (a read that races a publish retries; after a bounded number of retries it
 *   returns the previous copy).
 *
 * Everything here is off the hot path and allocates freely. JSON-safe: ±Infinity and NaN are
 * `null`.
 */

import type { JournalStatus } from '../engine/journal-status.js';
import type { RingStatus } from '../engine/ring-occupancy.js';
import type { ThreadRuntimeSample } from './thread-runtime-sampler.js';

/** The engine's own reports, shown as they are. */
export type { JournalStatus, RingStatus };

/** ACTIVE: everything allowed; REDUCING: only risk-reducing orders; HALTED: no new orders. */
export type TradingStateName = 'ACTIVE' | 'REDUCING' | 'HALTED';
export type KillModeName = 'halt' | 'reduce' | 'resume';

/** Why an instrument is in its trading state (all clear: ACTIVE). */
export interface TradingWhy {
  /** The instrument's own kill mode (`resume` when none). */
  readonly killMode: KillModeName;
  readonly globalKillMode: KillModeName;
  /** Halted by the flip-flop guard until resumed. */
  readonly flipFlopHalted: boolean;
  /** The deny code name risk-increasing orders get from the health gate, or null when healthy. */
  readonly health: string | null;
  /**
   * LOSS_LIMIT or DRAWDOWN_LIMIT while the instrument's or its account's loss limit is breached,
   * else null; absent from sources that do not report loss limits (the threaded state block).
   */
  readonly lossLimit?: string | null;
}

export interface FeedState {
  readonly up: boolean;
  /** The feed came back and no snapshot has confirmed the position since. */
  readonly awaitingSnapshot: boolean;
  /** Engine ms of the last message seen for the instrument. */
  readonly lastMessageAt: number | null;
}

export interface InstrumentSnapshot {
  readonly symbol: string;
  /** The position interval `[estPosMin, estPosMax]` in lots; null before the first snapshot. */
  readonly estPosMin: number | null;
  readonly estPosMax: number | null;
  /** Position in the last accepted exchange snapshot; null before the first. */
  readonly snapPos: number | null;
  /** That snapshot's watermark (sequenced instruments only). */
  readonly snapSeq: number | null;
  readonly unconfirmedCount: number;
  readonly unconfirmedQty: number;
  readonly openBuy: number;
  readonly openSell: number;
  readonly activeOrders: number;
  readonly maxLong: number;
  readonly maxShort: number;
  readonly tradingState: TradingStateName;
  readonly why: TradingWhy;
  readonly feed: FeedState;
  /** The account the instrument counts toward, and its PnL (quote, gross of fees); absent where not reported. */
  readonly account?: string;
  readonly pnl?: number;
}

/** One account: its notional at the mark against its limits, and its PnL (quote units; null: off or unbounded). */
export interface AccountState {
  readonly name: string;
  /** Σ |worst-case position| × lotSize × price; null while an instrument's exposure is unbounded (no position or no price yet). */
  readonly grossNotional: number | null;
  /** max(Σ worst long, Σ worst short) signed notional; null when unbounded. */
  readonly netNotional: number | null;
  readonly maxGrossNotional: number | null;
  readonly maxNetNotional: number | null;
  /** Realized + unrealized, average cost, gross of fees. */
  readonly pnl: number;
  /** The PnL's fall from its peak within the drawdown window (0 without a drawdown limit's window: since the last event). */
  readonly drawdown: number;
  /** LOSS_LIMIT or DRAWDOWN_LIMIT while breached, else null. */
  readonly breach: string | null;
  /** The breach halts the account's instruments (`onBreach` halt) rather than letting risk-reducing orders through. */
  readonly halts: boolean;
}

/** Occupancy of one ring between threads (threaded engine only). */


/**
 * One instrument across the firm (firm-wide limits): the sum over hosts of each host's last
 * reported position interval and open orders, and the firm limit when known.
 */
export interface FirmInstrumentExposure {
  /** The account whose firm limit this is (one row per account and symbol); absent where not known. */
  readonly account?: string;
  readonly symbol: string;
  readonly posMin: number;
  readonly posMax: number;
  readonly openBuy: number;
  readonly openSell: number;
  /** Worst case long (`posMax + openBuy`) and short (`openSell - posMin`), firm-wide, >= 0. */
  readonly worstLong: number;
  readonly worstShort: number;
  /** The firm limit per side from the lease bucket; null when no lease record was read. */
  readonly firmLong: number | null;
  readonly firmShort: number | null;
  /** Hosts whose reports are summed. */
  readonly hosts: number;
}

/**
 * The firm's exposure as an embedding that reads the firm-wide exposure stream knows it
 * (`RiskGate.showFirmExposure`): as old as the hosts' last reports (`hosts[].ageMs`), which
 * come every few hundred ms while a host reaches NATS.
 */
export interface FirmExposure {
  /** Wall-clock ms the view was computed at. */
  readonly at: number;
  readonly instruments: readonly FirmInstrumentExposure[];
  /** Each reporting host and the age of its last report (ms). */
  readonly hosts: readonly { readonly host: string; readonly ageMs: number }[];
}

/**
 * How engine ms relate to wall-clock time. `system`: the engine reads the wall clock, and engine
 * time `t` happened at `epochMs + t` (Unix ms). `engine`: engine time is the slots' or a manual
 * clock's (a replay, a scenario, a test) and has no known wall-clock time.
 */
export type EngineClockInfo =
  | { readonly kind: 'system'; readonly epochMs: number }
  | { readonly kind: 'engine' };

/**
 * A strategy's book on one instrument (risk-engine-core.ts, "Strategies"): its position (the
 * executed lots of the orders it sent), its open lots and open notional, and its own limits
 * there (null: none).
 */
export interface StrategyInstrumentSnapshot {
  readonly symbol: string;
  readonly position: number;
  readonly openBuy: number;
  readonly openSell: number;
  readonly openNotional: number;
  readonly maxLong: number | null;
  readonly maxShort: number | null;
  readonly maxOpenNotional: number | null;
}

/** A strategy of the config's `strategies`, on every instrument. */
export interface StrategySnapshot {
  readonly name: string;
  readonly instruments: readonly StrategyInstrumentSnapshot[];
}

export interface StateSnapshot {
  /** Engine ms when the state was read. */
  readonly time: number;
  /** How engine ms map to wall-clock time; absent when the source does not know (shown as engine ms). */
  readonly clock?: EngineClockInfo;
  readonly globalKillMode: KillModeName;
  readonly instruments: readonly InstrumentSnapshot[];
  /** The config's strategies with their books; absent or empty when none is declared. */
  readonly strategies?: readonly StrategySnapshot[];
  /** Engine counters by name (anomalies and the like), excluding events and decisions. */
  readonly counters: Readonly<Record<string, number>>;
  /** Decisions since start by reason name (`APPROVED` included). */
  readonly decisionsByReason: Readonly<Record<string, number>>;
  /** Events applied since start by type (`fill`, `orderUpdate`, ...). */
  readonly eventsByType: Readonly<Record<string, number>>;
  /** Present only when the engine has rings (threaded). */
  readonly rings?: readonly RingStatus[];
  /** Present only when the feed handlers report reconnects: the total over every feed. */
  readonly feedReconnects?: number;
  /**
   * The same reconnects per supervised feed (its name as attached: `attachFeed({ name })`); they
   * add up to `feedReconnects`. Present with it when the source knows the feeds apart.
   */
  readonly feedReconnectsByFeed?: Readonly<Record<string, number>>;
  /** Present only when the engine keeps a journal file. */
  readonly journal?: JournalStatus;
  /** Present only when the embedding shows firm-wide exposure (a firm-wide host). */
  readonly firm?: FirmExposure;
  /** The accounts (one implicit `default` when the config lists none); absent from the threaded state block. */
  readonly accounts?: readonly AccountState[];
}

/** One decision as the stream and the dashboard show it. */
export interface DecisionRecord {
  /** Position in the decision log, from 1, without holes. */
  readonly seq: number;
  /** Engine ms (wall-clock time through the state's `clock`, when it is the system clock). */
  readonly at: number;
  /** The named strategy the request came from, when the request carried one. */
  readonly strategy?: string;
  /** The lane (strategy channel, event lane, gateway) the request arrived on, when the source knows it. */
  readonly lane?: string;
  readonly kind: 'order' | 'cancel' | 'kill';
  readonly orderId?: string;
  readonly symbol?: string;
  readonly side?: 'buy' | 'sell';
  readonly qty?: number;
  readonly price?: number;
  readonly mode?: KillModeName;
  readonly decision: 'approve' | 'deny';
  /** `APPROVED` or the deny reason name. */
  readonly reason: string;
}

/** Decisions after a cursor; `missed` counts those already overwritten in a bounded log. */
export interface DecisionBatch {
  readonly decisions: readonly DecisionRecord[];
  readonly missed: number;
}

export interface StateSource {
  /** A consistent copy of the state now. */
  snapshot(): StateSnapshot;
  /** Up to `max` decisions with `seq > afterSeq`, oldest first. */
  decisionsSince(afterSeq: number, max: number): DecisionBatch;
  /**
   * Hands every decision latency (ns) measured since the previous call to `record`, once each.
   * Absent when the source measures none.
   */
  takeLatencies?(record: (ns: number) => void): void;
  /**
   * The shared decision-latency block (engine/decision-latency-layout.ts) the engine's strategy
   * clients record into, when it has one (the threaded engine): the server reads it in place,
   * and it takes precedence over `takeLatencies`. The same block at every call.
   */
  latencyBlock?(): SharedArrayBuffer | undefined;
  /**
   * Ms since the copy was taken on the engine's thread, for a source that relays one (undefined
   * before the first): `/health` fails the `state` part when it exceeds the deadline.
   */
  ageMs?(nowMs: number): number | undefined;
  /**
   * The runtime of the threads whose state the source relays (the embedding's thread, `main`,
   * sampled there and posted with its state), for `/metrics`' per-thread families. Absent or
   * empty: the server shows only its own thread.
   */
  runtimeSamples?(): readonly ThreadRuntimeSample[];
}
