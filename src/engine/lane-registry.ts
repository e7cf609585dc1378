import type { MessagePort } from 'node:worker_threads';
import { SHORT_LEG_SUFFIX } from '../config/hedge-legs.js';
import { EVENT_SLOT_BYTES } from '../codec/index.js';
import { createRing } from '../ring/index.js';
import { LANES_VERSION_WORD } from './control-block-layout.js';
import type { Doorbell } from './doorbell.js';
import { LaneKind, MAX_LANES } from './lane-table.js';
import { readRingOccupancy, type RingStatus } from './ring-occupancy.js';
import type { LaneSpec } from './risk-thread-data.js';
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';
import type { StrategyChannel } from './strategy-channel.js';

/** Ring sizes of new lanes (slots, powers of two). */
export interface LaneRingSizes {
  readonly feed: number;
  readonly strategy: number;
}

/**
 * The embedding's list of the risk thread's input lanes (the risk thread's own copy is its
 * `LaneTable`): creates each lane's rings, names it, and, once the risk thread runs
 * (`goLive`), posts each new lane to it and announces it (a bump of the control block's lane
 * version, then the doorbell). Lanes are only appended. Embedding thread only; cold.
 */
export class LaneRegistry {
  readonly specs: LaneSpec[] = [];
  private port: MessagePort | undefined;

  constructor(
    private readonly control: SharedArrayBuffer,
    private readonly bell: Doorbell,
    private readonly symbols: readonly string[],
    private readonly sizes: LaneRingSizes,
  ) {}

  /** From now on each new lane is posted on `port` to the risk thread, which has the lanes so far. */
  goLive(port: MessagePort): void {
    this.port = port;
  }

  /** Closes the attach port (after the risk thread is gone). */
  close(): void {
    this.port?.close();
  }

  /** Registers a lane; once live it is posted to the risk thread and announced. Returns its index. */
  add(spec: LaneSpec): number {
    if (this.specs.length === MAX_LANES) throw new RiskGateError(RiskGateErrorCode.LANES, `at most ${MAX_LANES} lanes (control + feeds + strategies)`);
    this.specs.push(spec);
    if (this.port !== undefined) {
      this.port.postMessage(spec);
      Atomics.add(new Int32Array(this.control), LANES_VERSION_WORD, 1); // announce lanes
      this.bell.ring(); // wake the risk thread to attach
    }
    return this.specs.length - 1;
  }

  /** A lane that sends requests (a request ring and a decision ring), with the channel a client is built on. */
  addRequestLane(name: string, kind: typeof LaneKind.CONTROL | typeof LaneKind.STRATEGY | typeof LaneKind.KILL, latency: SharedArrayBuffer | null): StrategyChannel {
    const requests = createRing({ capacity: this.sizes.strategy, slotSize: EVENT_SLOT_BYTES });
    const decisions = createRing({ capacity: this.sizes.strategy, slotSize: EVENT_SLOT_BYTES });
    const lane = this.add({ kind, name, input: requests, decisions, instruments: [] });
    return { name, lane, requests, decisions, control: this.control, latency };
  }

  /** A feed's or event lane's ring: `capacity` slots, default the feed ring size. */
  eventRing(capacity: number | undefined): SharedArrayBuffer {
    return createRing({ capacity: capacity ?? this.sizes.feed, slotSize: EVENT_SLOT_BYTES });
  }

  /**
   * Feeds and event lanes share one namespace: the risk thread treats both as FEED lanes, and
   * ring status, `waitForFeed` and `cpuMap.feedByName` tell them apart by name only.
   */
  assertEventSourceName(what: string, name: string): void {
    if (typeof name !== 'string' || name === '') throw new RiskGateError(RiskGateErrorCode.OPTIONS, `${what} name must be a non-empty string`);
    if (this.specs.some((l) => l.kind === LaneKind.FEED && l.name === name)) {
      throw new RiskGateError(RiskGateErrorCode.OPTIONS, `${what} ${name}: a feed or event lane of that name exists (feeds and event lanes share one namespace)`);
    }
  }

  /** Indices of `symbols` (default: every instrument) for a lane's loss hold; throws OPTIONS on an unknown symbol. */
  instrumentIndices(what: string, symbols: readonly string[] | undefined): number[] {
    // A hedge instrument's feed reports both its legs: naming the instrument names its short leg too.
    return (symbols ?? this.symbols).flatMap((s) => {
      const i = this.symbols.indexOf(s);
      if (i < 0) throw new RiskGateError(RiskGateErrorCode.OPTIONS, `${what}: instrument ${s} is not in the config`);
      const short = symbols === undefined ? -1 : this.symbols.indexOf(`${s}${SHORT_LEG_SUFFIX}`);
      return short < 0 ? [i] : [i, short];
    });
  }

  /** Occupancy and losses of each lane's input ring and decision ring (ring-occupancy.ts). */
  ringStatus(): RingStatus[] {
    const out: RingStatus[] = [];
    for (const lane of this.specs) {
      out.push(readRingOccupancy(`${lane.name}:input`, lane.input));
      if (lane.decisions !== null) out.push(readRingOccupancy(`${lane.name}:decisions`, lane.decisions));
    }
    return out;
  }
}
