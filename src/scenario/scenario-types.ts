/**
 * The scenario step format: the public, documented shape of every event and request that
 * reaches the engine from outside. Scenario files, venue decoders (`riskgate decode`) and the
 * journal all speak it. Quantities are integer lots, prices quote units, `at` engine ms. Its
 * market side (snapshots, fills, order updates, feed status, heartbeats, marks) is declared in
 * events/market-events.ts and re-exported here.
 */

import type { MarketEvent, Side } from '../events/market-events.js';

export type {
  FeedEvent, FillEvent, HeartbeatEvent, MarkEvent, MarketEvent, OrderStatus, OrderUpdateEvent, Side, SnapshotEvent, VenueEvent,
} from '../events/market-events.js';
export type TimeInForce = 'GTC' | 'IOC';
export type KillMode = 'halt' | 'reduce' | 'resume';

/**
 * `reduceOnly`: the order goes out with the venue's own reduce-only flag (the venue caps it at the
 * true position). Such an order cannot add exposure: it passes in every state but a halt.
 * `strategy`: the name of the strategy that sends it (the config's `strategies`; absent: none).
 */
export interface OrderRequest {
  readonly type: 'order'; readonly orderId: string; readonly symbol: string; readonly side: Side;
  readonly qty: number; readonly price: number; readonly tif: TimeInForce; readonly reduceOnly?: boolean;
  readonly strategy?: string;
}

/**
 * The strategy index an order's `strategy` name has in `names` (the config's `strategies`): -1
 * when it has none; a name the list lacks (`?<index>` as a journal writes an index it could
 * not name) is an index past the list, which the engine denies `INVALID_ORDER`, as it denied it.
 */
export function strategyIndex(names: readonly string[], strategy: string | undefined): number {
  if (strategy === undefined) return -1;
  const k = names.indexOf(strategy);
  if (k >= 0) return k;
  const m = /^\?(-?\d+)$/.exec(strategy);
  return m !== null ? Number(m[1]) : names.length;
}
export interface CancelRequest { readonly type: 'cancel'; readonly orderId: string }
export interface KillRequest { readonly type: 'kill'; readonly mode: KillMode; readonly symbol?: string }

export type RequestStep = OrderRequest | CancelRequest | KillRequest;
export type StepBody = MarketEvent | RequestStep;
export type Step = StepBody & { readonly at: number };
