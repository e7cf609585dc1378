/**
 * The BitMEX decoder's memory of live orders, needed because `order` table `update` rows are
 * partial: they carry `orderID` plus only the fields that changed (often no `clOrdID`, `symbol`
 * or `ordStatus`). Keyed by `orderID`; holds what an orderUpdate needs to be complete.
 *
 * Bounded: at most `capacity` orders. Terminal orders (Filled/Canceled/Rejected) are evicted as
 * soon as their final update is emitted, and `delete` rows evict too; when still full, the least
 * recently updated order is evicted (counted in `evicted`). An update for an evicted or never seen
 * order cannot be completed and is skipped as `order:unknownOrder`, never guessed. The table
 * image (`partial`) replaces the state of the symbol it covers (or of all symbols).
 *
 * Owned by one decoder, touched only inside `decode` (single thread), and only after the frame
 * proved well formed.
 */
import type { OrderStatus, Side } from '../../events/market-events.js';
import type { SymbolEntry } from '../symbol-map.js';

export interface OrderState {
  /** The engine order id: `clOrdID`, or BitMEX `orderID` for orders sent without one. */
  readonly orderId: string;
  readonly entry: SymbolEntry;
  readonly status: OrderStatus;
  /** Lots. */
  readonly cumQty: number;
  readonly leavesQty: number;
  /** Lots; absent when never reported. */
  readonly orderQty?: number;
  /** `side` of the order's full row (an update row may restate it); absent when not readable. */
  readonly side?: Side;
  /** `execInst` names ReduceOnly or Close (an update row that carries `execInst` restates it). */
  readonly reduceOnly: boolean;
}

export const DEFAULT_ORDER_CAPACITY = 10_000;

export class BitmexOrderState {
  readonly #orders = new Map<string, OrderState>();
  readonly capacity: number;
  /** Live orders dropped because the table was full. */
  evicted = 0;

  constructor(capacity = DEFAULT_ORDER_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`order state capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#orders.size;
  }

  get(orderID: string): OrderState | undefined {
    return this.#orders.get(orderID);
  }

  /** Inserts or refreshes (moves to most recent); evicts the least recent when over capacity. */
  set(orderID: string, state: OrderState): void {
    this.#orders.delete(orderID);
    this.#orders.set(orderID, state);
    if (this.#orders.size > this.capacity) {
      const oldest = this.#orders.keys().next();
      if (oldest.done !== true) {
        this.#orders.delete(oldest.value);
        this.evicted++;
      }
    }
  }

  delete(orderID: string): void {
    this.#orders.delete(orderID);
  }

  /** Drops every order of `venueSymbol`, or every order when it is undefined. */
  clear(venueSymbol?: string): void {
    if (venueSymbol === undefined) {
      this.#orders.clear();
      return;
    }
    for (const [id, s] of this.#orders) if (s.entry.venueSymbol === venueSymbol) this.#orders.delete(id);
  }
}
