/**
 * Helpers for `DecoderStats` and `DecodeResult`, shared by every venue decoder so that counting
 * and the "malformed frame emits nothing" rule read the same everywhere.
 */
import type { VenueEvent } from '../events/market-events.js';
import type { DecodeResult, DecoderStats } from './venue-decoder.js';
import { MalformedFrame } from './frame-reader.js';

export function createDecoderStats(): DecoderStats {
  return { decoded: 0, ignored: 0, malformed: 0, malformedRows: 0, ignoredByKind: new Map(), malformedByKind: new Map() };
}

const NOTHING: readonly VenueEvent[] = Object.freeze([]);

/** Counts a frame that decoded into `events` (possibly none, e.g. an ack). */
export function decoded(stats: DecoderStats, events: readonly VenueEvent[]): DecodeResult {
  stats.decoded++;
  return { events };
}

/** Counts an ignored frame (unknown type, channel or symbol) under `kind`. */
export function ignored(stats: DecoderStats, kind: string): DecodeResult {
  stats.ignored++;
  stats.ignoredByKind.set(kind, (stats.ignoredByKind.get(kind) ?? 0) + 1);
  return { events: NOTHING };
}

/** Counts a malformed frame under `kind`; the frame emits nothing. */
export function malformed(stats: DecoderStats, kind: string, error: string): DecodeResult {
  stats.malformed++;
  stats.malformedByKind.set(kind, (stats.malformedByKind.get(kind) ?? 0) + 1);
  return { events: NOTHING, error: `${kind}: ${error}` };
}

/** A string frame parsed as JSON; anything else passed through; `ok: false` when the text is not JSON. */
export function parseFrame(frame: unknown): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  if (typeof frame !== 'string') return { ok: true, value: frame };
  try {
    return { ok: true, value: JSON.parse(frame) as unknown };
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message.slice(0, 80)}` };
  }
}

/**
 * Where a router collects one frame's events and the kinds of the elements it skipped. The frame's
 * events are returned only if the whole frame decodes (see `decodeFrame`).
 */
export class FrameSink {
  readonly events: VenueEvent[] = [];
  readonly skipped: string[] = [];
  readonly rowErrors: MalformedFrame[] = [];

  /**
   * Decodes one row with `decode`: when it throws `MalformedFrame`, what the row emitted or
   * skipped is taken back and the error recorded, and the rows beside it still decode.
   */
  row(decode: () => void): void {
    const events = this.events.length;
    const skipped = this.skipped.length;
    try {
      decode();
    } catch (e) {
      if (!(e instanceof MalformedFrame)) throw e;
      this.events.length = events;
      this.skipped.length = skipped;
      this.rowErrors.push(e);
    }
  }

  outcome(): FrameOutcome {
    return frameEvents(this.events, this.skipped, this.rowErrors);
  }
}

/** Counts the malformed rows of a decoded frame; their `kind: reason` for `DecodeResult.rowErrors`. */
export function countRowErrors(stats: DecoderStats, rowErrors: readonly { readonly kind: string; readonly message: string }[]): string[] {
  const out: string[] = [];
  for (const e of rowErrors) {
    stats.malformedRows++;
    stats.malformedByKind.set(e.kind, (stats.malformedByKind.get(e.kind) ?? 0) + 1);
    out.push(`${e.kind}: ${e.message}`);
  }
  return out;
}

/**
 * What a venue's router made of one parsed frame: events (possibly none) plus the kinds of the
 * elements it skipped on purpose (unknown symbol, hedge-mode leg, ...), or a whole-frame ignore.
 */
export type FrameOutcome =
  | { readonly ignored: false; readonly events: readonly VenueEvent[]; readonly skipped: readonly string[]; readonly rowErrors: readonly MalformedFrame[] }
  | { readonly ignored: true; readonly kind: string };

export function ignoreFrame(kind: string): FrameOutcome {
  return { ignored: true, kind };
}

export function frameEvents(events: readonly VenueEvent[], skipped: readonly string[] = [], rowErrors: readonly MalformedFrame[] = []): FrameOutcome {
  return { ignored: false, events, skipped, rowErrors };
}

/**
 * The one place a decoder turns a frame into a `DecodeResult`: parses strings, runs `route`,
 * counts the outcome, and converts a thrown `MalformedFrame` (or, defensively, anything else,
 * counted as kind "exception", which tests assert never happens) into a malformed result with
 * no events. `plainText`, when given, sees string frames first (OKX answers "ping" with the bare
 * text "pong", which is not JSON). Never throws.
 *
 * Counting: every frame increments exactly one of `decoded`, `ignored`, `malformed`. The
 * by-kind maps count reasons: a decoded frame whose elements were partly skipped also adds those
 * element kinds to `ignoredByKind` (so `ignoredByKind` may sum to more than `ignored`), and its
 * malformed rows (`FrameSink.row`) to `malformedRows` and `malformedByKind`.
 */
export function decodeFrame(
  stats: DecoderStats,
  frame: unknown,
  route: (value: unknown) => FrameOutcome,
  plainText?: (text: string) => FrameOutcome | undefined,
): DecodeResult {
  const text = typeof frame === 'string' && plainText !== undefined ? plainText(frame) : undefined;
  if (text !== undefined) return text.ignored ? ignored(stats, text.kind) : decoded(stats, text.events);
  const parsed = parseFrame(frame);
  if (!parsed.ok) return malformed(stats, 'json', parsed.error);
  let outcome: FrameOutcome;
  try {
    outcome = route(parsed.value);
  } catch (e) {
    if (e instanceof MalformedFrame) return malformed(stats, e.kind, e.message);
    return malformed(stats, 'exception', e instanceof Error ? e.message : 'non-error thrown');
  }
  if (outcome.ignored) return ignored(stats, outcome.kind);
  for (const kind of outcome.skipped) stats.ignoredByKind.set(kind, (stats.ignoredByKind.get(kind) ?? 0) + 1);
  const rowErrors = countRowErrors(stats, outcome.rowErrors);
  stats.decoded++;
  return rowErrors.length === 0 ? { events: outcome.events } : { events: outcome.events, rowErrors };
}

/**
 * A by-kind label built from venue input, kept to a fixed vocabulary so hostile or novel input
 * cannot grow the stats maps: `prefix:value` for a known value, `prefix:other` otherwise.
 */
export function boundedKind(prefix: string, value: unknown, known: ReadonlySet<string>): string {
  return typeof value === 'string' && known.has(value) ? `${prefix}:${value}` : `${prefix}:other`;
}
