/**
 * What one Binance event handler produced, before the decoder commits it to its stats: either
 * events (with the kinds of rows skipped inside the frame and the rows dropped as malformed) or a
 * whole frame ignored under a kind.
 * Nothing is counted until the frame is known to be well formed.
 */
import type { VenueEvent } from '../../events/market-events.js';
import type { BinanceFrameError } from './binance-frame-error.js';

export type BinanceOutcome =
  | { readonly type: 'events'; readonly events: VenueEvent[]; readonly skipped: readonly string[]; readonly rowErrors?: readonly BinanceFrameError[] }
  | { readonly type: 'ignored'; readonly kind: string };
