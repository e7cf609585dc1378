/**
 * riskgate: the public API. Named exports only.
 *
 * The single-threaded core (`RiskEngine`) takes integer handles on its hot path; `EngineGate`
 * is the edge that accepts scenario-format objects with string ids. See README.md.
 */
export { RiskEngine } from './risk/risk-engine.js';
export { DenyReason, denyReasonName, denyReasonCode } from './risk/deny-reason.js';
export type { DenyReasonName, DenyReasonCode } from './risk/deny-reason.js';
export { Side, OrderStatusCode, KillMode, ALL_INSTRUMENTS, ApplyResult, Counter } from './risk/codes.js';
export type { SideValue, KillModeValue } from './risk/codes.js';
export type { ControlConfigInput } from './control/control-config-input.js';
export type { JournalOptionsInput } from './journal/journal-options-input.js';
export { ManualClock, systemClock } from './risk/clock.js';
export type { Clock } from './risk/clock.js';

export { validateConfig } from './config/validate-config.js';
export { parseConfigText, findDuplicateKeys, type DuplicateKey } from './config/parse-json-strict.js';
export { ConfigError } from './config/config-error.js';
export { CONFIG_DEFAULTS, CONFIG_DOCS } from './config/engine-config.js';
export { RiskGateConfigSchema, configJsonSchema, type RiskGateConfig, type InstrumentConfigInput } from './config/config-schema.js';
export type { ResolvedConfig, InstrumentConfig, CapacityConfig, SequenceMode } from './config/engine-config.js';

export { parseDecimal, toLots, formatDecimal } from './units/decimal-lots.js';
export { stringKey, StringInterner } from './units/string-keys.js';

export { parseScenario, ScenarioError } from './scenario/parse-scenario.js';
export type { Scenario, ParsedStep } from './scenario/parse-scenario.js';
export { runScenario } from './scenario/run-scenario.js';
export type { ScenarioRun } from './scenario/run-scenario.js';
export { EngineGate } from './scenario/engine-gate.js';
export { NaiveGate } from './scenario/naive-gate.js';
export type { Gate, DecisionLine } from './scenario/gate.js';
export type * from './scenario/scenario-types.js';

export { BybitDecoder } from './venues/bybit/bybit-decoder.js';
export { OkxDecoder } from './venues/okx/okx-decoder.js';
export { DeribitDecoder } from './venues/deribit/deribit-decoder.js';
export { BinanceUsdmDecoder } from './venues/binance/binance-decoder.js';
export { BitmexDecoder } from './venues/bitmex/bitmex-decoder.js';
export type { VenueDecoder, VenueSymbolConfig, DecodeResult, DecoderStats } from './venues/venue-decoder.js';

// The threaded engine (RiskGate, StrategyClient, feed sources) and the control plane.
export * from './engine/index.js';
export { startControlServerThread } from './control/control-server-thread.js';
export type { StateSource } from './control/state-source.js';
export type { KillSink } from './control/kill-sink.js';
export { openJournal } from './journal/open-journal.js';
export { JournalWriter } from './journal/journal-writer.js';
export { replayRecords } from './replay/replay-journal.js';
