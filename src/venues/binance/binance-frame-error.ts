/**
 * Internal control flow of the Binance decoder: a field check that fails throws this, and
 * `BinanceUsdmDecoder.decode` turns it into a counted malformed frame. It never escapes `decode`.
 */
export class BinanceFrameError extends Error {
  /** Short, bounded label for `DecoderStats.malformedByKind` (never venue text). */
  readonly kind: string;

  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
  }
}
