/**
 * Decoder for the BitMEX realtime WebSocket (`wss://ws.bitmex.com/realtime`), private tables.
 *
 * | frame | result |
 * | --- | --- |
 * | text `pong` (reply to our text `ping`) | `heartbeat` (no symbol): the connection answers end to end |
 * | `{"info": "Welcome to the BitMEX Realtime API.", ...}` | ignored, `info` |
 * | `{"success": true, "subscribe": ...}` | ignored, `subscribeAck`; other `success` replies (auth, unsubscribe, cancelAllAfter) `ack` |
 * | `{"status": 4xx, "error": ...}` | ignored, `venueError` (the feed handler sees it in the stats) |
 * | `{"table": "execution" \| "order" \| "position", "action", "data": [...]}` | `bitmex-execution.ts`, `bitmex-order-table.ts`, `bitmex-position.ts` |
 * | any other table | ignored, `table:<name>` (known names) or `table:other` |
 * | any other object | ignored, `unknownMessage` |
 *
 * A table message needs a string `table`, `action` in partial/insert/update/delete and an array
 * `data`; otherwise it is malformed. A malformed row is dropped alone (`rowErrors`,
 * `malformedRows`): the rows beside it still decode. Stateful: the order table needs `BitmexOrderState` (bounded,
 * see there) to complete partial update rows; a malformed frame or row never changes it. Counting:
 * `decoded`/`ignored`/`malformed` count frames; rows skipped inside a decoded frame also add to
 * `ignored`/`ignoredByKind`. Never throws.
 */
import type { HeartbeatEvent } from '../../events/market-events.js';
import { countRowErrors, createDecoderStats, decoded, ignored, malformed, parseFrame } from '../decoder-stats.js';
import { describe, SymbolMap } from '../symbol-map.js';
import type { DecodeResult, DecoderStats, VenueDecoder, VenueSymbolConfig } from '../venue-decoder.js';
import { decodeExecutionTable } from './bitmex-execution.js';
import { record } from './bitmex-fields.js';
import { BitmexFrameError } from './bitmex-frame-error.js';
import { BitmexOrderState, DEFAULT_ORDER_CAPACITY } from './bitmex-order-state.js';
import { decodeOrderTable } from './bitmex-order-table.js';
import type { BitmexOutcome } from './bitmex-outcome.js';
import { decodePositionTable } from './bitmex-position.js';

export interface BitmexDecoderOptions {
  /** Most live orders remembered for completing `order` update rows (default 10,000). */
  readonly maxOrders?: number;
}

const ACTIONS = new Set(['partial', 'insert', 'update', 'delete']);
const OTHER_TABLES = new Set([
  'margin', 'wallet', 'transact', 'account', 'affiliate', 'privateNotifications', 'instrument', 'trade', 'quote', 'liquidation',
  'funding', 'settlement', 'insurance', 'orderBookL2', 'orderBookL2_25', 'orderBook10', 'connected', 'announcement', 'chat',
  'publicNotifications',
]);
const HEARTBEAT: HeartbeatEvent = Object.freeze({ type: 'heartbeat' });

export class BitmexDecoder implements VenueDecoder {
  readonly venue = 'bitmex';
  readonly stats: DecoderStats = createDecoderStats();
  readonly orders: BitmexOrderState;
  readonly #symbols: SymbolMap;

  /** Throws on a bad symbol config or capacity (construction time only). */
  constructor(symbols: readonly VenueSymbolConfig[], options: BitmexDecoderOptions = {}) {
    this.#symbols = new SymbolMap(symbols);
    this.orders = new BitmexOrderState(options.maxOrders ?? DEFAULT_ORDER_CAPACITY);
  }

  decode(frame: unknown): DecodeResult {
    try {
      return this.#decode(frame);
    } catch (e) {
      if (e instanceof BitmexFrameError) return malformed(this.stats, e.kind, e.message);
      return malformed(this.stats, 'internal', e instanceof Error ? e.message : describe(e));
    }
  }

  #decode(frame: unknown): DecodeResult {
    if (frame === 'pong') return decoded(this.stats, [HEARTBEAT]);
    const parsed = parseFrame(frame);
    if (!parsed.ok) return malformed(this.stats, 'json', parsed.error);
    const body = record(parsed.value, 'frame', 'frame');
    if ('table' in body) return this.#table(body);
    if ('info' in body) return ignored(this.stats, 'info');
    if ('success' in body) return ignored(this.stats, 'subscribe' in body ? 'subscribeAck' : 'ack');
    if ('error' in body) return ignored(this.stats, 'venueError');
    return ignored(this.stats, 'unknownMessage');
  }

  #table(body: Readonly<Record<string, unknown>>): DecodeResult {
    const { table, action, data } = body;
    if (typeof table !== 'string') return malformed(this.stats, 'frame', `table is not a string: ${describe(table)}`);
    if (typeof action !== 'string' || !ACTIONS.has(action)) return malformed(this.stats, 'frame', `action is not partial/insert/update/delete: ${describe(action)}`);
    if (!Array.isArray(data)) return malformed(this.stats, 'frame', `data is not an array: ${describe(data)}`);
    const rows = data as readonly unknown[];
    switch (table) {
      case 'execution': return this.#commit(decodeExecutionTable(action, rows, this.#symbols));
      case 'order': return this.#commit(decodeOrderTable(action, rows, body['filter'], this.orders, this.#symbols));
      case 'position': return this.#commit(decodePositionTable(action, rows, this.#symbols));
      default: return ignored(this.stats, OTHER_TABLES.has(table) ? `table:${table}` : 'table:other');
    }
  }

  #commit(outcome: BitmexOutcome): DecodeResult {
    if (outcome.type === 'ignored') return ignored(this.stats, outcome.kind);
    outcome.commit?.();
    for (const kind of outcome.skipped) {
      this.stats.ignored++;
      this.stats.ignoredByKind.set(kind, (this.stats.ignoredByKind.get(kind) ?? 0) + 1);
    }
    const rowErrors = countRowErrors(this.stats, outcome.rowErrors);
    const r = decoded(this.stats, outcome.events);
    return rowErrors.length === 0 ? r : { ...r, rowErrors };
  }
}
