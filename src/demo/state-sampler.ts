/**
 * Samples a `RiskGate`'s trading state for one instrument at every market tick (the demo's
 * clock): what blocks risk-increasing orders right now, and when the flip-flop guard tripped and
 * resumed (from its counters, so a trip between two samples is not missed). Reads the state
 * block (a seqlock copy); never calls into the risk thread.
 */
import type { EngineState } from '../engine/index.js';
import { KillMode } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import type { StateSample } from './availability.js';

export interface GuardEvent {
  /** ms since trading started. */
  readonly at: number;
  readonly kind: 'trip' | 'resume';
}

/** `''` healthy, else the code a risk-increasing order gets from the trading state (in check order). */
export function blockOf(s: EngineState, inst: number): string {
  const i = s.instruments[inst];
  if (i === undefined) return 'UNKNOWN_INSTRUMENT';
  if (s.globalKill === KillMode.HALT || i.killMode === KillMode.HALT) return 'KILL_SWITCH';
  if (i.flipHalted) return 'FLIP_FLOP';
  if (s.globalKill === KillMode.REDUCE || i.killMode === KillMode.REDUCE) return 'REDUCE_ONLY';
  return i.health === 0 ? '' : denyReasonName(i.health);
}

export class StateSampler {
  readonly samples: StateSample[] = [];
  readonly guardEvents: GuardEvent[] = [];
  readonly #read: () => EngineState | undefined;
  readonly #inst: number;
  #trips = 0;
  #resumes = 0;
  #halted = false;

  constructor(read: () => EngineState | undefined, inst: number) {
    this.#read = read;
    this.#inst = inst;
  }

  /** `at`: ms since trading started. */
  sample(at: number): void {
    const s = this.#read();
    if (s === undefined) return;
    this.samples.push({ at, block: blockOf(s, this.#inst) });
    const trips = s.counters['FLIP_FLOP_TRIPS'] ?? 0;
    const resumes = s.counters['FLIP_FLOP_RESUMES'] ?? 0;
    const halted = s.instruments[this.#inst]?.flipHalted === true;
    for (; this.#trips < trips; this.#trips++) this.guardEvents.push({ at, kind: 'trip' });
    for (; this.#resumes < resumes; this.#resumes++) this.guardEvents.push({ at, kind: 'resume' });
    // A manual resume is not counted as a cool-down resume: seen as the halt ending.
    if (this.#halted && !halted && this.guardEvents.at(-1)?.kind !== 'resume') this.guardEvents.push({ at, kind: 'resume' });
    this.#halted = halted;
  }

  get trips(): number {
    return this.#trips;
  }
}
