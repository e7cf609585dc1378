/**
 * The scenario step format: the public, documented shape of every event and request that
 * reaches the engine from outside. Scenario files, venue decoders (`riskgate decode`) and the
 * journal all speak it. Quantities are integer lots, prices quote units, `at` engine ms.
 */

export type Side = 'buy' | 'sell';
export type OrderStatus = 'new' | 'partiallyFilled' | 'filled' | 'canceled' | 'rejected';
export type TimeInForce = 'GTC' | 'IOC';
export type KillMode = 'halt' | 'reduce' | 'resume';

/**
 * A position snapshot from the exchange. `seq` is its watermark (sequenced instruments only).
 * `venueTime` (unsequenced instruments only): when the venue last changed the reported position,
 * in its own clock (ms since the epoch: Binance `T` / `updateTime`, BitMEX `timestamp`); a
 * snapshot older than the last accepted one is stale (position-ledger.ts).
 */
export interface SnapshotEvent {
  readonly type: 'snapshot'; readonly symbol: string; readonly position: number; readonly seq?: number; readonly venueTime?: number;
}
/**
 * One execution. `orderId` absent (or unknown) for trades the engine did not send (liquidation,
 * ADL, manual). `seq`: its sequence (sequenced instruments). `venueTime` (unsequenced
 * instruments only): when the venue executed it, on the clock of the snapshots' `venueTime`
 * (Binance `T`, BitMEX `timestamp`); it rides in the place of the sequence the venue does not
 * have (`Arg.SEQ`), so a journal records it as the fill's `seq`.
 */
export interface FillEvent {
  readonly type: 'fill'; readonly symbol: string; readonly orderId?: string; readonly execId: string;
  readonly side: Side; readonly qty: number; readonly price: number; readonly seq?: number; readonly venueTime?: number;
}
/** An order-status update; `cumQty` may run ahead of the fills that make it up. */
export interface OrderUpdateEvent {
  readonly type: 'orderUpdate'; readonly symbol: string; readonly orderId: string;
  readonly status: OrderStatus; readonly cumQty: number; readonly leavesQty: number;
}
/** Feed connectivity; `symbol` absent: every instrument. */
export interface FeedEvent { readonly type: 'feed'; readonly status: 'up' | 'down'; readonly symbol?: string }
export interface HeartbeatEvent { readonly type: 'heartbeat'; readonly symbol?: string }
/** Reference price for the price band. */
export interface MarkEvent { readonly type: 'mark'; readonly symbol: string; readonly price: number }

/**
 * `reduceOnly`: the order goes out with the venue's own reduce-only flag (the venue caps it at the
 * true position). Such an order cannot add exposure: it passes in every state but a halt.
 */
export interface OrderRequest {
  readonly type: 'order'; readonly orderId: string; readonly symbol: string; readonly side: Side;
  readonly qty: number; readonly price: number; readonly tif: TimeInForce; readonly reduceOnly?: boolean;
}
export interface CancelRequest { readonly type: 'cancel'; readonly orderId: string }
export interface KillRequest { readonly type: 'kill'; readonly mode: KillMode; readonly symbol?: string }

/** What a venue decoder may emit. */
export type VenueEvent = SnapshotEvent | FillEvent | OrderUpdateEvent | HeartbeatEvent;
export type MarketEvent = VenueEvent | FeedEvent | MarkEvent;
export type RequestStep = OrderRequest | CancelRequest | KillRequest;
export type StepBody = MarketEvent | RequestStep;
export type Step = StepBody & { readonly at: number };
