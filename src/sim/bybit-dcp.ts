/**
 * Bybit's disconnection protection (DCP) on simulated time, as the venue documents it
 * (https://bybit-exchange.github.io/docs/v5/order/dcp,
 * https://bybit-exchange.github.io/docs/v5/websocket/private/dcp): an account's private
 * connections that subscribe a `dcp` topic (`dcp.future`, `dcp.spot`, `dcp.option`) are
 * watched; when every one of them is dead ("for those private connections subscribing dcp topic
 * are all dead, then DCP will be triggered") and none comes back within the account's time window
 * (`POST /v5/order/disconnected-cancel-all {timeWindow}`, 3..300 s, 10 s by default), all the
 * account's live orders are cancelled through the exchange's own cancel (the stream reports each
 * as any cancel). A connection that unsubscribes before it closes is no longer watched: closing it
 * triggers nothing. The simulator watches every product alike.
 */
import type { ServerContext } from './server-context.js';
import type { SimExchange } from './sim-exchange.js';

/** Bybit's default window (ms). */
export const BYBIT_DCP_DEFAULT_MS = 10_000;

export class BybitDcp {
  readonly #exchange: SimExchange;
  readonly #windowMs = new Map<string, number>();
  readonly #watched = new Map<string, Set<number>>();
  readonly #generation = new Map<string, number>();

  constructor(exchange: SimExchange) {
    this.#exchange = exchange;
  }

  /** The account's window (ms). */
  windowOf(account: string): number {
    return this.#windowMs.get(account) ?? BYBIT_DCP_DEFAULT_MS;
  }

  setWindow(account: string, ms: number): void {
    this.#windowMs.set(account, ms);
  }

  /** Connection `id` of `account` subscribed a dcp topic: watched, and a pending trigger is called off. */
  subscribed(account: string, id: number): void {
    this.#set(account).add(id);
    this.#generation.set(account, (this.#generation.get(account) ?? 0) + 1);
  }

  /** It unsubscribed: no longer watched (its close triggers nothing). */
  unsubscribed(account: string, id: number): void {
    this.#set(account).delete(id);
  }

  /** It closed: when it was watched and was the last one alive, the window starts. */
  closed(account: string, id: number): void {
    const set = this.#set(account);
    if (!set.delete(id) || set.size > 0) return;
    const generation = (this.#generation.get(account) ?? 0) + 1;
    this.#generation.set(account, generation);
    const ex = this.#exchange;
    ex.queue.after(this.windowOf(account), () => {
      if (this.#generation.get(account) !== generation || this.#set(account).size > 0) return;
      for (const o of ex.liveOrders(account)) ex.cancel(account, { op: 'cancel', clientId: o.clientId }, () => {});
    });
  }

  #set(account: string): Set<number> {
    let s = this.#watched.get(account);
    if (s === undefined) this.#watched.set(account, (s = new Set()));
    return s;
  }
}

const byExchange = new WeakMap<SimExchange, BybitDcp>();

/** The DCP state of the server's exchange (shared by the private sessions and the REST route). */
export function bybitDcp(ctx: ServerContext): BybitDcp {
  let d = byExchange.get(ctx.exchange);
  if (d === undefined) byExchange.set(ctx.exchange, (d = new BybitDcp(ctx.exchange)));
  return d;
}

/** True for a dcp topic name (`dcp`, `dcp.future`, ...). */
export function isDcpTopic(name: string): boolean {
  return name === 'dcp' || name.startsWith('dcp.');
}
