import type { PlacementReport } from './risk-thread-data.js';

/** `workerData` of the clock ticker thread (clock-ticker-main.ts). */
export interface ClockTickerData {
  /** The clock block (clock-block-layout.ts); the ticker is its only writer of `now`. */
  readonly block: SharedArrayBuffer;
  /** Tick period (µs). */
  readonly tickUs: number;
  /** CPU the ticker pins itself to before its first tick (CpuMap.clock), or undefined: unpinned. */
  readonly cpu: number | undefined;
}

/** Messages the ticker posts to the embedding. */
export type ClockTickerMessage =
  | { readonly type: 'ready'; readonly placement: PlacementReport }
  | { readonly type: 'stopped'; readonly ticks: number; readonly expired: boolean };

/** What the risk thread gets in its `workerData` for the 'system' clock (null: 'slots' clock). */
export interface ClockThreadData {
  readonly clockBlock: SharedArrayBuffer | null;
}
