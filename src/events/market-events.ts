/**
 * What the market says, in the step format: the venue events a decoder emits and the feed's own
 * connectivity and reference prices. Quantities are integer lots, prices quote units. The venue
 * side (`feeds/`, `venues/`) and the scenario and journal formats (`scenario/`) all speak it;
 * it sits apart from both so that neither imports the other for its vocabulary.
 */

export type Side = 'buy' | 'sell';
export type OrderStatus = 'new' | 'partiallyFilled' | 'filled' | 'canceled' | 'rejected';

/**
 * A position snapshot from the exchange. `seq` is its watermark (sequenced instruments only).
 * `venueTime` (unsequenced instruments only): when the venue last changed the reported position,
 * in its own clock (ms since the epoch: Binance `T` / `updateTime`, BitMEX `timestamp`); a
 * snapshot older than the last accepted one is stale (walk-back-reconciler.ts).
 */
export interface SnapshotEvent {
  readonly type: 'snapshot'; readonly symbol: string; readonly position: number; readonly seq?: number; readonly venueTime?: number;
  /**
   * True when the feed knows the snapshot shows the venue's state at a moment after the feed last
   * came up: a REST answer to a request sent at least the venue's `maxStalenessMs` after the
   * reconnect the reconciler saw (reconciler.ts). On an unsequenced instrument such a snapshot
   * ends a known loss even at the venue time of the last accepted one (a quiet account's
   * position keeps its venue time across an outage). Absent: not known.
   */
  readonly current?: boolean;
  /**
   * The engine-clock moment (ms) the snapshot shows the venue's state at, or later: a REST answer
   * to a request sent at `t` on the engine's clock, from a venue whose answers lag by at most
   * `maxStalenessMs`, is as of `t - maxStalenessMs` (reconciler.ts). On an unsequenced instrument
   * it places a snapshot that carries no venue time against the base (position-ledger.ts).
   * Absent: not known.
   */
  readonly asOf?: number;
}
/**
 * One execution. `orderId` absent (or unknown) for trades the engine did not send (liquidation,
 * ADL, manual). `seq`: its sequence (sequenced instruments). `venueTime` (unsequenced
 * instruments only): when the venue executed it, on the clock of the snapshots' `venueTime`
 * (Binance `T`, BitMEX `timestamp`); it rides in the place of the sequence the venue does not
 * have (a FILL slot's v4), so a journal records it as the fill's `seq`.
 */
export interface FillEvent {
  readonly type: 'fill'; readonly symbol: string; readonly orderId?: string; readonly execId: string;
  readonly side: Side; readonly qty: number; readonly price: number; readonly seq?: number; readonly venueTime?: number;
}
/**
 * An order-status update; `cumQty` may run ahead of the fills that make it up. `side` and
 * `reduceOnly`: the order as the venue reports it (absent: not given). With a side, an update of
 * an order the engine did not send makes it count: its leaves are open exposure on that side
 * until it ends.
 */
export interface OrderUpdateEvent {
  readonly type: 'orderUpdate'; readonly symbol: string; readonly orderId: string;
  readonly status: OrderStatus; readonly cumQty: number; readonly leavesQty: number;
  readonly side?: Side; readonly reduceOnly?: boolean;
}
/** Feed connectivity; `symbol` absent: every instrument. */
export interface FeedEvent { readonly type: 'feed'; readonly status: 'up' | 'down'; readonly symbol?: string }
export interface HeartbeatEvent { readonly type: 'heartbeat'; readonly symbol?: string }
/** Reference price for the price band. */
export interface MarkEvent { readonly type: 'mark'; readonly symbol: string; readonly price: number }

/** What a venue decoder may emit. */
export type VenueEvent = SnapshotEvent | FillEvent | OrderUpdateEvent | HeartbeatEvent;
export type MarketEvent = VenueEvent | FeedEvent | MarkEvent;
