/** The threaded engine and what runs on its threads (named exports only); `RiskGate` adds the control server (src/gate/). */
export { ThreadedEngine } from './threaded-engine.js';
export type { FeedSpec, CancelAllRecord, StopReport, EngineAttachments } from './threaded-engine.js';
export { RISKGATE_DEFAULTS, riskGateOptionProblems } from './riskgate-options.js';
export type { EngineOptions } from './riskgate-options.js';
export { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
export type { RiskGateErrorCodeValue } from './riskgate-error.js';
export { StrategyClient, StrategyStatus } from './strategy-client.js';
export type { StrategyChannel } from './strategy-channel.js';
export { FeedSink } from './feed-sink.js';
export { EventLanePublisher } from './event-lane-publisher.js';
export { EventLaneStatus } from './event-lane-status.js';
export type { EventLaneStatusValue } from './event-lane-status.js';
export type { EventLaneChannel, EventLaneOptions } from './event-lane-channel.js';
export type { FeedSource, CreateFeedSource, FeedSourceSpec } from './feed-source.js';
export { SUPERVISOR_DEFAULTS } from './feed-supervisor.js';
export type { SupervisorOptions, FeedHandle, FeedState, FeedLifecycleEvent } from './feed-supervisor.js';
export type { EngineState, InstrumentState } from './state-block-reader.js';
export type { PlacementReport, AllocationProbe, AllocationReport } from './risk-thread-data.js';
export type { ScenarioFeedOptions } from './scenario-feed-source.js';
/** Module URL of the replay feed source (`FeedSpec.source.module`). */
export const SCENARIO_FEED_SOURCE = new URL('./scenario-feed-source.js', import.meta.url).href;
