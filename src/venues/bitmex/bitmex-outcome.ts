/**
 * What one BitMEX table handler produced before the decoder commits it: events, the kinds of rows
 * skipped inside the frame, and (order table only) the state changes to apply. Nothing is counted
 * or applied until the whole frame is known to be well formed.
 */
import type { VenueEvent } from '../../events/market-events.js';

export type BitmexOutcome =
  | { readonly type: 'events'; readonly events: VenueEvent[]; readonly skipped: readonly string[]; readonly commit?: () => void }
  | { readonly type: 'ignored'; readonly kind: string };
