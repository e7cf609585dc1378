/**
 * Scenario steps carrying a raw venue frame: `{"at": 12, "type": "raw", "venue": "bybit",
 * "frame": {...}}` (the frame as captured: an object, an array, or text such as "pong"), so a
 * captured session replays through the real decoders.
 *
 * `parseScenario` expands each raw step, in file order, into the normalized events its venue's
 * decoder makes of the frame (fill, orderUpdate, snapshot, heartbeat), each with the raw step's
 * `at`; the runner then applies them like any other market step, in order. One decoder per
 * venue lives for the whole file, so stateful decoders (BitMEX order table) see the session in
 * order. The symbol table is `config.venues.<venue>.instruments` (lot sizes from
 * `config.instruments`), or every instrument under its own name when the venue has no section.
 * Ignored frames (acks, unknown topics) and malformed frames yield no event: they are counted in
 * `RawSummary`, never an error.
 */
import type { ResolvedConfig } from '../config/engine-config.js';
import { createDecoder } from '../feeds/decoder-factory.js';
import { venueConfigOf, type VenuesConfig } from '../feeds/venue-config.js';
import { VENUE_NAMES, isVenueName, type VenueName } from '../feeds/venue-name.js';
import type { VenueDecoder } from '../venues/venue-decoder.js';
import type { MarketEvent, Step } from './scenario-types.js';

export const RAW_STEP_KEYS: readonly string[] = ['venue', 'frame'];

/** What the raw steps of a scenario amounted to. */
export interface RawSummary {
  readonly frames: number;
  readonly events: number;
  readonly ignored: number;
  readonly malformed: number;
  /** Rows dropped as malformed inside frames that decoded (the rows beside them were applied). */
  readonly malformedRows: number;
  /** One line per malformed frame: `steps[i] (venue): error`. */
  readonly errors: readonly string[];
}

/** Problem text for a bad `venue` field, or undefined when it names a known venue. */
export function checkRawVenue(v: unknown): string | undefined {
  return isVenueName(v) ? undefined : `one of ${VENUE_NAMES.join(', ')}`;
}

export class RawStepExpander {
  readonly #decoders = new Map<VenueName, VenueDecoder>();
  #frames = 0;
  #events = 0;
  readonly #errors: string[] = [];

  constructor(private readonly config: ResolvedConfig, private readonly venues: VenuesConfig) {}

  /** The events of one raw step (already validated: known venue), stamped with its `at`. */
  expand(at: number, venue: VenueName, frame: unknown, where: string): Step[] {
    let decoder = this.#decoders.get(venue);
    if (decoder === undefined) {
      decoder = createDecoder(venue, venueConfigOf(this.venues, venue, this.config).instruments);
      this.#decoders.set(venue, decoder);
    }
    this.#frames++;
    const r = decoder.decode(frame);
    if (r.error !== undefined) this.#errors.push(`${where} (${venue}): ${r.error}`);
    if (r.rowErrors !== undefined) for (const e of r.rowErrors) this.#errors.push(`${where} (${venue}): ${e} (a row; the rows beside it are applied)`);
    this.#events += r.events.length;
    return r.events.map((e) => ({ at, ...(e as MarketEvent) }) as Step);
  }

  get used(): boolean {
    return this.#frames > 0;
  }

  summary(): RawSummary {
    let ignored = 0;
    let malformed = 0;
    let malformedRows = 0;
    for (const d of this.#decoders.values()) {
      ignored += d.stats.ignored;
      malformed += d.stats.malformed;
      malformedRows += d.stats.malformedRows;
    }
    return { frames: this.#frames, events: this.#events, ignored, malformed, malformedRows, errors: [...this.#errors] };
  }
}
