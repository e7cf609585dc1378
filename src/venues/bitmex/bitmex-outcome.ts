/**
 * What one BitMEX table handler produced before the decoder commits it: events, the kinds of rows
 * skipped inside the frame, the rows dropped as malformed (the rows beside them still decode), and (order table only) the state changes to apply. Nothing is counted
 * or applied until the whole frame is known to be well formed.
 */
import type { VenueEvent } from '../../events/market-events.js';
import type { BitmexFrameError } from './bitmex-frame-error.js';

export type BitmexOutcome =
  | { readonly type: 'events'; readonly events: VenueEvent[]; readonly skipped: readonly string[]; readonly rowErrors: readonly BitmexFrameError[]; readonly commit?: () => void }
  | { readonly type: 'ignored'; readonly kind: string };
