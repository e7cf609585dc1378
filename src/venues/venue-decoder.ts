/**
 * The contract every venue decoder implements: one already-JSON-parsed private WebSocket frame
 * in, zero or more normalized `VenueEvent`s out.
 *
 * Decoders run in the feed handlers (edge code, not the risk thread's hot path): they may
 * allocate. They are synchronous and pure apart from their own `stats`, and they NEVER throw.
 * - unknown message types / channels / venue symbols: ignored, counted in `ignoredByKind`;
 * - malformed or truncated messages: counted in `malformedByKind`, `error` set, and the whole
 *   frame emits nothing (no partial garbage);
 * - one malformed row of a frame that carries several (an execution, order or position row)
 *   never drops the good rows beside it: that row alone emits nothing and is counted in
 *   `malformedRows` and `malformedByKind`, its reason in `rowErrors`, and the frame decodes;
 * - quantities convert to integer lots exactly (never rounded), prices become finite numbers.
 * A string frame is accepted and parsed by the decoder; a parse failure is malformed.
 */
import type { VenueEvent } from '../events/market-events.js';

/** One instrument as a venue names it. `venueSymbol` defaults to `symbol`. */
export interface VenueSymbolConfig {
  readonly symbol: string;
  readonly venueSymbol?: string;
  /** Decimal string, e.g. "0.001": venue quantities divide into it exactly. */
  readonly lotSize: string;
  /**
   * Whether the engine reconciles this instrument by a sequence (`sequence` monotonic or
   * contiguous; default true). A fill rides with one stamp (`Arg.SEQ`): the venue's sequence on a
   * sequenced instrument, the time the venue executed it on a walk-back one, where the engine
   * compares it with the position reports' venue times. A venue that stamps fills with both (OKX:
   * `tradeId` and `fillTime`) gives the time when this is false: a trade id read as a time would
   * place every fill before every report.
   */
  readonly sequenced?: boolean;
  /**
   * The account holds the instrument in hedge mode: a long and a short leg. The decoder then
   * attributes each position, order and execution row to its leg by what the venue's frame says
   * and emits the short leg's rows under `SYMBOL:short` (src/config/hedge-legs.ts); rows of the
   * other mode are skipped and counted. Absent or false: one-way, hedge-leg rows skipped and counted.
   */
  readonly hedge?: boolean;
}

/**
 * Counters owned by one decoder. Every frame increments exactly one of `decoded`, `ignored`,
 * `malformed`. The by-kind maps count reasons under short, bounded labels ("execution",
 * "topic:wallet", "unknownSymbol", ...): a decoded frame whose elements were partly skipped (an
 * unknown symbol, a hedge-mode leg) also adds those element kinds to `ignoredByKind`.
 */
export interface DecoderStats {
  decoded: number;
  ignored: number;
  malformed: number;
  /** Rows dropped as malformed inside decoded frames (each also counted in `malformedByKind`). */
  malformedRows: number;
  readonly ignoredByKind: Map<string, number>;
  readonly malformedByKind: Map<string, number>;
}

export interface DecodeResult {
  readonly events: readonly VenueEvent[];
  /** Set when the frame was malformed (then `events` is empty). Decoders never throw. */
  readonly error?: string;
  /** `kind: reason` of each row of a decoded frame dropped as malformed (its good rows are in `events`). */
  readonly rowErrors?: readonly string[];
}

export interface VenueDecoder {
  readonly venue: string;
  decode(frame: unknown): DecodeResult;
  readonly stats: DecoderStats;
}
