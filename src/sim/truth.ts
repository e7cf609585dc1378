/**
 * The simulator's own account of what happened: what the demo's end-to-end test asserts breaches
 * from (never riskgate's view). Plain JSON-serialisable data, a copy taken at query time.
 */
import type { OrderStatus, Side, TimeInForce } from '../scenario/scenario-types.js';

/** One execution of an account, including the ones the private stream lost. */
export interface ExecutionTruth {
  /** Simulated time of the match (ms since start). */
  readonly at: number;
  readonly execId: string;
  readonly symbol: string;
  readonly side: Side;
  /** Lots. */
  readonly qty: number;
  /** Venue price string. */
  readonly price: string;
  readonly clientId: string;
  readonly venueOrderId: string;
  /** Per-symbol trade id (Binance `t`). */
  readonly tradeId: number;
  /** Bybit-style sequence number given to this execution. */
  readonly seq: number;
  readonly isMaker: boolean;
  /** The fault layer decided never to send it. */
  readonly lost: boolean;
  /** The fault layer decided to send it twice. */
  readonly duplicated: boolean;
  /** Times a frame carrying it was written to a socket (0: lost, or no stream was connected). */
  readonly delivered: number;
}

/** The account's true position in one symbol from `at` on (lots, signed). */
export interface PositionPoint {
  readonly at: number;
  readonly symbol: string;
  readonly position: number;
}

export interface LiveOrderTruth {
  readonly clientId: string;
  readonly venueOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly tif: TimeInForce;
  readonly price: string;
  readonly qty: number;
  readonly cumQty: number;
  readonly status: OrderStatus;
}

/** A fault the simulator injected into this account's streams or order entry. */
export interface FaultRecord {
  readonly at: number;
  readonly kind: string;
  readonly detail: string;
  /**
   * Simulated ms at which the fault stops acting on the wire: the delayed frame or answer is
   * written, the lost or skipped frame's moment has passed, the stream is connected again (a
   * `disconnect`), a connection with a live position subscription is open again
   * (`positionDeath`). `null` while it still acts (a stream not reconnected yet).
   */
  readonly until: number | null;
}

export interface SymbolTruth {
  readonly symbol: string;
  /** Lots, signed. */
  readonly position: number;
  /** Largest |position| ever held. */
  readonly worstAbsPosition: number;
  /** Quote currency received minus paid, plus position × mid: mark-to-mid PnL (reporting only, floating point). */
  readonly pnl: number;
  readonly mid: string;
}

export interface AccountTruth {
  readonly account: string;
  readonly now: number;
  readonly symbols: readonly SymbolTruth[];
  /** Every change of position, in time order (first point per symbol is 0 at time 0). */
  readonly history: readonly PositionPoint[];
  readonly liveOrders: readonly LiveOrderTruth[];
  readonly executions: readonly ExecutionTruth[];
  readonly faults: readonly FaultRecord[];
  /** Order-entry requests by outcome: accepted, rejected by code. */
  readonly orders: { readonly accepted: number; readonly rejected: Readonly<Record<string, number>> };
}
