/**
 * What every REST order entry holds: the account's `RestClient` (shared with its position hook:
 * one budget), credentials, the venue symbol of each engine symbol, and the clock it signs with.
 */
import type { Credentials } from '../feeds/credentials.js';
import type { FeedClock } from '../feeds/feed-timers.js';
import type { RestClient } from '../feeds/rest-client.js';
import type { VenueSymbolConfig } from '../venues/venue-decoder.js';
import type { EntryOutcome } from './order-entry.js';

export abstract class VenueEntryBase {
  readonly #venueSymbols: ReadonlyMap<string, string>;

  constructor(
    protected readonly client: RestClient,
    protected readonly credentials: Credentials,
    instruments: readonly VenueSymbolConfig[],
    protected readonly clock: FeedClock,
  ) {
    this.#venueSymbols = new Map(instruments.map((i) => [i.symbol, i.venueSymbol ?? i.symbol]));
  }

  /** The venue symbol of an engine symbol, or undefined when the venue config does not list it. */
  protected venueSymbol(symbol: string): string | undefined {
    return this.#venueSymbols.get(symbol);
  }

  /** Releases what the entry holds open (its order or dead-man socket); a REST entry holds nothing. */
  close(): void {}

  protected unlisted(clientId: string, symbol: string): EntryOutcome {
    return { kind: 'rejected', clientId, reason: `symbol ${symbol} is not configured for this venue` };
  }
}
