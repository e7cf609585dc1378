/**
 * Venue-neutral reports the exchange hands to an account's private stream. A venue framer turns
 * each into zero or more frames in that venue's format; the stream decides when (and whether) each
 * frame is delivered. All values are copies taken at the moment of the report.
 */
import type { OrderStatus, Side, TimeInForce } from '../scenario/scenario-types.js';

/** An order's state at one moment. */
export interface OrderState {
  readonly venueId: string;
  readonly numericId: number;
  readonly clientId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly tif: TimeInForce;
  readonly priceTicks: number;
  readonly qty: number;
  readonly cum: number;
  /** Sum of fill price × lots (ticks × lots). */
  readonly cumTicksLots: number;
  readonly status: OrderStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ExecReport {
  readonly execId: string;
  /** Contiguous per (account, symbol) from 1, with the `seqGap` fault's jumps. */
  readonly seq: number;
  readonly tradeId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly priceTicks: number;
  readonly isMaker: boolean;
  readonly at: number;
  /** The order right after this execution. */
  readonly order: OrderState;
}

export interface PositionReport {
  readonly symbol: string;
  /** Lots, signed. */
  readonly position: number;
  /** Sequence of the last execution included; -1 when the account never traded the symbol. */
  readonly seq: number;
  /** Average entry price in ticks (0 when flat). */
  readonly entryTicks: number;
  readonly at: number;
}

/**
 * One unit the framer renders:
 * - `execution`: executions of one order in one matching event (Bybit: one frame; Binance: one
 *   TRADE ORDER_TRADE_UPDATE per execution, carrying the order's state after it);
 * - `order`: an order's state change (`NEW` accepted, `FILLS` state after executions, `CANCELED`
 *   by the user, `EXPIRED` IOC remainder);
 * - `position`: the account's position in one symbol.
 */
export type Part =
  | { readonly kind: 'execution'; readonly execs: readonly ExecReport[] }
  | { readonly kind: 'order'; readonly event: 'NEW' | 'FILLS' | 'CANCELED' | 'EXPIRED'; readonly state: OrderState; readonly traded: boolean }
  | { readonly kind: 'position'; readonly report: PositionReport };

/** The delivery class of a frame: what subscriptions and faults it is subject to. */
export type FrameClass = 'execution' | 'order' | 'position';

export interface Frame {
  readonly cls: FrameClass;
  /** Executions this frame carries (delivery bookkeeping in the truth). */
  readonly execIds: readonly string[];
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * The same frame without its position, for a connection whose position subscription died
   * (`positionDeath`): set on a venue notification that bundles executions with the position.
   */
  readonly withoutPosition?: Frame;
}
