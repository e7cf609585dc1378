/**
 * `order` table → orderUpdates, completing BitMEX's partial rows from `BitmexOrderState`.
 *
 * - `partial` (image on subscription) and `insert` rows are full: `orderID`, `symbol`,
 *   `ordStatus`, `cumQty`, `leavesQty` (an absent `cumQty` reads 0, an absent `leavesQty` is
 *   `orderQty - cumQty`, both because BitMEX omits empty values). A `partial` first drops the
 *   remembered orders of the symbol in its `filter` (all symbols without one).
 * - `update` rows carry `orderID` plus what changed. Missing `ordStatus`/`cumQty`/`orderQty`
 *   come from the state; a missing `leavesQty` is derived (`orderQty - cumQty`, else the previous
 *   leaves minus the newly filled lots). A row that changes none of them (e.g. only
 *   `workingIndicator`) emits nothing (`order:noChange`); a row for an order not in the state
 *   emits nothing (`order:unknownOrder`).
 * - `delete` rows only forget the order.
 * - `orderId` = `clOrdID` (what the strategy sent), else BitMEX `orderID` for orders sent without
 *   one (the `execution` table uses the same rule). Orders of the liquidation engine
 *   (`bitmex-liquidation.ts`) are not emitted (`order:liquidation`): their executions are fills
 *   without orderId, and an update the engine could not link would count twice.
 * - Terminal statuses emit `leavesQty` 0 and evict the order.
 * - Every update carries the order's `side` (from its full row; an update row may restate it)
 *   and reduce-only flag (`execInst` names ReduceOnly or Close): the engine counts an order it
 *   did not send by them. An unreadable side is not given, never a malformed row.
 *
 * State changes are staged and applied by `commit` once the frame decoded, so a malformed frame
 * leaves the state untouched; a malformed row stages nothing and is dropped alone (the rows
 * beside it still decode and change the state).
 */
import type { OrderStatus, OrderUpdateEvent, VenueEvent } from '../../events/market-events.js';
import { orderFacts, orderSide } from '../order-lifecycle.js';
import type { SymbolMap } from '../symbol-map.js';
import { BitmexFrameError } from './bitmex-frame-error.js';
import { contracts, nonEmptyString, optionalString, record, string } from './bitmex-fields.js';
import type { Row } from './bitmex-fields.js';
import { isLiquidation } from './bitmex-liquidation.js';
import type { BitmexOrderState, OrderState } from './bitmex-order-state.js';
import type { BitmexOutcome } from './bitmex-outcome.js';
import { bitmexStatus, isPendingStatus, isTerminal } from './bitmex-status.js';

const KIND = 'order';

function status(row: Row): OrderStatus {
  const s = string(row, 'ordStatus', KIND);
  const mapped = bitmexStatus(s);
  if (mapped === undefined) throw new BitmexFrameError(KIND, `unknown ordStatus ${JSON.stringify(s).slice(0, 30)}`);
  return mapped;
}

/** A pending state with lots already filled is live and part filled (bitmex-status.ts). */
function livePart(row: Row, st: OrderStatus, cumQty: number): OrderStatus {
  return st === 'new' && cumQty > 0 && isPendingStatus(row['ordStatus'] as string) ? 'partiallyFilled' : st;
}

/**
 * `execInst` (comma-separated instructions) names ReduceOnly or Close: the venue caps the order
 * at the position. Anything but a string reads as none (never a malformed row).
 */
export function execInstReduceOnly(execInst: unknown): boolean {
  return typeof execInst === 'string' && execInst.split(',').some((i) => i === 'ReduceOnly' || i === 'Close');
}

/** Reads the order state through the changes staged earlier in the same frame. */
class Staged {
  readonly #overlay = new Map<string, OrderState | null>();
  readonly #ops: (() => void)[] = [];
  #cleared = false;
  #clearedSymbol: string | undefined;

  constructor(readonly state: BitmexOrderState) {}

  clear(venueSymbol: string | undefined): void {
    this.#cleared = venueSymbol === undefined;
    this.#clearedSymbol = venueSymbol;
    this.#overlay.clear();
    this.#ops.push(() => this.state.clear(venueSymbol));
  }

  get(orderID: string): OrderState | undefined {
    if (this.#overlay.has(orderID)) return this.#overlay.get(orderID) ?? undefined;
    const s = this.state.get(orderID);
    if (s === undefined || this.#cleared || s.entry.venueSymbol === this.#clearedSymbol) return undefined;
    return s;
  }

  set(orderID: string, s: OrderState): void {
    this.#overlay.set(orderID, s);
    this.#ops.push(() => this.state.set(orderID, s));
  }

  delete(orderID: string): void {
    this.#overlay.set(orderID, null);
    this.#ops.push(() => this.state.delete(orderID));
  }

  commit(): void {
    for (const op of this.#ops) op();
  }
}

function filterSymbol(filter: unknown): string | undefined {
  if (filter === null || typeof filter !== 'object') return undefined;
  const symbol = (filter as Record<string, unknown>)['symbol'];
  return typeof symbol === 'string' ? symbol : undefined;
}

export function decodeOrderTable(action: string, data: readonly unknown[], filter: unknown, state: BitmexOrderState, symbols: SymbolMap): BitmexOutcome {
  const staged = new Staged(state);
  const events: VenueEvent[] = [];
  const skipped: string[] = [];
  if (action === 'partial') staged.clear(filterSymbol(filter));

  // One row's update; a malformed row throws before it stages anything, and is dropped alone.
  const orderRow = (value: unknown): void => {
    const row = record(value, KIND, 'order row');
    const orderID = nonEmptyString(row, 'orderID', KIND);
    if (action === 'delete') {
      staged.delete(orderID);
      return;
    }
    let next: OrderState;
    if (action === 'update') {
      const prev = staged.get(orderID);
      if (prev === undefined) {
        skipped.push('order:unknownOrder');
        return;
      }
      const clOrdID = optionalString(row, 'clOrdID', KIND);
      const orderId = clOrdID !== '' ? clOrdID : prev.orderId;
      const changes = row['ordStatus'] !== undefined || row['cumQty'] !== undefined || row['leavesQty'] !== undefined || row['orderQty'] !== undefined;
      if (!changes) {
        staged.set(orderID, { ...prev, orderId });
        skipped.push('order:noChange');
        return;
      }
      const reported = row['ordStatus'] !== undefined ? status(row) : prev.status;
      const orderQty = row['orderQty'] !== undefined ? contracts(row, 'orderQty', prev.entry, KIND) : prev.orderQty;
      const cumQty = row['cumQty'] !== undefined ? contracts(row, 'cumQty', prev.entry, KIND) : prev.cumQty;
      const st = row['ordStatus'] !== undefined ? livePart(row, reported, cumQty) : reported;
      const leavesQty = row['leavesQty'] !== undefined ? contracts(row, 'leavesQty', prev.entry, KIND)
        : isTerminal(st) ? 0
        : orderQty !== undefined ? orderQty - cumQty
        : prev.leavesQty - (cumQty - prev.cumQty);
      const side = orderSide(row['side'], 'Buy', 'Sell') ?? prev.side;
      const reduceOnly = row['execInst'] !== undefined ? execInstReduceOnly(row['execInst']) : prev.reduceOnly;
      next = { orderId, entry: prev.entry, status: st, cumQty, leavesQty, ...(orderQty === undefined ? {} : { orderQty }), ...(side === undefined ? {} : { side }), reduceOnly };
    } else {
      const entry = symbols.get(string(row, 'symbol', KIND));
      if (entry === undefined) {
        skipped.push('unknownSymbol');
        return;
      }
      const clOrdID = optionalString(row, 'clOrdID', KIND);
      if (isLiquidation(clOrdID, optionalString(row, 'text', KIND))) {
        skipped.push('order:liquidation');
        return;
      }
      const reported = status(row);
      const orderQty = row['orderQty'] !== undefined ? contracts(row, 'orderQty', entry, KIND) : undefined;
      const cumQty = row['cumQty'] !== undefined ? contracts(row, 'cumQty', entry, KIND) : 0;
      const st = livePart(row, reported, cumQty);
      let leavesQty: number;
      if (row['leavesQty'] !== undefined) leavesQty = contracts(row, 'leavesQty', entry, KIND);
      else if (isTerminal(st)) leavesQty = 0;
      else if (orderQty !== undefined) leavesQty = orderQty - cumQty;
      else throw new BitmexFrameError(KIND, 'live order row without leavesQty or orderQty');
      const side = orderSide(row['side'], 'Buy', 'Sell');
      next = {
        orderId: clOrdID !== '' ? clOrdID : orderID, entry, status: st, cumQty, leavesQty, ...(orderQty === undefined ? {} : { orderQty }),
        ...(side === undefined ? {} : { side }), reduceOnly: execInstReduceOnly(row['execInst']),
      };
    }
    if (next.leavesQty < 0) throw new BitmexFrameError(KIND, `negative leaves quantity (${next.leavesQty} lots)`);
    if (next.orderQty !== undefined && next.cumQty > next.orderQty) throw new BitmexFrameError(KIND, `cumQty (${next.cumQty} lots) exceeds orderQty (${next.orderQty} lots)`);
    const terminal = isTerminal(next.status);
    const update: OrderUpdateEvent = {
      type: 'orderUpdate',
      symbol: next.entry.symbol,
      orderId: next.orderId,
      status: next.status,
      cumQty: next.cumQty,
      leavesQty: terminal ? 0 : next.leavesQty,
      ...orderFacts(next.side, next.reduceOnly),
    };
    events.push(update);
    if (terminal) staged.delete(orderID);
    else staged.set(orderID, next);
  };
  const rowErrors: BitmexFrameError[] = [];
  for (const value of data) {
    try {
      orderRow(value);
    } catch (e) {
      if (!(e instanceof BitmexFrameError)) throw e;
      rowErrors.push(e);
    }
  }
  return { type: 'events', events, skipped, rowErrors, commit: () => staged.commit() };
}
