/** The instrument table the Bybit tests decode with (lot sizes chosen so every fixture is whole lots). */
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';

export const BYBIT_SYMBOLS: readonly VenueSymbolConfig[] = [
  { symbol: 'BTCUSDT', lotSize: '0.001' },
  { symbol: 'XRPUSDT', lotSize: '1' },
  { symbol: 'ETH-C-1400', venueSymbol: 'ETH-30DEC22-1400-C', lotSize: '0.1' },
];
