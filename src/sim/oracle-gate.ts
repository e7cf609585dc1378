/**
 * The oracle: the gate a strategy would have if it could see the venue's truth. It applies the
 * same limits riskgate applies (position limits on the worst case with every open order filled,
 * max order quantity) to the simulator's truth: the account's true position, the leaves of its
 * true live orders, and the orders approved and written to order entry that have not reached the
 * venue yet (`sent` until the exchange reports their arrival). Availability is measured against
 * it: of the orders the oracle approves, the share the real gate approved too.
 *
 * It is not a gate anyone trades behind: it reserves nothing when it approves (the real gate's
 * approvals are what is sent, and `sent` records those). Single owner: the simulator's thread.
 */
import type { SimExchange } from './sim-exchange.js';

export interface OracleLimits {
  /** Lots. */
  readonly maxLong: number;
  /** Lots. */
  readonly maxShort: number;
  /** Largest single order (lots); absent: no limit. */
  readonly maxOrderQty?: number;
}

export type OracleVerdict = 'APPROVED' | 'POSITION_LIMIT' | 'MAX_ORDER_QTY';

interface InFlight {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
}

export class OracleGate {
  readonly account: string;
  readonly #exchange: SimExchange;
  readonly #limits: ReadonlyMap<string, OracleLimits>;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #unsubscribe: () => void;

  /** `limits` by symbol; a symbol without limits is denied `POSITION_LIMIT` (nothing allowed). */
  constructor(exchange: SimExchange, account: string, limits: ReadonlyMap<string, OracleLimits>) {
    this.#exchange = exchange;
    this.account = account;
    this.#limits = limits;
    exchange.positionOf(account, [...limits.keys()][0] ?? ''); // throws ERR_SIM_UNKNOWN_ACCOUNT early
    this.#unsubscribe = exchange.onArrival((acct, clientId) => {
      if (acct === account) this.#inFlight.delete(clientId);
    });
  }

  /** An order the real gate approved and order entry sent: open exposure until it reaches the venue. */
  sent(clientId: string, symbol: string, side: 'buy' | 'sell', qty: number): void {
    this.#inFlight.set(clientId, { symbol, side, qty });
  }

  /** Orders sent and not yet at the venue. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Would an order pass the limits on the truth right now? Reserves nothing. */
  decide(symbol: string, side: 'buy' | 'sell', qty: number): OracleVerdict {
    const lim = this.#limits.get(symbol);
    if (lim === undefined) return 'POSITION_LIMIT';
    if (lim.maxOrderQty !== undefined && qty > lim.maxOrderQty) return 'MAX_ORDER_QTY';
    const pos = this.#exchange.positionOf(this.account, symbol);
    let open = this.#exchange.openLots(this.account, symbol, side);
    for (const o of this.#inFlight.values()) if (o.symbol === symbol && o.side === side) open += o.qty;
    const ok = side === 'buy' ? pos + open + qty <= lim.maxLong : pos - open - qty >= -lim.maxShort;
    return ok ? 'APPROVED' : 'POSITION_LIMIT';
  }

  stop(): void {
    this.#unsubscribe();
  }
}
