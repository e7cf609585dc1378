/**
 * Decoder for the Binance USD-M futures private user data stream
 * (`wss://fstream.binance.com/ws/<listenKey>`, or the combined `{stream, data}` wrapper).
 *
 * | event (`e`)            | result |
 * | ---                    | --- |
 * | `ORDER_TRADE_UPDATE`   | fill and/or orderUpdate (`binance-order-update.ts`) |
 * | `ACCOUNT_UPDATE`       | one snapshot per one-way-mode position present (`binance-account-update.ts`) |
 * | `listenKeyExpired`     | ignored, counted as `listenKeyExpired`: the stream delivers nothing more until a new key; the feed handler must treat it as feed down |
 * | other documented events (`MARGIN_CALL`, `TRADE_LITE`, `ACCOUNT_CONFIG_UPDATE`, ...) | ignored, counted as `event:<name>` (`TRADE_LITE` duplicates executions already in `ORDER_TRADE_UPDATE`) |
 * | anything else with an `e` | ignored as `event:other` (kinds stay a bounded set) |
 *
 * Binance has no application-level heartbeat on this stream (keep-alive is WebSocket ping/pong
 * frames, handled below JSON), so this decoder never emits `heartbeat`.
 *
 * Stateless: each `ORDER_TRADE_UPDATE` is a full image of its order. Counting: `decoded`,
 * `ignored`, `malformed` count frames; rows skipped inside a decoded frame (unknown symbol,
 * hedge-mode leg, liquidation order update) also add to `ignored` / `ignoredByKind`.
 * Never throws: every failure becomes a malformed frame that emits nothing, except a malformed
 * position row of an `ACCOUNT_UPDATE`, which is dropped alone (`rowErrors`, `malformedRows`).
 */
import { countRowErrors, createDecoderStats, decoded, ignored, malformed, parseFrame } from '../decoder-stats.js';
import { describe, SymbolMap } from '../symbol-map.js';
import type { DecodeResult, DecoderStats, VenueDecoder, VenueSymbolConfig } from '../venue-decoder.js';
import { decodeAccountUpdate } from './binance-account-update.js';
import { BinanceFrameError } from './binance-frame-error.js';
import { record } from './binance-fields.js';
import type { BinanceOutcome } from './binance-outcome.js';
import { decodeOrderTradeUpdate } from './binance-order-update.js';

const OTHER_EVENTS = new Set([
  'MARGIN_CALL', 'ACCOUNT_CONFIG_UPDATE', 'TRADE_LITE', 'STRATEGY_UPDATE', 'GRID_UPDATE',
  'CONDITIONAL_ORDER_TRIGGER_REJECT', 'ALGO_UPDATE',
]);

export class BinanceUsdmDecoder implements VenueDecoder {
  readonly venue = 'binance-usdm';
  readonly stats: DecoderStats = createDecoderStats();
  readonly #symbols: SymbolMap;

  /** Throws on a bad symbol config (construction time only). */
  constructor(symbols: readonly VenueSymbolConfig[]) {
    this.#symbols = new SymbolMap(symbols);
  }

  decode(frame: unknown): DecodeResult {
    try {
      return this.#decode(frame);
    } catch (e) {
      if (e instanceof BinanceFrameError) return malformed(this.stats, e.kind, e.message);
      return malformed(this.stats, 'internal', e instanceof Error ? e.message : describe(e));
    }
  }

  #decode(frame: unknown): DecodeResult {
    const parsed = parseFrame(frame);
    if (!parsed.ok) return malformed(this.stats, 'json', parsed.error);
    let body = record(parsed.value, 'frame', 'frame');
    if (typeof body['stream'] === 'string' && 'data' in body) body = record(body['data'], 'frame', 'data');
    const e = body['e'];
    if (typeof e !== 'string') return malformed(this.stats, 'frame', `event type e is not a string: ${describe(e)}`);
    switch (e) {
      case 'ORDER_TRADE_UPDATE': return this.#commit(decodeOrderTradeUpdate(body, this.#symbols));
      case 'ACCOUNT_UPDATE': return this.#commit(decodeAccountUpdate(body, this.#symbols));
      case 'listenKeyExpired': return ignored(this.stats, 'listenKeyExpired');
      default: return ignored(this.stats, OTHER_EVENTS.has(e) ? `event:${e}` : 'event:other');
    }
  }

  #commit(outcome: BinanceOutcome): DecodeResult {
    if (outcome.type === 'ignored') return ignored(this.stats, outcome.kind);
    for (const kind of outcome.skipped) {
      this.stats.ignored++;
      this.stats.ignoredByKind.set(kind, (this.stats.ignoredByKind.get(kind) ?? 0) + 1);
    }
    const rowErrors = countRowErrors(this.stats, outcome.rowErrors ?? []);
    const r = decoded(this.stats, outcome.events);
    return rowErrors.length === 0 ? r : { ...r, rowErrors };
  }
}
