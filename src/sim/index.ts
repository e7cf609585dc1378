/** Public API of the exchange simulator (named exports only). Protocol and profiles: README.md. */
export { SimServer } from './sim-server.js';
export type { SimServerOptions } from './sim-server.js';
export { SimExchange } from './sim-exchange.js';
export type { EntryReply, Quote } from './sim-exchange.js';
export type { AccountOptions, ExchangeOptions } from './exchange-options.js';
export type { InstrumentOptions } from './instrument.js';
export { CALM, HOSTILE, PROFILES, REALISTIC, resolveProfile } from './fault-profile.js';
export type { FaultKind, FaultProfile, ProfileName } from './fault-profile.js';
export type { AccountTruth, ExecutionTruth, FaultRecord, LiveOrderTruth, PositionPoint, SymbolTruth } from './truth.js';
export type { CancelRequest, EntryRequest, NewOrderRequest, RejectCode } from './entry-protocol.js';
export type { SentFrame } from './account-stream.js';
export type { SimVenue } from './venue-framer.js';
export { SIM_EPOCH_MS } from './venue-framer.js';
export { bybitSignature } from './bybit-session.js';
export { SimError } from './sim-error.js';
export type { SimErrorCode } from './sim-error.js';
export { uwsIsNative } from './uws-app.js';
