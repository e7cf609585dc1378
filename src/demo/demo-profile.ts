/**
 * The fault profile the demo gives the simulator for a profile name: the simulator's named
 * profile (src/sim/fault-profile.ts), unchanged unless noted here.
 */
import type { FaultProfile } from '../sim/index.js';
import { PROFILES } from '../sim/index.js';
import type { DemoProfile } from './demo-options.js';

export function demoProfile(name: DemoProfile): FaultProfile {
  return PROFILES[name];
}
