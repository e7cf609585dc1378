/**
 * Helpers for `DecoderStats` and `DecodeResult`, shared by every venue decoder so that counting
 * and the "malformed frame emits nothing" rule read the same everywhere.
 */
import type { VenueEvent } from '../scenario/scenario-types.js';
import type { DecodeResult, DecoderStats } from './venue-decoder.js';

export function createDecoderStats(): DecoderStats {
  return { decoded: 0, ignored: 0, malformed: 0, ignoredByKind: new Map(), malformedByKind: new Map() };
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

/** A string frame parsed as JSON; anything else passed through. `undefined` on a parse failure. */
export function parseFrame(frame: unknown): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  if (typeof frame !== 'string') return { ok: true, value: frame };
  try {
    return { ok: true, value: JSON.parse(frame) as unknown };
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message.slice(0, 80)}` };
  }
}
