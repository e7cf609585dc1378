/**
 * `riskgate`: the embedding API. Named exports only; what a user plugs in lives in its own entry
 * point: `riskgate/venues` (venue decoders), `riskgate/feeds` (live venue feeds and the
 * `Reconciler`), `riskgate/sim` (the exchange simulator), `riskgate/testing` (scenarios, naive
 * gate, manual clock).
 *
 * `RiskGate` is the threaded engine; the single-threaded core (`RiskEngine`) takes integer
 * handles on its hot path; `EngineGate` is the edge that accepts scenario-format objects with
 * string ids. See README.md.
 */

// The threaded engine.
export { RiskGate } from './gate/riskgate.js';
export type { RiskGateOptions } from './gate/riskgate-options.js';
export { ThreadedEngine } from './engine/threaded-engine.js';
export type { FeedSpec, CancelAllRecord, StopReport } from './engine/threaded-engine.js';
export { RISKGATE_DEFAULTS, riskGateOptionProblems } from './engine/riskgate-options.js';
export type { EngineOptions } from './engine/riskgate-options.js';
export { RiskGateError, RiskGateErrorCode } from './engine/riskgate-error.js';
export type { RiskGateErrorCodeValue } from './engine/riskgate-error.js';
export { StrategyClient, StrategyStatus } from './engine/strategy-client.js';
export type { StrategyChannel } from './engine/strategy-channel.js';
export { FeedSink } from './engine/feed-sink.js';
export { EventLanePublisher } from './engine/event-lane-publisher.js';
export { EventLaneStatus } from './engine/event-lane-status.js';
export type { EventLaneStatusValue } from './engine/event-lane-status.js';
export type { EventLaneChannel, EventLaneOptions } from './engine/event-lane-channel.js';
export type { FeedSource, CreateFeedSource, FeedSourceSpec } from './engine/feed-source.js';
export { SUPERVISOR_DEFAULTS } from './engine/feed-supervisor.js';
export type { SupervisorOptions, FeedHandle, FeedState, FeedLifecycleEvent } from './engine/feed-supervisor.js';
export type { EngineState, InstrumentState } from './engine/state-block-reader.js';
export type { PlacementReport, AllocationProbe, AllocationReport } from './engine/risk-thread-data.js';

// Codes: stable integers on the hot path.
export { RiskEngine } from './risk/risk-engine.js';
export { DenyReason, denyReasonName, denyReasonCode } from './risk/deny-reason.js';
export type { DenyReasonName, DenyReasonCode } from './risk/deny-reason.js';
export { Side, OrderStatusCode, KillMode, ALL_INSTRUMENTS, ApplyResult, Counter } from './risk/codes.js';
export type { SideValue, KillModeValue } from './risk/codes.js';
export { ManualClock, systemClock } from './risk/clock.js';
export type { Clock } from './risk/clock.js';

// Config: one zod declaration gives the type, the validation and the shipped JSON Schema.
export { validateConfig } from './config/validate-config.js';
export { parseConfigText, findDuplicateKeys, type DuplicateKey } from './config/parse-json-strict.js';
export { ConfigError } from './config/config-error.js';
export { CONFIG_DEFAULTS, CONFIG_DOCS } from './config/engine-config.js';
export { RiskGateConfigSchema, configJsonSchema, type RiskGateConfig, type InstrumentConfigInput } from './config/config-schema.js';
export type { ResolvedConfig, InstrumentConfig, CapacityConfig, SequenceMode, AccountConfig, LossLimit, BreachMode } from './config/engine-config.js';
export type { ControlConfigInput } from './control/control-config.js';
export type { JournalOptionsInput } from './journal/journal-options-input.js';

// Units.
export { parseDecimal, toLots, formatDecimal } from './units/decimal-lots.js';
export type { Decimal, LotsResult } from './units/decimal-lots.js';
export { stringKey, StringInterner } from './units/string-keys.js';

// The string-id edge of the core (scenario-format events and requests).
export { EngineGate } from './scenario/engine-gate.js';
export type { Gate, DecisionLine } from './scenario/gate.js';
export type {
  Step, StepBody, MarketEvent, VenueEvent, RequestStep, SnapshotEvent, FillEvent, OrderUpdateEvent, FeedEvent, HeartbeatEvent,
  MarkEvent, OrderRequest, CancelRequest, KillRequest, OrderStatus, TimeInForce,
} from './scenario/scenario-types.js';

// The control plane and the journal.
export { startControlServerThread } from './control/control-server-thread.js';
export type { StateSource, FirmExposure, FirmInstrumentExposure } from './control/state-source.js';
export type { KillSink } from './control/kill-sink.js';
export { openJournal } from './journal/open-journal.js';
export type { OpenedJournal } from './journal/open-journal.js';
export { JournalWriter } from './journal/journal-writer.js';
export { replayRecords } from './replay/replay-journal.js';
export type { ReplayResult, ReplayOptions, ReplayOutcome } from './replay/replay-journal.js';
