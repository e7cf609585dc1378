/** The engine with its control server (named exports only); the threaded engine itself is src/engine/index.ts. */
export { RiskGate } from './riskgate.js';
export type { RiskGateOptions } from './riskgate-options.js';
