/** The instrument table the Deribit tests decode with: BTC-PERPETUAL contracts are 10 USD. */
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';

export const DERIBIT_SYMBOLS: readonly VenueSymbolConfig[] = [{ symbol: 'BTC-PERP', venueSymbol: 'BTC-PERPETUAL', lotSize: '10' }];
