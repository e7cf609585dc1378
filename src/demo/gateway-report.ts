/**
 * What the embedding thread tells account A's feed worker, on a `BroadcastChannel` named in the
 * feed source's options: order-entry outcomes as order updates (an order rejected with "come back
 * later" never reaches the book, so the venue's private stream never mentions it; an IOC's ack is
 * already final), and position snapshots from the reconciler's REST hook. The feed worker
 * encodes them into its ring like any decoded event, so the risk thread stays the single writer
 * of risk state and hears about every order from the one lane that carries its account.
 *
 * Plain structured-cloneable data; off the hot path (one message per order-entry reply).
 */
import type { OrderUpdateEvent, SnapshotEvent } from '../scenario/scenario-types.js';

export type GatewayReport = OrderUpdateEvent | SnapshotEvent;
