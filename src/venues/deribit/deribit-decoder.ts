/**
 * Decoder for Deribit's private JSON-RPC WebSocket notifications (wss://www.deribit.com/ws/api/v2).
 * Sources: https://docs.deribit.com/articles/notifications (envelope),
 * https://docs.deribit.com/api-reference/session-management/public-set_heartbeat (heartbeats), and
 * the channel pages cited in deribit-trade.ts, deribit-order.ts, deribit-position.ts.
 *
 * Frames:
 * - `{"method":"subscription","params":{"channel","data"}}` on
 *   `user.changes.{kind}.{currency}.{interval}` / `user.changes.{instrument}.{interval}` (data:
 *   `{instrument_name, trades[], orders[], positions[]}`), `user.trades.*` (data: trades[]) and
 *   `user.orders.*` (data: one order on `raw`, an array when aggregated). Other channels are
 *   ignored and counted.
 * - `{"method":"heartbeat","params":{"type":"heartbeat"|"test_request"}}` → `heartbeat` (the
 *   feed handler still has to answer a test_request with public/test).
 * - replies to requests (`id` with `result` or `error`) are ignored and counted.
 *
 * One `user.changes` notification yields its fills first, then its order updates, then its
 * position snapshots (whose watermark is the highest trade_seq of the instrument's trades in the
 * same notification; see deribit-position.ts). Sequencing: per-instrument `trade_seq`.
 * Pure and synchronous apart from `stats`; never throws (see decodeFrame).
 */
import type { DecodeResult, DecoderStats, VenueDecoder, VenueSymbolConfig } from '../venue-decoder.js';
import type { FrameOutcome } from '../decoder-stats.js';
import { FrameSink, boundedKind, createDecoderStats, decodeFrame, frameEvents, ignoreFrame } from '../decoder-stats.js';
import { SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asArray, asRecord, isRecord, str } from '../frame-reader.js';
import type { JsonRecord } from '../frame-reader.js';
import { decodeDeribitOrder } from './deribit-order.js';
import { decodeDeribitPosition } from './deribit-position.js';
import { decodeDeribitTrade } from './deribit-trade.js';

const KNOWN_OTHER_CHANNELS: ReadonlySet<string> = new Set(['user.portfolio', 'user.combo_trades', 'user.mmp_trigger', 'user.access_log', 'user.lock', 'user.isolated', 'book', 'ticker', 'trades', 'deribit_price_index', 'platform_state']);

export class DeribitDecoder implements VenueDecoder {
  readonly venue = 'deribit';
  readonly stats: DecoderStats = createDecoderStats();
  readonly #symbols: SymbolMap;

  constructor(symbols: readonly VenueSymbolConfig[]) {
    this.#symbols = new SymbolMap(symbols);
  }

  decode(frame: unknown): DecodeResult {
    return decodeFrame(this.stats, frame, (value) => this.#route(value));
  }

  #route(value: unknown): FrameOutcome {
    const rec = asRecord(value, 'envelope', 'frame');
    const method = rec['method'];
    if (method === 'heartbeat') {
      const type = str(asRecord(rec['params'], 'heartbeat', 'params'), 'type', 'heartbeat');
      if (type !== 'heartbeat' && type !== 'test_request') throw new MalformedFrame('heartbeat', 'type must be heartbeat or test_request');
      return frameEvents([{ type: 'heartbeat' }]);
    }
    if (method === 'subscription') return this.#notification(asRecord(rec['params'], 'envelope', 'params'));
    if (method === undefined && rec['id'] !== undefined) return ignoreFrame('response');
    return ignoreFrame('unknown');
  }

  #notification(params: JsonRecord): FrameOutcome {
    const channel = str(params, 'channel', 'envelope');
    const data = params['data'];
    const sink = new FrameSink();
    if (channel.startsWith('user.changes.')) {
      this.#changes(asRecord(data, 'changes', 'data'), sink);
    } else if (channel.startsWith('user.trades.')) {
      for (const trade of asArray(data, 'trades', 'data')) sink.row(() => decodeDeribitTrade(trade, this.#symbols, sink));
    } else if (channel.startsWith('user.orders.')) {
      for (const order of isRecord(data) ? [data] : asArray(data, 'orders', 'data')) sink.row(() => decodeDeribitOrder(order, this.#symbols, sink));
    } else {
      const parts = channel.split('.', 2);
      return ignoreFrame(boundedKind('channel', parts[0] === 'user' ? parts.join('.') : parts[0], KNOWN_OTHER_CHANNELS));
    }
    return sink.outcome();
  }

  #changes(data: JsonRecord, sink: FrameSink): void {
    const watermark = new Map<string, number>();
    for (const trade of listOf(data, 'trades')) {
      sink.row(() => {
        const decoded = decodeDeribitTrade(trade, this.#symbols, sink);
        if (decoded !== undefined) watermark.set(decoded.instrument, Math.max(decoded.seq, watermark.get(decoded.instrument) ?? 0));
      });
    }
    for (const order of listOf(data, 'orders')) sink.row(() => decodeDeribitOrder(order, this.#symbols, sink));
    for (const position of listOf(data, 'positions')) sink.row(() => decodeDeribitPosition(position, this.#symbols, sink, watermark));
  }
}

/** An optional array member of a `user.changes` notification: absent reads as empty. */
function listOf(data: JsonRecord, key: string): readonly unknown[] {
  const v = data[key];
  return v === undefined ? [] : asArray(v, 'changes', key);
}
