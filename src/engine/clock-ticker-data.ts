/** `workerData` of the clock ticker thread (clock-ticker-main.ts). */
export interface ClockTickerData {
  /** The clock block (clock-block-layout.ts); the ticker is its only writer of `now`. */
  readonly block: SharedArrayBuffer;
  /** Tick period (µs). */
  readonly tickUs: number;
}

/** Messages the ticker posts to the embedding. */
export type ClockTickerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'stopped'; readonly ticks: number; readonly expired: boolean };

/** What the risk thread gets in its `workerData` for the 'system' clock (null: 'slots' clock). */
export interface ClockThreadData {
  readonly clockBlock: SharedArrayBuffer | null;
}
