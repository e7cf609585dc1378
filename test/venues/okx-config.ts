/** The instrument table the OKX tests decode with (lot sizes chosen so every fixture is whole lots). */
import type { VenueSymbolConfig } from '../../src/venues/venue-decoder.js';

export const OKX_SYMBOLS: readonly VenueSymbolConfig[] = [
  { symbol: 'BTC-USDT', lotSize: '0.0001' },
  { symbol: 'BTC-PERP', venueSymbol: 'BTC-USDT-SWAP', lotSize: '0.01' },
  { symbol: 'ETH-USD-210430', lotSize: '1' },
];
