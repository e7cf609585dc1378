/**
 * The order gateway: a strategy hands it an order it wants sent; the gateway asks the risk
 * thread (as a strategy of its own: it owns one strategy channel, the request ring's producer
 * and the decision ring's consumer), and only an APPROVED decision goes out, at once, through the
 * venue's order entry, with the client id the engine keyed it by (`orderKeyOf(clientId)`: the key
 * the account's feed derives from the same id on the private stream) and the venue's reduce-only
 * flag for reduce-only requests. The strategy never holds a socket and cannot send an order the
 * gate did not approve.
 *
 * The venue's answer goes back into the engine on the gateway's event lane: a refusal (rejected,
 * rate limited, overloaded: the order never reached the book) is published as REJECTED with
 * nothing filled, which frees the headroom the approval reserved. An acceptance publishes
 * nothing: the private stream reports the order from there on (a NEW published here could
 * arrive after the stream's FILLED, lanes being unordered, and re-open a finished order). An
 * unknown outcome publishes nothing either: the headroom stays reserved until the stream or a
 * snapshot says what happened.
 *
 * Quantities: the engine's lots, sent as `lots × lotSize` of the venue config's instrument (exact
 * decimal); prices as given. Runs on one thread (the gateway worker's, or the embedding's).
 */
import { formatDecimal, parseDecimal, type Decimal } from '../units/decimal-lots.js';
import { orderKeyOf } from '../venue-bridge/order-handle.js';
import type { EventLanePublisher } from '../engine/event-lane-publisher.js';
import type { StrategyClient } from '../engine/strategy-client.js';
import { DenyReason } from '../risk/deny-reason.js';
import { OrderStatusCode, Side } from '../risk/codes.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import type { EntryOutcome, OrderEntry } from './order-entry.js';

/** One order a strategy wants sent. */
export interface GatewayOrder {
  /** The client order id (the venue's client id field; the engine keys the order by `orderKeyOf(clientId)`). */
  readonly clientId: string;
  /** Engine symbol (one of `gate.symbols`, listed in the venue config). */
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Lots. */
  readonly qty: number;
  readonly price: number;
  readonly tif: 'GTC' | 'IOC';
  readonly reduceOnly?: boolean;
}

/** What became of one order: the gate's decision and, when approved, the venue's answer. */
export interface GatewayResult {
  readonly clientId: string;
  /** `DenyReason` code (0 approved), or a negative `StrategyStatus` (no decision: nothing sent). */
  readonly decision: number;
  /** The venue's answer; absent when the gate did not approve (nothing was sent). */
  readonly outcome?: EntryOutcome;
  /** The event-lane status of the refusal published back (absent when nothing was published). */
  readonly laneStatus?: number;
}

export class OrderGateway {
  readonly #client: StrategyClient;
  readonly #lane: EventLanePublisher;
  readonly #entry: OrderEntry;
  readonly #symbols: readonly string[];
  readonly #lots: ReadonlyMap<string, Decimal>;

  /** `symbols`: the engine's instruments in `gate.symbols` order; `instruments`: the venue config's (lot sizes). */
  constructor(client: StrategyClient, lane: EventLanePublisher, entry: OrderEntry, symbols: readonly string[], instruments: readonly VenueSymbolConfig[]) {
    this.#client = client;
    this.#lane = lane;
    this.#entry = entry;
    this.#symbols = symbols;
    const lots = new Map<string, Decimal>();
    for (const i of instruments) {
      const d = parseDecimal(i.lotSize);
      if (d !== undefined) lots.set(i.symbol, d);
    }
    this.#lots = lots;
  }

  /**
   * Asks the gate, sends when approved, publishes a refusal back. Never throws for a bad order:
   * a symbol the gateway cannot send (not an engine instrument, or not listed for this venue) is
   * UNKNOWN_INSTRUMENT, a quantity that is not whole lots > 0, a price <= 0 or an empty client id
   * INVALID_ORDER, both decided here without asking the gate (nothing is reserved, nothing sent).
   */
  async place(o: GatewayOrder): Promise<GatewayResult> {
    const inst = this.#symbols.indexOf(o.symbol);
    const lot = this.#lots.get(o.symbol);
    if (inst < 0 || lot === undefined) return { clientId: o.clientId, decision: DenyReason.UNKNOWN_INSTRUMENT };
    if (!Number.isSafeInteger(o.qty) || o.qty <= 0 || !(o.price > 0) || o.clientId === '') return { clientId: o.clientId, decision: DenyReason.INVALID_ORDER };
    const key = orderKeyOf(o.clientId);
    const side = o.side === 'buy' ? Side.BUY : Side.SELL;
    const decision = o.reduceOnly === true
      ? await this.#client.reduceOnlyAsync(key, inst, side, o.qty, o.price)
      : await this.#client.orderAsync(key, inst, side, o.qty, o.price);
    if (decision !== DenyReason.APPROVED) return { clientId: o.clientId, decision };
    const outcome = await this.#entry.place({
      clientId: o.clientId, symbol: o.symbol, side: o.side, qty: formatDecimal({ units: lot.units * BigInt(o.qty), scale: lot.scale }),
      price: String(o.price), tif: o.tif, ...(o.reduceOnly === true ? { reduceOnly: true } : {}),
    });
    if (outcome.kind === 'rejected' || outcome.kind === 'rate-limited' || outcome.kind === 'overloaded') {
      return { clientId: o.clientId, decision, outcome, laneStatus: this.#lane.orderUpdate(inst, key, OrderStatusCode.REJECTED, 0, 0) };
    }
    return { clientId: o.clientId, decision, outcome };
  }

  /** Tells the gate a cancel is on its way (the order keeps its headroom until the venue confirms), then sends it. */
  async cancel(clientId: string, symbol: string): Promise<GatewayResult> {
    const decision = await this.#client.cancelAsync(orderKeyOf(clientId));
    if (decision !== DenyReason.APPROVED) return { clientId, decision };
    return { clientId, decision, outcome: await this.#entry.cancel(clientId, symbol) };
  }
}
