/**
 * The request sequence of every strategy-path benchmark (the engine's, strategy-worker.ts, and
 * the request-reply baselines, request-reply-strategy.ts): request j is
 *
 *   j even: order with key j, instrument 0, 1 lot at `STRATEGY_PRICE`, buy when j % 4 == 0,
 *           sell when j % 4 == 2;
 *   j odd:  cancel of order j - 1 (a live order: a cancel never adds risk).
 *
 * With the bench config (bench-risk-config.ts) and a healthy instrument (one snapshot and a
 * mark) every request is approved: `EXPECTED_CODE`. Pure integer arithmetic: nothing allocates.
 */
import { DenyReason } from '../../src/risk/deny-reason.js';
import { Side, type SideValue } from '../../src/risk/codes.js';

/** Price of every order (the mark of the warm state, so a price band would pass too). */
export const STRATEGY_PRICE = 30_000.5;
/** The decision every request of the sequence must get. */
export const EXPECTED_CODE: number = DenyReason.APPROVED;

export const isCancel = (j: number): boolean => (j & 1) === 1;
/** Order key of request j (the cancel carries the key of the order before it). */
export const orderKeyOf = (j: number): number => j & ~1;
/** Side of order j: +1 buy, -1 sell, alternating order by order. */
export const sideOf = (j: number): SideValue => ((j & 2) === 0 ? Side.BUY : Side.SELL);
/** For error messages. */
export const describeRequest = (j: number): string => `request ${j} (${isCancel(j) ? 'cancel' : 'order'} of key ${orderKeyOf(j)})`;
