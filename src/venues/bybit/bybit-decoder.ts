/**
 * Decoder for the Bybit v5 private WebSocket stream (wss://stream.bybit.com/v5/private).
 * Source: https://bybit-exchange.github.io/docs/v5/ws/connect and the topic pages cited in
 * bybit-execution.ts, bybit-order.ts, bybit-position.ts.
 *
 * Frames: `{topic, data: [...]}` pushes (all-in-one `execution` / `order` / `position` and their
 * categorised forms such as `execution.linear`), operation replies `{op, ...}`, and pongs:
 * private `{"op":"pong",...}` and public `{"op":"ping","ret_msg":"pong",...}` both become a
 * `heartbeat`. Other topics (wallet, greeks, `execution.fast`, ...) and operation replies
 * (auth, subscribe) are ignored and counted.
 *
 * Sequencing: `seq` (cross sequence) on executions and positions, monotonic per symbol.
 * Pure and synchronous apart from `stats`; never throws (see decodeFrame).
 */
import type { DecodeResult, DecoderStats, VenueDecoder, VenueSymbolConfig } from '../venue-decoder.js';
import type { FrameOutcome } from '../decoder-stats.js';
import { FrameSink, boundedKind, createDecoderStats, decodeFrame, frameEvents, ignoreFrame } from '../decoder-stats.js';
import { SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asArray, asRecord } from '../frame-reader.js';
import { decodeBybitExecution } from './bybit-execution.js';
import { decodeBybitOrder } from './bybit-order.js';
import { decodeBybitPosition } from './bybit-position.js';

type ElementDecoder = (element: unknown, symbols: SymbolMap, sink: FrameSink) => void;

const TOPICS: ReadonlyMap<string, ElementDecoder> = new Map<string, ElementDecoder>([
  ['execution', decodeBybitExecution],
  ['order', decodeBybitOrder],
  ['position', decodeBybitPosition],
]);
const KNOWN_OTHER_TOPICS: ReadonlySet<string> = new Set(['wallet', 'greeks', 'execution.fast', 'dcp']);
const KNOWN_OPS: ReadonlySet<string> = new Set(['auth', 'subscribe', 'unsubscribe']);

export class BybitDecoder implements VenueDecoder {
  readonly venue = 'bybit';
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
    const topic = rec['topic'];
    if (topic !== undefined) {
      if (typeof topic !== 'string') throw new MalformedFrame('envelope', 'topic must be a string');
      const dot = topic.indexOf('.');
      // `execution.fast[.category]` is a different, reduced message (Trade executions only): not decoded.
      const name = topic.startsWith('execution.fast') ? 'execution.fast' : dot < 0 ? topic : topic.slice(0, dot);
      const decodeElement = TOPICS.get(name);
      if (decodeElement === undefined) return ignoreFrame(boundedKind('topic', name, KNOWN_OTHER_TOPICS));
      const sink = new FrameSink();
      for (const element of asArray(rec['data'], name, 'data')) sink.row(() => decodeElement(element, this.#symbols, sink));
      return sink.outcome();
    }
    const op = rec['op'];
    if (op === 'pong' || op === 'ping') return frameEvents([{ type: 'heartbeat' }]);
    if (op !== undefined) return ignoreFrame(boundedKind('op', op, KNOWN_OPS));
    return ignoreFrame('unknown');
  }
}
