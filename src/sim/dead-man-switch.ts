/**
 * The venues' dead-man switches on simulated time: a countdown per (account, scope) that cancels
 * the account's live orders when it runs out, re-armed by every refresh, disarmed by a timeout of
 * 0. Binance `countdownCancelAll` counts per symbol
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Auto-Cancel-All-Open-Orders:
 * "If this endpoint is not called within 120 seconds, all your orders of the specified symbol will
 * be automatically canceled"); BitMEX `cancelAllAfter` counts per account
 * (https://www.bitmex.com/api/explorer/#!/Order/Order_cancelAllAfter). Each cancel goes through
 * the exchange's own cancel, so the private stream reports it as any cancel.
 */
import type { ServerContext } from './server-context.js';

export class DeadManSwitches {
  readonly #generation = new Map<string, number>();

  constructor(private readonly ctx: ServerContext) {}

  /** Arms (or re-arms) the countdown of `account` over `symbol` (undefined: every symbol) for `timeoutMs`; 0 disarms. */
  arm(account: string, symbol: string | undefined, timeoutMs: number): void {
    const key = `${account}\n${symbol ?? '*'}`;
    const generation = (this.#generation.get(key) ?? 0) + 1;
    this.#generation.set(key, generation);
    if (timeoutMs <= 0) return;
    const ex = this.ctx.exchange;
    ex.queue.after(timeoutMs, () => {
      if (this.#generation.get(key) !== generation) return;
      for (const o of ex.liveOrders(account)) {
        if (symbol === undefined || o.symbol === symbol) ex.cancel(account, { op: 'cancel', clientId: o.clientId }, () => {});
      }
    });
  }
}
