/** Builds the decoder of a venue from its symbol table (the one place that knows every decoder class). */
import type { VenueDecoder, VenueSymbolConfig } from '../venues/venue-decoder.js';
import { BybitDecoder } from '../venues/bybit/bybit-decoder.js';
import { OkxDecoder } from '../venues/okx/okx-decoder.js';
import { DeribitDecoder } from '../venues/deribit/deribit-decoder.js';
import { BinanceUsdmDecoder } from '../venues/binance/binance-decoder.js';
import { BitmexDecoder } from '../venues/bitmex/bitmex-decoder.js';
import type { VenueName } from './venue-name.js';

export function createDecoder(venue: VenueName, symbols: readonly VenueSymbolConfig[]): VenueDecoder {
  switch (venue) {
    case 'bybit': return new BybitDecoder(symbols);
    case 'okx': return new OkxDecoder(symbols);
    case 'deribit': return new DeribitDecoder(symbols);
    case 'binance-usdm': return new BinanceUsdmDecoder(symbols);
    case 'bitmex': return new BitmexDecoder(symbols);
  }
}
