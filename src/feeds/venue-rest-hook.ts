import type { SnapshotEvent } from '../events/market-events.js';
import { SymbolMap } from '../venues/symbol-map.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import type { Credentials } from './credentials.js';
import type { FeedClock } from './feed-timers.js';
import type { PositionHook } from './position-hook.js';
import type { RestClient } from './rest-client.js';
import type { VenueName } from './venue-name.js';

/**
 * What every venue's REST position hook holds: the shared `RestClient` (budget, back-off,
 * counters), the credentials it signs with, the instruments' symbol map, which engine symbols
 * are sequenced (their snapshots need a watermark), and the clock it stamps requests with. Each
 * venue adds its request, signature and decoding in `fetchSnapshots`.
 */
export abstract class VenueRestHook implements PositionHook {
  abstract readonly venue: VenueName;
  protected readonly symbols: SymbolMap;

  constructor(
    protected readonly client: RestClient,
    protected readonly credentials: Credentials,
    instruments: readonly VenueSymbolConfig[],
    protected readonly sequenced: ReadonlySet<string>,
    protected readonly clock: FeedClock,
  ) {
    this.symbols = new SymbolMap(instruments);
  }

  get stats(): RestClient['stats'] {
    return this.client.stats;
  }

  abstract fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]>;
}
