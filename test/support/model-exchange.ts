import type { Gate } from '../../src/scenario/gate.js';
import type { Side, Step, StepBody } from '../../src/scenario/scenario-types.js';

/**
 * A model exchange for property tests: it holds the TRUE position and the truly live orders of
 * one instrument, and a delivery layer of three FIFO channels (fills, order updates, position
 * snapshots) drained in random interleavings, so order updates overtake fills, snapshots
 * overtake both, and each is delayed arbitrarily. Faults: duplicate fill delivery, dropped
 * snapshots, a dead position feed, replayed stale snapshots (sequenced venues, and unsequenced
 * ones that stamp venue times), REST answers of the position as it stood at any earlier moment
 * (delivered at once, ahead of the queued stream snapshots), and, in the second family, lost
 * executions (the venue's streams never report them: no fill message and no cumQty; only later
 * snapshots include them).
 *
 * Venue times (`venueTimes`, unsequenced only): every snapshot carries the time of the true
 * position's last change, as Binance and BitMEX stamp theirs. Executions happen at the model's
 * `now`, which only moves on `tick`, so many changes share one venue time (the same millisecond):
 * the equal-time case is exercised as much as the older one. Without venue times a replayed or
 * earlier-moment snapshot cannot be told from news, so those faults stay off there.
 */
export type SequenceMode = 'none' | 'monotonic' | 'contiguous';

interface TrueOrder {
  readonly id: string;
  readonly side: 1 | -1;
  readonly qty: number;
  /** Truly executed lots. */
  executed: number;
  /** Lots the venue has reported (executed minus lost). */
  reported: number;
  /** Highest cumQty of this order's updates delivered to the gate so far. */
  cumDelivered: number;
  /** Lots of this order's distinct fills delivered to the gate so far. */
  fillsDelivered: number;
  state: 'inflight' | 'live' | 'done';
}

interface Snap {
  readonly step: StepBody;
  /** Executions (by model sequence) the snapshot includes. */
  readonly watermark: number;
}

export const SYMBOL = 'BTCUSDT';

export const ACTIONS = [
  'order', 'order', 'order', 'arrive', 'arrive', 'reject', 'fill', 'fill', 'fill', 'cancelRequest', 'cancelAtVenue',
  'snapshot', 'snapshot', 'deliverFill', 'deliverFill', 'deliverUpdate', 'deliverUpdate', 'deliverSnapshot', 'deliverSnapshot',
  'duplicateFill', 'dropSnapshot', 'killPositionFeed', 'revivePositionFeed', 'replayStaleSnapshot', 'tick', 'loseNextExecution',
  'restSnapshot',
] as const;
export type Action = readonly [kind: number, a: number, b: number];

export class ModelExchange {
  now = 0;
  truePos = 0;
  private execSeq = 0;
  private readonly orders: TrueOrder[] = [];
  private readonly inflight: TrueOrder[] = [];
  private readonly fills: StepBody[] = [];
  private readonly updates: StepBody[] = [];
  private readonly positions: Snap[] = [];
  private readonly delivered: Snap[] = [];
  private lastFill: StepBody | undefined;
  private readonly fillsSeen = new Set<string>();
  private positionFeedDead = false;
  private loseNext = false;
  private nextOrder = 0;
  /** Lost executions: model sequence and lots. */
  private readonly lost: { seq: number; qty: number }[] = [];
  /** Model time of the true position's last change (0: never traded): the venue time it reports. */
  private changedAt = 0;
  /** Every true state so far, oldest first: what a REST answer of an earlier moment reports. */
  private readonly history: { position: number; seq: number; changedAt: number }[] = [{ position: 0, seq: 0, changedAt: 0 }];
  /**
   * Executions at or below this sequence are inside a snapshot the gate applied while no
   * reported execution was awaiting its fill message.
   */
  private coveredUpTo = 0;
  private lostAtApproval = 0;
  readonly log: string[] = [];

  constructor(
    private readonly gate: Gate,
    private readonly mode: SequenceMode,
    readonly limit: number,
    private readonly loseExecutions: boolean,
    /** Unsequenced only: snapshots carry the venue time of the position's last change. */
    private readonly venueTimes = false,
  ) {
    this.deliver(this.snapshotStep(this.history[0]!), 0);
  }

  private get sequenced(): boolean {
    return this.mode !== 'none';
  }

  /** True when a snapshot of an earlier moment can be told from news (a watermark or a venue time). */
  private get ordered(): boolean {
    return this.sequenced || this.venueTimes;
  }

  private snapshotStep(s: { position: number; seq: number; changedAt: number }): StepBody {
    return {
      type: 'snapshot', symbol: SYMBOL, position: s.position,
      ...(this.sequenced ? { seq: s.seq } : this.venueTimes ? { venueTime: s.changedAt } : {}),
    };
  }

  private deliver(step: StepBody, watermark?: number): void {
    this.gate.setTime(this.now);
    this.gate.apply({ ...step, at: this.now } as Step as never);
    this.log.push(`${this.now} deliver ${JSON.stringify(step)}`);
    if (step.type === 'orderUpdate') {
      const o = this.orders.find((x) => x.id === step.orderId);
      if (o !== undefined && step.cumQty > o.cumDelivered) o.cumDelivered = step.cumQty;
    } else if (step.type === 'fill' && !this.fillsSeen.has(step.execId)) {
      this.fillsSeen.add(step.execId);
      const o = this.orders.find((x) => x.id === step.orderId);
      if (o !== undefined) o.fillsDelivered += step.qty;
    } else if (step.type === 'snapshot' && watermark !== undefined) {
      this.delivered.push({ step, watermark });
      // A snapshot applied while reported executions still await their fill messages cannot
      // tell a lost lot from a reported one: it does not count as covering lost lots.
      const awaiting = this.orders.some((o) => o.cumDelivered > o.fillsDelivered);
      if (!awaiting && watermark > this.coveredUpTo) this.coveredUpTo = watermark;
    }
  }

  private live(): TrueOrder[] {
    return this.orders.filter((o) => o.state === 'live');
  }

  private update(o: TrueOrder, status: 'new' | 'partiallyFilled' | 'filled' | 'canceled' | 'rejected'): void {
    const leaves = o.state === 'done' ? 0 : o.qty - o.reported;
    this.updates.push({ type: 'orderUpdate', symbol: SYMBOL, orderId: o.id, status, cumQty: o.reported, leavesQty: leaves });
  }

  step(action: Action): void {
    const [k, a, b] = action;
    const kind = ACTIONS[k % ACTIONS.length]!;
    switch (kind) {
      case 'order': {
        const side: Side = a % 2 === 0 ? 'buy' : 'sell';
        const qty = 1 + (b % 3);
        const id = `o${this.nextOrder++}`;
        this.gate.setTime(this.now);
        const d = this.gate.request({ type: 'order', orderId: id, symbol: SYMBOL, side, qty, price: 100, tif: 'GTC' });
        this.log.push(`${this.now} order ${id} ${side} ${qty} -> ${d.decision} ${d.reason ?? ''}`);
        if (d.decision === 'approve') {
          this.lostAtApproval = Math.max(this.lostAtApproval, this.uncoveredLost(), this.totalLostByMode());
          const o: TrueOrder = { id, side: side === 'buy' ? 1 : -1, qty, executed: 0, reported: 0, cumDelivered: 0, fillsDelivered: 0, state: 'inflight' };
          this.orders.push(o);
          this.inflight.push(o);
        }
        break;
      }
      case 'arrive': {
        const o = this.inflight.shift();
        if (o === undefined) break;
        o.state = 'live';
        this.update(o, 'new');
        break;
      }
      case 'reject': {
        const o = this.inflight.shift();
        if (o === undefined) break;
        o.state = 'done';
        this.update(o, 'rejected');
        break;
      }
      case 'fill': {
        const live = this.live();
        const o = live[a % Math.max(1, live.length)];
        if (o === undefined) break;
        const q = 1 + (b % (o.qty - o.executed));
        o.executed += q;
        this.truePos += o.side * q;
        this.execSeq++;
        this.changedAt = this.now;
        this.history.push({ position: this.truePos, seq: this.execSeq, changedAt: this.now });
        if (this.loseNext) {
          this.loseNext = false;
          this.lost.push({ seq: this.execSeq, qty: q });
          this.log.push(`${this.now} LOST execution ${this.execSeq} of ${o.id} ${o.side * q}`);
        } else {
          o.reported += q;
          this.fills.push({
            type: 'fill', symbol: SYMBOL, orderId: o.id, execId: `x${this.execSeq}`, side: o.side === 1 ? 'buy' : 'sell',
            qty: q, price: 100, ...(this.sequenced ? { seq: this.execSeq } : {}),
          });
        }
        if (o.executed === o.qty) o.state = 'done';
        this.update(o, o.executed === o.qty ? 'filled' : 'partiallyFilled');
        break;
      }
      case 'cancelRequest': {
        const open = this.orders.filter((o) => o.state !== 'done');
        const o = open[a % Math.max(1, open.length)];
        if (o === undefined) break;
        this.gate.setTime(this.now);
        const d = this.gate.request({ type: 'cancel', orderId: o.id });
        this.log.push(`${this.now} cancel ${o.id} -> ${d.decision} ${d.reason ?? ''}`);
        break;
      }
      case 'cancelAtVenue': {
        const live = this.live();
        const o = live[a % Math.max(1, live.length)];
        if (o === undefined) break;
        o.state = 'done';
        this.update(o, 'canceled');
        break;
      }
      case 'snapshot':
        if (!this.positionFeedDead) {
          this.positions.push({
            step: this.snapshotStep({ position: this.truePos, seq: this.execSeq, changedAt: this.changedAt }),
            watermark: this.execSeq,
          });
        }
        break;
      case 'deliverFill': {
        const f = this.fills.shift();
        if (f !== undefined) {
          this.lastFill = f;
          this.deliver(f);
        }
        break;
      }
      case 'deliverUpdate': {
        const u = this.updates.shift();
        if (u !== undefined) this.deliver(u);
        break;
      }
      case 'deliverSnapshot': {
        const s = this.positions.shift();
        if (s !== undefined) this.deliver(s.step, s.watermark);
        break;
      }
      case 'duplicateFill':
        if (this.lastFill !== undefined) this.deliver(this.lastFill);
        break;
      case 'dropSnapshot':
        this.positions.shift();
        break;
      case 'killPositionFeed':
        this.positionFeedDead = true;
        break;
      case 'revivePositionFeed':
        this.positionFeedDead = false;
        break;
      case 'replayStaleSnapshot': {
        // Only detectable with sequence numbers or venue times; without them a replay is indistinguishable from news.
        const old = this.delivered[a % Math.max(1, this.delivered.length)];
        if (old !== undefined && this.ordered) this.deliver(old.step);
        break;
      }
      case 'restSnapshot': {
        // A REST answer of the position at one of the last few moments (the current one
        // included), arriving at once: slow, stale, or overtaking the stream's queued snapshots;
        // REST works while the position stream is dead. No watermark credit for lost lots: the
        // engine may ignore it as stale.
        const h = this.history[this.history.length - 1 - (a % Math.min(6, this.history.length))]!;
        if (this.ordered) this.deliver(this.snapshotStep(h));
        break;
      }
      case 'tick':
        this.now += 1 + (a % 2000);
        break;
      case 'loseNextExecution':
        if (this.loseExecutions) this.loseNext = true;
        break;
    }
  }

  /** Lost lots not yet inside a snapshot the gate has applied. */
  uncoveredLost(): number {
    let sum = 0;
    for (const l of this.lost) if (l.seq > this.coveredUpTo) sum += l.qty;
    return sum;
  }

  /** Without sequence numbers: every lot lost so far (a walk can explain a snapshot by a wrong prefix). */
  private totalLostByMode(): number {
    return this.mode === 'none' ? this.lost.reduce((s, l) => s + l.qty, 0) : 0;
  }

  /**
   * The exact bound for lost executions: the largest quantity the gate could not have known at
   * any approval so far (sequenced: lost lots not yet inside an applied snapshot; unsequenced:
   * every lost lot). Exposure granted then can stay beyond the limit by that much.
   */
  lostBound(): number {
    return this.lostAtApproval;
  }

  /**
   * How far the true worst case is beyond the limit: the true position plus every truly live or
   * in-flight order on one side, all filled. 0 when within.
   */
  excess(): number {
    let buys = 0;
    let sells = 0;
    for (const o of this.orders) {
      if (o.state === 'done') continue;
      if (o.side === 1) buys += o.qty - o.executed;
      else sells += o.qty - o.executed;
    }
    const long = this.truePos + buys - this.limit;
    const short = -this.limit - (this.truePos - sells);
    return Math.max(0, long, short);
  }
}
