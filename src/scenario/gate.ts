import type { MarketEvent, RequestStep } from './scenario-types.js';

/** One decision, as printed by `riskgate scenario` (one JSON line per request step). */
export interface DecisionLine {
  readonly at: number;
  readonly orderId?: string;
  readonly kill?: string;
  readonly symbol?: string;
  readonly decision: 'approve' | 'deny';
  readonly reason?: string;
}

/**
 * What a scenario drives: riskgate's engine or the naive check. Edge-side (allocates freely).
 * `setTime` is called before each step with the step's `at`.
 */
export interface Gate {
  readonly name: string;
  setTime(at: number): void;
  apply(event: MarketEvent): void;
  request(req: RequestStep): { readonly decision: 'approve' | 'deny'; readonly reason?: string };
  /** Symbols (or `*` for all) whose orders should be cancelled now; empties the queue. */
  takeCancelAll(): string[];
}
