/**
 * What the order-gateway worker is started with (`workerData`) and the messages it exchanges
 * with the thread that started it. Credentials are not in here: the worker reads them from its
 * environment (the `env` its `Worker` was given), as a feed worker does.
 */
import type { EventLaneChannel } from '../engine/event-lane-channel.js';
import type { StrategyChannel } from '../engine/strategy-channel.js';
import type { VenueFeedConfig } from '../feeds/venue-config.js';
import type { EntryOutcome } from './order-entry.js';
import type { GatewayOrder, GatewayResult } from './order-gateway.js';

export interface GatewayWorkerData {
  readonly strategy: StrategyChannel;
  readonly lane: EventLaneChannel;
  readonly venue: VenueFeedConfig;
  /** The engine's instruments in `gate.symbols` order. */
  readonly symbols: readonly string[];
  /** Keep the venue's dead-man switch armed while the worker lives (`DeadManSwitch`). */
  readonly deadMan?: { readonly windowMs: number; readonly refreshMs: number };
}

export type GatewayCommand =
  | { readonly type: 'place'; readonly id: number; readonly order: GatewayOrder }
  | { readonly type: 'cancel'; readonly id: number; readonly clientId: string; readonly symbol: string }
  | { readonly type: 'stop' };

export type GatewayMessage =
  | { readonly type: 'ready'; readonly deadMan?: EntryOutcome }
  | { readonly type: 'result'; readonly id: number; readonly result: GatewayResult }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stopped'; readonly deadMan?: EntryOutcome };
