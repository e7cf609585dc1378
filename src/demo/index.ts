/** The demo: public entry points (named exports only). */
export { runDemo, LIVE_FEED_SOURCE } from './run-demo.js';
export { DEMO_DEFAULTS, DemoError, resolveDemoOptions } from './demo-options.js';
export type { DemoOptions, DemoProfile, DemoVenue, ResolvedDemoOptions } from './demo-options.js';
export type { DemoResult, SideResult, LatencyResult } from './demo-result.js';
export { summaryTable } from './summary-table.js';
export { demoJson } from './demo-json.js';
export type { DemoJson } from './demo-json.js';
export { measureAvailability } from './availability.js';
export type { AvailabilityResult, Block, FaultRecovery, TimelineSecond } from './availability.js';
export type { LiveFeedSourceOptions } from '../venue-bridge/live-feed-source.js';
