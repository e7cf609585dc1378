/**
 * Decoder for the OKX v5 private WebSocket stream (wss://ws.okx.com:8443/ws/v5/private).
 * Source: https://www.okx.com/docs-v5/en/#overview-websocket and the channel pages cited in
 * okx-order.ts and okx-position.ts.
 *
 * Frames: pushes `{arg: {channel, ...}, data: [...]}` on the `orders` and `positions` channels;
 * event replies `{event: login|subscribe|unsubscribe|error|channel-conn-count|notice, ...}` and
 * operation replies `{op, ...}` (ignored and counted); and the bare text "pong" answering "ping",
 * which becomes a `heartbeat`. Other channels are ignored and counted.
 *
 * Sequencing: the trade id, on fills and as the positions' watermark (monotonic per instrument).
 * Pure and synchronous apart from `stats`; never throws (see decodeFrame).
 */
import type { DecodeResult, DecoderStats, VenueDecoder, VenueSymbolConfig } from '../venue-decoder.js';
import type { FrameOutcome } from '../decoder-stats.js';
import { FrameSink, boundedKind, createDecoderStats, decodeFrame, frameEvents, ignoreFrame } from '../decoder-stats.js';
import { SymbolMap } from '../symbol-map.js';
import { asArray, asRecord, str } from '../frame-reader.js';
import { decodeOkxOrder } from './okx-order.js';
import { decodeOkxPosition } from './okx-position.js';

type ElementDecoder = (element: unknown, symbols: SymbolMap, sink: FrameSink) => void;

/**
 * A `balance_and_position` push element: its `posData` rows are positions with the `positions`
 * channel's fields (posSide, pos, tradeId, uTime, instType, instId), each decoded as one row
 * there (a bad row dropped alone); `balData` and `trades` are not read. An element that is not an
 * object with a `posData` array makes the frame malformed.
 * Source: https://www.okx.com/docs-v5/en/#trading-account-websocket-balance-and-position-channel
 */
function decodeBalanceAndPosition(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  for (const row of asArray(asRecord(element, 'balance_and_position', 'data[]')['posData'], 'balance_and_position', 'posData')) {
    sink.row(() => decodeOkxPosition(row, symbols, sink));
  }
}

const CHANNELS: ReadonlyMap<string, ElementDecoder> = new Map<string, ElementDecoder>([
  ['orders', decodeOkxOrder],
  ['positions', decodeOkxPosition],
  ['balance_and_position', decodeBalanceAndPosition],
]);
const KNOWN_OTHER_CHANNELS: ReadonlySet<string> = new Set(['account', 'liquidation-warning', 'account-greeks', 'orders-algo', 'algo-advance', 'fills']);
const KNOWN_EVENTS: ReadonlySet<string> = new Set(['login', 'subscribe', 'unsubscribe', 'error', 'channel-conn-count', 'channel-conn-count-error', 'notice']);
const KNOWN_OPS: ReadonlySet<string> = new Set(['order', 'batch-orders', 'cancel-order', 'batch-cancel-orders', 'amend-order', 'batch-amend-orders', 'mass-cancel']);

export class OkxDecoder implements VenueDecoder {
  readonly venue = 'okx';
  readonly stats: DecoderStats = createDecoderStats();
  readonly #symbols: SymbolMap;

  constructor(symbols: readonly VenueSymbolConfig[]) {
    this.#symbols = new SymbolMap(symbols);
  }

  decode(frame: unknown): DecodeResult {
    return decodeFrame(this.stats, frame, (value) => this.#route(value), (text) => (text === 'pong' ? frameEvents([{ type: 'heartbeat' }]) : undefined));
  }

  #route(value: unknown): FrameOutcome {
    const rec = asRecord(value, 'envelope', 'frame');
    if (rec['event'] !== undefined) return ignoreFrame(boundedKind('event', rec['event'], KNOWN_EVENTS));
    if (rec['op'] !== undefined) return ignoreFrame(boundedKind('op', rec['op'], KNOWN_OPS));
    if (rec['arg'] === undefined) return ignoreFrame('unknown');
    const channel = str(asRecord(rec['arg'], 'envelope', 'arg'), 'channel', 'envelope');
    const decodeElement = CHANNELS.get(channel);
    if (decodeElement === undefined) return ignoreFrame(boundedKind('channel', channel, KNOWN_OTHER_CHANNELS));
    const sink = new FrameSink();
    const data = asArray(rec['data'], channel, 'data');
    // balance_and_position: its elements hold the rows (posData), so an element is not one row
    if (decodeElement === decodeBalanceAndPosition) for (const element of data) decodeElement(element, this.#symbols, sink);
    else for (const element of data) sink.row(() => decodeElement(element, this.#symbols, sink));
    return sink.outcome();
  }
}
