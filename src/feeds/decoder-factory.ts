/** Builds the decoder of a venue from its symbol table (the one place that knows every decoder class). */
import type { VenueDecoder, VenueSymbolConfig } from '../venues/venue-decoder.js';
import { BybitDecoder } from '../venues/bybit/bybit-decoder.js';
import { OkxDecoder } from '../venues/okx/okx-decoder.js';
import { DeribitDecoder } from '../venues/deribit/deribit-decoder.js';
import { BinanceUsdmDecoder } from '../venues/binance/binance-decoder.js';
import { BitmexDecoder } from '../venues/bitmex/bitmex-decoder.js';
import { VENUE_NAMES, type VenueName } from './venue-name.js';
import type { ByteDecoder } from '../venues/scan/byte-decoder.js';
import { BybitByteDecoder } from '../venues/bybit/bybit-byte-decoder.js';
import { OkxByteDecoder } from '../venues/okx/okx-byte-decoder.js';
import { BinanceByteDecoder } from '../venues/binance/binance-byte-decoder.js';
import { DeribitByteDecoder } from '../venues/deribit/deribit-byte-decoder.js';
import { BitmexByteDecoder } from '../venues/bitmex/bitmex-byte-decoder.js';

/** Thrown for a venue name outside `VENUE_NAMES` (a caller that bypassed the type, e.g. from JavaScript). */
export class UnknownVenueError extends Error {
  readonly code = 'ERR_RISKGATE_UNKNOWN_VENUE';

  constructor(venue: unknown) {
    super(`unknown venue ${JSON.stringify(venue)} (known: ${VENUE_NAMES.join(', ')})`);
    this.name = 'UnknownVenueError';
  }
}

/** The venue's reference decoder (JSON.parse, then the venue's rules): `riskgate decode --reference` and the parity test. */
export function createDecoder(venue: VenueName, symbols: readonly VenueSymbolConfig[]): VenueDecoder {
  switch (venue) {
    case 'bybit': return new BybitDecoder(symbols);
    case 'okx': return new OkxDecoder(symbols);
    case 'deribit': return new DeribitDecoder(symbols);
    case 'binance-usdm': return new BinanceUsdmDecoder(symbols);
    case 'bitmex': return new BitmexDecoder(symbols);
    default: throw new UnknownVenueError(venue satisfies never);
  }
}

/**
 * The venue's decoder that reads frames from their bytes (src/venues/scan/byte-decoder.ts), the
 * feed worker's default. Every venue has one; a name outside the union throws `UnknownVenueError`.
 */
export function createByteDecoder(venue: VenueName, symbols: readonly VenueSymbolConfig[]): ByteDecoder {
  switch (venue) {
    case 'bybit': return new BybitByteDecoder(symbols);
    case 'okx': return new OkxByteDecoder(symbols);
    case 'binance-usdm': return new BinanceByteDecoder(symbols);
    case 'deribit': return new DeribitByteDecoder(symbols);
    case 'bitmex': return new BitmexByteDecoder(symbols);
    default: throw new UnknownVenueError(venue satisfies never);
  }
}
