/**
 * What a strategy needs to talk to the risk thread, as one structured-cloneable value: post it
 * to the strategy's worker (or use it on the embedding thread) and build a `StrategyClient` on
 * it. One client per channel, on one thread: the client is the request ring's only producer
 * and the decision ring's only consumer.
 */
export interface StrategyChannel {
  readonly name: string;
  /** Lane index of this strategy in the risk thread. */
  readonly lane: number;
  /**
   * The strategy's index in the config's `strategies` (the name matched), which its client
   * writes into every ORDER slot (order-request-codec.ts `orderArg`): the engine checks the
   * strategy's own limits by it. -1 or absent: a strategy the config does not declare, limited
   * by the instruments only.
   */
  readonly strategy?: number;
  readonly requests: SharedArrayBuffer;
  readonly decisions: SharedArrayBuffer;
  /** The engine's control block (for the doorbell). */
  readonly control: SharedArrayBuffer;
  /**
   * The engine's decision-latency block (decision-latency-layout.ts), shared by every channel of
   * the engine, or null: the client does not time its requests (no control server to show them).
   */
  readonly latency: SharedArrayBuffer | null;
}
