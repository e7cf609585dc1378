/**
 * `riskgate/venues`: the venue decoders (named exports only). Each turns one venue's private
 * WebSocket frames into event slots (`VenueDecoder`); a feed source calls one per frame.
 */
export { BybitDecoder } from './bybit/bybit-decoder.js';
export { BybitByteDecoder } from './bybit/bybit-byte-decoder.js';
export { OkxDecoder } from './okx/okx-decoder.js';
export { OkxByteDecoder } from './okx/okx-byte-decoder.js';
export { DeribitDecoder } from './deribit/deribit-decoder.js';
export { BinanceUsdmDecoder } from './binance/binance-decoder.js';
export { BitmexDecoder } from './bitmex/bitmex-decoder.js';
export { SymbolMap } from './symbol-map.js';
export type { VenueDecoder, VenueSymbolConfig, DecodeResult, DecoderStats } from './venue-decoder.js';
