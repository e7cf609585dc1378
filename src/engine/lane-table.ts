import type { RingConsumer, RingProducer } from '../ring/index.js';

/** Most input rings one risk thread polls (control + feeds + strategies). */
export const MAX_LANES = 64;

/**
 * What a lane is: decides which slot types it may carry and what a loss on it means. FEED is
 * any lane of events from one producer thread: a supervised feed-handler worker or an event
 * lane the embedding publishes into (`RiskGate.createEventLane`). The risk thread treats both
 * alike (one full-ring rule); only a supervised feed is ever marked dead by the control lane.
 * KILL is the control server thread's own request lane (kill requests only): like CONTROL it is
 * polled again before any strategy's requests are answered (risk-loop.ts).
 */
export const LaneKind = { CONTROL: 0, FEED: 1, STRATEGY: 2, KILL: 3 } as const;
export type LaneKindValue = (typeof LaneKind)[keyof typeof LaneKind];

/**
 * Lane hold flags: why a feed lane's instruments are held down. LOSS: events lost to a full
 * ring; DEAD: the worker died; SILENT: the worker lives but its beat stopped past its deadline,
 * or its source's `run()` resolved (feed-beat-watch.ts).
 */
export const LaneHold = { LOSS: 1, DEAD: 2, SILENT: 4 } as const;

/**
 * The risk thread's table of input lanes: one input ring each, with the decision ring of a
 * lane that sends requests and the instruments a feed lane covers. Preallocated to
 * `MAX_LANES`; lanes are only appended (at start or when the embedding attaches one) and never
 * removed, so the polling loop indexes plain arrays without allocating.
 * Owned by the risk thread: nothing here is shared.
 */
export class LaneTable {
  count = 0;
  readonly kind = new Uint8Array(MAX_LANES);
  readonly input: (RingConsumer | null)[] = new Array<RingConsumer | null>(MAX_LANES).fill(null);
  readonly decisions: (RingProducer | null)[] = new Array<RingProducer | null>(MAX_LANES).fill(null);
  /** Instrument indices a feed lane covers (its events' instruments): the ones a loss marks down. */
  readonly instruments: Int32Array[] = new Array<Int32Array>(MAX_LANES).fill(new Int32Array(0));
  /** The producer's drop counter as last seen (uint32); 0 at attach: every ring is new to its lane. */
  readonly dropsSeen = new Float64Array(MAX_LANES);
  /** `LaneHold` bits currently set. */
  readonly hold = new Uint8Array(MAX_LANES);

  /** Appends a lane; returns its index, or -1 when the table is full. Off the hot path. */
  add(kind: LaneKindValue, input: RingConsumer, decisions: RingProducer | null, instruments: Int32Array): number {
    if (this.count === MAX_LANES) return -1;
    const lane = this.count;
    this.kind[lane] = kind;
    this.input[lane] = input;
    this.decisions[lane] = decisions;
    this.instruments[lane] = instruments;
    // 0, not the counter's current value: the ring was created for this lane, so drops its
    // producer recorded before the risk thread attached it (a producer that published before
    // start(), or while the lane was in flight to this thread) are losses too.
    this.dropsSeen[lane] = 0;
    this.hold[lane] = 0;
    this.count = lane + 1;
    return lane;
  }
}
