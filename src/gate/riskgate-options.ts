import type { ControlConfigInput } from '../control/control-config.js';
import type { EngineOptions } from '../engine/riskgate-options.js';

/** Options of a `RiskGate`: the threaded engine's, and its control server. Every field optional. */
export interface RiskGateOptions extends EngineOptions {
  /**
   * Start the control server (its own thread) with the engine: the config's `control` section
   * (validateControlConfig). Its `/state` reads the state block, `/kill` reaches the control
   * lane, `/stream` carries the decisions from the journal ring. Stopped by `stop()`.
   */
  readonly control?: ControlConfigInput;
}
