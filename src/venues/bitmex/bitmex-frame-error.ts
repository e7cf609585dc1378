/**
 * Internal control flow of the BitMEX decoder: a failed field check throws this and
 * `BitmexDecoder.decode` turns it into a counted malformed frame (and discards the frame's staged
 * order-state changes). It never escapes `decode`.
 */
export class BitmexFrameError extends Error {
  /** Short, bounded label for `DecoderStats.malformedByKind` (never venue text). */
  readonly kind: string;

  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
  }
}
