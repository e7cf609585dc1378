import type { Gate } from '../../src/scenario/gate.js';
import type { StepBody } from '../../src/scenario/scenario-types.js';

/**
 * An adversarial world for the safety property test: it owns the truth of two instruments (true
 * position, truly live orders, every execution) and delivers to a gate only what a venue's
 * private stream and REST answers would, with every fault the engine must survive:
 *
 * - executions of orders the engine did not send (liquidations, manual trades, another process)
 *   at any moment, their fills delivered before or after the snapshots that include them;
 * - our orders' fills and order updates in separate FIFO channels, drained in any interleaving
 *   (updates overtake fills, snapshots overtake both), duplicated, delayed;
 * - lost fills: on contiguous venues the next fill's sequence reveals a gap, on monotonic and
 *   walk-back venues nothing does until a snapshot includes the execution;
 * - the feed going down (a dropped connection, or a full ring or event lane: the engine holds the
 *   feed down either way) and back up: everything queued or sent meanwhile is lost, the venue
 *   sends a fresh snapshot after the reconnect;
 * - REST answers of the position at any of the last few moments, delivered at once (stale or
 *   overtaking the stream), on venues where an older answer can be told (a watermark, or a venue
 *   time on walk-back venues; a walk-back venue without venue times gets none: an old answer, or
 *   a current one overtaken by an older stream snapshot, is indistinguishable from news there),
 *   never of a moment before the last reconnect (a snapshot that ends a known loss must be taken
 *   after it: the embedding's reconciler discards answers to requests made before a reconnect);
 * - several orders in flight, rejects, cancels at the venue, venue-enforced reduce-only orders
 *   (the world caps their executions at the true position, as the venue does).
 *
 * The safety property (checked at every approval of an order that is not reduce-only):
 * the true worst case on the order's side (true position + every truly open order on that side,
 * all filled, + the order) stays within the limit, EXCEPT by the lots of executions of orders
 * the engine did not send that no message the engine had received revealed yet (`unrevealed`):
 * an execution is revealed by its fill message, by a snapshot whose watermark covers it
 * (sequenced venues; a walk-back snapshot names no execution: it is consistent with being older
 * than the fills before it), or by the engine's own evidence that messages were lost while it
 * was in flight (a feed down, a sequence gap past it). Nothing can know of a trade no message has
 * reported; every other excess is a violation (e.g. an outside fill counted twice once it
 * arrived).
 */
export type Mode = 'none' | 'monotonic' | 'contiguous';

export const SYMBOLS = ['AAA', 'BBB'] as const;

export interface InstrumentSetup {
  readonly mode: Mode;
  /** Walk-back only: snapshots carry the venue time of the position's last change. */
  readonly venueTimes: boolean;
  readonly limit: number;
}

interface Order {
  readonly id: string;
  readonly inst: number;
  readonly side: 1 | -1;
  readonly qty: number;
  readonly reduceOnly: boolean;
  executed: number;
  state: 'inflight' | 'live' | 'done';
}

interface Execution {
  readonly inst: number;
  readonly seq: number;
  readonly lots: number;
  readonly outside: boolean;
  revealed: boolean;
  /** Its fill message was lost (never delivered). */
  lost: boolean;  /** Its fill message was delivered to the engine. */
  filled: boolean;
}

interface Msg {
  readonly step: StepBody;
  /** Executions (indices into `execs`) a delivered snapshot includes; a fill: its execution. */
  readonly exec?: number;
  readonly upTo?: number;
  readonly inst: number;
}

interface Moment {
  readonly position: number;
  readonly seq: number;
  readonly changedAt: number;
  /** Executions of this instrument up to this moment: `execs` index bound. */
  readonly execCount: number;
}

export const ACTIONS = [
  'order', 'order', 'order', 'reduceOnly', 'arrive', 'arrive', 'reject', 'fill', 'fill', 'fill', 'outside', 'outside',
  'cancelAtVenue', 'snapshot', 'snapshot', 'deliverFill', 'deliverFill', 'deliverFill', 'deliverUpdate', 'deliverUpdate',
  'deliverSnapshot', 'deliverSnapshot', 'duplicateFill', 'loseNextFill', 'feedDown', 'feedUp', 'restSnapshot', 'tick',
  'sameSizeOutside', 'lateOutside', 'probe', 'lossOffset',
] as const;

/**
 * A second mix of the same actions for worlds where trades outside the engine dominate and our
 * own orders are few: snapshots then often find no order out, the moment an ambiguous walk-back
 * base collapses, and the moment an outside fill still on its way can be counted twice.
 */
export const OUTSIDE_HEAVY: readonly (typeof ACTIONS)[number][] = [
  'lateOutside', 'lateOutside', 'lateOutside', 'outside', 'snapshot', 'deliverSnapshot', 'deliverFill', 'deliverFill', 'deliverFill',
  'order', 'probe', 'probe', 'arrive', 'fill', 'deliverUpdate', 'cancelAtVenue', 'sameSizeOutside', 'restSnapshot', 'tick',
  'lossOffset',
];

export type Action = readonly [kind: number, a: number, b: number];

export class AdversarialWorld {
  now = 0;
  readonly truePos = [0, 0];
  private readonly seq = [0, 0];
  private readonly changedAt = [0, 0];
  private readonly history: Moment[][] = [[{ position: 0, seq: 0, changedAt: 0, execCount: 0 }], [{ position: 0, seq: 0, changedAt: 0, execCount: 0 }]];
  private readonly orders: Order[] = [];
  private readonly inflight: Order[] = [];
  private readonly execs: Execution[] = [];
  private fills: Msg[] = [];
  private updates: Msg[] = [];
  private snapshots: Msg[] = [];
  private lastFill: Msg | undefined;
  private feedUp = true;
  /** Per instrument: the history index of the moment the feed last came back up (0: never down). */
  private readonly reconnectedAt = [0, 0];
  private loseNext = false;
  private nextOrder = 0;
  readonly log: string[] = [];
  /** The first violation found, or undefined. */
  violation: string | undefined;
  approvals = 0;
  /**
   * Class-2 moments: on a sequenced instrument with a snapshot already delivered, a snapshot
   * whose residual is exactly one outside trade, delivered while exactly our same-size fill is
   * inferred (its update said filled, its fill not delivered) and no order of that instrument is
   * out. Reading that residual as "the inferred fill is inside" is the unsound rule this counts
   * the chances to catch.
   */
  class2 = 0;
  /** `lossOffset` moments on a walk-back instrument (the fault a walk from the old base misreads). */
  lossOffsets = 0;
  private readonly snapshotSeen = [false, false];

  constructor(
    private readonly gate: Gate,
    readonly setup: readonly [InstrumentSetup, InstrumentSetup],
  ) {
    for (let i = 0; i < 2; i++) this.deliver({ step: this.snapshotStep(i, this.history[i]![0]!), inst: i, upTo: 0 });
  }

  private sequenced(i: number): boolean {
    return this.setup[i]!.mode !== 'none';
  }

  private snapshotStep(i: number, m: Moment): StepBody {
    const s = this.setup[i]!;
    return {
      type: 'snapshot', symbol: SYMBOLS[i]!, position: m.position,
      ...(s.mode !== 'none' ? { seq: m.seq } : s.venueTimes ? { venueTime: m.changedAt } : {}),
    };
  }

  private deliver(m: Msg): void {
    this.gate.setTime(this.now);
    this.gate.apply(m.step as never);
    this.log.push(`${this.now} deliver ${JSON.stringify(m.step)}`);
    if (m.step.type === 'fill' && m.exec !== undefined) {
      this.execs[m.exec]!.revealed = true;
      this.execs[m.exec]!.filled = true;
      // A contiguous venue's fill reveals every lost execution before it (a gap).
      if (this.setup[m.inst]!.mode === 'contiguous') {
        for (let k = 0; k < m.exec; k++) {
          const x = this.execs[k]!;
          if (x.inst === m.inst && x.lost) x.revealed = true;
        }
      }
    } else if (m.step.type === 'snapshot' && m.upTo !== undefined && this.sequenced(m.inst)) {
      this.snapshotSeen[m.inst] = true;
      // Only a watermark says which executions a snapshot includes. A walk-back snapshot is
      // consistent with being older than the fills before it, so it reveals no single execution
      // (an outside trade in flight can make it look explained by fewer fills).
      let count = 0;
      for (let k = 0; k < this.execs.length && count < m.upTo; k++) {
        const x = this.execs[k]!;
        if (x.inst !== m.inst) continue;
        count++;
        x.revealed = true;
      }
    }
  }

  private execute(inst: number, lots: number, outside: boolean, order?: Order): void {
    this.truePos[inst]! += lots;
    this.seq[inst]!++;
    // Venue times here are distinct per change (a sub-ms stamp): changes sharing one venue time
    // are the other property test's subject (test/support/model-exchange.ts).
    this.changedAt[inst] = this.now + this.seq[inst]! * 1e-3;
    const idx = this.execs.length;
    const lost = this.loseNext || !this.feedUp;
    this.loseNext = false;
    // While the feed is down nothing is sent: the down status already told the engine.
    this.execs.push({ inst, seq: this.seq[inst]!, lots, outside, revealed: !this.feedUp, lost, filled: false });
    const count = this.history[inst]![this.history[inst]!.length - 1]!.execCount + 1;
    this.history[inst]!.push({ position: this.truePos[inst]!, seq: this.seq[inst]!, changedAt: this.changedAt[inst]!, execCount: count });
    const symbol = SYMBOLS[inst]!;
    if (!lost) {
      this.fills.push({
        inst, exec: idx,
        step: {
          type: 'fill', symbol, ...(order !== undefined ? { orderId: order.id } : {}), execId: `x${idx}`,
          side: lots > 0 ? 'buy' : 'sell', qty: Math.abs(lots), price: 100, ...(this.sequenced(inst) ? { seq: this.seq[inst]! } : {}),
        },
      });
    } else {
      this.log.push(`${this.now} LOST fill of execution ${idx} (${symbol} ${lots}${outside ? ', outside' : ''})`);
    }
  }

  private update(o: Order, status: 'new' | 'partiallyFilled' | 'filled' | 'canceled' | 'rejected'): void {
    if (!this.feedUp) return;
    this.updates.push({
      inst: o.inst,
      step: { type: 'orderUpdate', symbol: SYMBOLS[o.inst]!, orderId: o.id, status, cumQty: o.executed, leavesQty: o.state === 'done' ? 0 : o.qty - o.executed },
    });
  }

  /** Lots of outside executions on `inst` no delivered message has revealed, by sign. */
  private unrevealed(inst: number): { buys: number; sells: number } {
    let buys = 0;
    let sells = 0;
    for (const x of this.execs) {
      if (x.inst !== inst || x.revealed || !x.outside) continue;
      if (x.lots > 0) buys += x.lots;
      else sells -= x.lots;
    }
    return { buys, sells };
  }

  /** The true worst case of `side` on `inst` with every open order on that side filled, `extra` lots added. */
  private worst(inst: number, side: 1 | -1, extra: number): number {
    let plain = extra;
    let reducing = 0;
    for (const o of this.orders) {
      if (o.inst !== inst || o.side !== side || o.state === 'done') continue;
      if (o.reduceOnly) reducing += o.qty - o.executed;
      else plain += o.qty - o.executed;
    }
    const p = this.truePos[inst]! * side; // along the side: positive means already that way
    // A reduce-only order only moves the position toward zero, never past it.
    const base = p >= 0 ? p : Math.min(0, p + reducing);
    return base + plain;
  }

  private request(inst: number, side: 1 | -1, qty: number, reduceOnly: boolean): void {
    const id = `o${this.nextOrder++}`;
    this.gate.setTime(this.now);
    const d = this.gate.request({
      type: 'order', orderId: id, symbol: SYMBOLS[inst]!, side: side > 0 ? 'buy' : 'sell', qty, price: 100, tif: 'GTC',
      ...(reduceOnly ? { reduceOnly: true } : {}),
    });
    this.log.push(`${this.now} order ${id} ${SYMBOLS[inst]} ${side > 0 ? 'buy' : 'sell'} ${qty}${reduceOnly ? ' reduceOnly' : ''} -> ${d.decision} ${d.reason ?? ''}`);
    if (d.decision !== 'approve') return;
    this.approvals++;
    if (!reduceOnly && this.violation === undefined) {
      const worst = this.worst(inst, side, qty);
      const excess = worst - this.setup[inst]!.limit;
      const u = this.unrevealed(inst);
      const excuse = side > 0 ? u.buys : u.sells;
      if (excess > excuse) {
        this.violation = `approved ${id}: true worst case ${worst * side} on ${SYMBOLS[inst]} beyond limit ${this.setup[inst]!.limit} by ${excess} (unrevealed outside lots on that side: ${excuse}); true position ${this.truePos[inst]}`;
      }
    }
    const o: Order = { id, inst, side, qty, reduceOnly, executed: 0, state: 'inflight' };
    this.orders.push(o);
    this.inflight.push(o);
  }

  step(action: Action, mix: readonly (typeof ACTIONS)[number][] = ACTIONS): void {
    const [k, a, b] = action;
    const kind = mix[k % mix.length]!;
    const inst = a & 1;
    switch (kind) {
      case 'order':
        this.request(inst, (a & 2) === 0 ? 1 : -1, 1 + (b % 4), false);
        break;
      case 'reduceOnly': {
        const p = this.truePos[inst]!;
        // Mostly the exit a desk would send (toward zero by its own belief), sometimes the wrong way.
        const side: 1 | -1 = (b & 1) === 0 ? (p > 0 ? -1 : 1) : (a & 2) === 0 ? 1 : -1;
        this.request(inst, side, 1 + (b % 5), true);
        break;
      }
      case 'arrive':
      case 'reject': {
        const o = this.inflight.shift();
        if (o === undefined) break;
        o.state = kind === 'arrive' ? 'live' : 'done';
        this.update(o, kind === 'arrive' ? 'new' : 'rejected');
        break;
      }
      case 'fill': {
        const live = this.orders.filter((o) => o.state === 'live');
        const o = live[a % Math.max(1, live.length)];
        if (o === undefined) break;
        let q = 1 + (b % (o.qty - o.executed));
        if (o.reduceOnly) {
          // The venue caps a reduce-only order at the position: never past zero.
          const room = o.side > 0 ? Math.max(0, -this.truePos[o.inst]!) : Math.max(0, this.truePos[o.inst]!);
          if (room === 0) {
            o.state = 'done';
            this.update(o, 'canceled');
            break;
          }
          q = Math.min(q, room);
        }
        o.executed += q;
        if (o.executed === o.qty) o.state = 'done';
        this.execute(o.inst, o.side * q, false, o);
        this.update(o, o.state === 'done' ? 'filled' : 'partiallyFilled');
        break;
      }
      case 'outside':
        this.execute(inst, ((b & 1) === 0 ? 1 : -1) * (1 + ((b >> 1) % 4)), true);
        break;
      case 'cancelAtVenue': {
        const live = this.orders.filter((o) => o.state === 'live');
        const o = live[a % Math.max(1, live.length)];
        if (o === undefined) break;
        o.state = 'done';
        this.update(o, 'canceled');
        break;
      }
      case 'snapshot':
        if (this.feedUp) this.queueSnapshot(inst);
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
        const s = this.snapshots.shift();
        if (s !== undefined) this.deliver(s);
        break;
      }
      case 'duplicateFill':
        if (this.lastFill !== undefined && this.feedUp) this.deliver(this.lastFill);
        break;
      case 'loseNextFill':
        this.loseNext = true;
        break;
      case 'feedDown':
        if (!this.feedUp) break;
        this.feedUp = false;
        // Everything queued on the connection is lost; the engine is told (known loss).
        for (const m of [...this.fills, ...this.updates]) if (m.exec !== undefined) this.execs[m.exec]!.revealed = true;
        for (const x of this.execs) if (x.lost) x.revealed = true;
        this.fills = [];
        this.updates = [];
        this.snapshots = [];
        this.deliver({ step: { type: 'feed', status: 'down' }, inst: -1 });
        break;
      case 'feedUp':
        if (this.feedUp) break;
        this.feedUp = true;
        this.deliver({ step: { type: 'feed', status: 'up' }, inst: -1 });
        for (let i = 0; i < 2; i++) this.reconnectedAt[i] = this.history[i]!.length - 1;
        // The venue's subscription answers with the current position first.
        this.queueSnapshot(0);
        this.queueSnapshot(1);
        // Order states the engine missed while down: the venue's open-orders answer.
        for (const o of this.orders) {
          if (o.state === 'inflight') continue;
          this.update(o, o.state === 'done' ? (o.executed === o.qty ? 'filled' : 'canceled') : o.executed > 0 ? 'partiallyFilled' : 'new');
        }
        break;
      case 'restSnapshot': {
        // Without a watermark or a venue time even a current answer can overtake an older stream
        // snapshot that then reads as news: no REST answers there (they would be undetectable).
        const h = this.history[inst]!;
        if (!this.sequenced(inst) && !this.setup[inst]!.venueTimes) break;
        // A REST answer ending a known loss must describe a moment after it (an answer to a
        // request made before the reconnect is the reconciler's to discard): older moments
        // only back to the last reconnect.
        const back = Math.min(6, h.length - this.reconnectedAt[inst]!);
        const m = h[h.length - 1 - (b % back)]!;
        this.deliver({ step: this.snapshotStep(inst, m), inst, upTo: m.execCount });
        break;
      }
      case 'tick':
        this.now += 1 + (a % 50);
        break;
      case 'probe': {
        // The smallest order that takes the true worst case one lot past the limit: the engine
        // must deny it unless an unrevealed outside trade excuses it.
        const side: 1 | -1 = (a & 2) === 0 ? 1 : -1;
        this.request(inst, side, Math.max(1, this.setup[inst]!.limit - this.worst(inst, side, 0) + 1), false);
        break;
      }
      case 'sameSizeOutside':
        this.sameSizeOutside(a);
        break;
      case 'lossOffset':
        this.lossOffset(inst, b);
        break;
      case 'lateOutside':
        // An outside execution whose fill the position report overtakes: the snapshot holding it
        // is delivered now, its fill stays queued behind the fills before it.
        if (!this.feedUp) break;
        this.execute(inst, ((b & 1) === 0 ? 1 : -1) * (1 + ((b >> 1) % 2)), true);
        this.queueSnapshot(inst);
        for (let s = this.snapshots.shift(); s !== undefined; s = this.snapshots.shift()) this.deliver(s);
        break;
    }
  }

  /**
   * An outside trade the same size and side as what one of our live orders then executes, the
   * outside one first: the order's update (filled) and a snapshot holding the outside trade but
   * not ours overtake both fills. The snapshot's residual equals our inferred lots by coincidence.
   * Only while that order is the instrument's one order out (the moment a snapshot could be
   * read as "no order out, the residual is the inferred fill").
   */
  private sameSizeOutside(a: number): void {
    if (!this.feedUp) return;
    const live = this.orders.filter((o) => o.state === 'live' && !o.reduceOnly);
    const o = live[a % Math.max(1, live.length)];
    if (o === undefined || this.orders.some((x) => x !== o && x.inst === o.inst && x.state !== 'done')) return;
    const q = o.qty - o.executed;
    // Class 2 needs every earlier execution of the instrument's fill delivered: the residual is
    // then exactly the outside trade and the inferred lots exactly ours.
    const clean = this.sequenced(o.inst) && this.snapshotSeen[o.inst] === true && q > 0
      && this.execs.every((x) => x.inst !== o.inst || x.filled);
    this.execute(o.inst, o.side * q, true);
    this.queueSnapshot(o.inst);
    o.executed = o.qty;
    o.state = 'done';
    this.execute(o.inst, o.side * q, false, o);
    this.update(o, 'filled');
    for (let u = this.updates.shift(); u !== undefined; u = this.updates.shift()) this.deliver(u);
    if (clean && this.snapshots.length === 1) this.class2++;
    for (let s = this.snapshots.shift(); s !== undefined; s = this.snapshots.shift()) this.deliver(s);
  }

  /**
   * A known loss that a later fill offsets, under a snapshot equal to the position before the
   * loss: the feed drops, an outside trade executes (its fill lost with the connection), the feed
   * comes back, an outside trade of the opposite side offsets it and its fill arrives, and only
   * then the venue's position report (the subscription's, or a REST answer after the reconnect)
   * ends the loss: it holds both trades. Walked from the base before the loss, the empty prefix
   * explains it and the offsetting fill is counted on a base that holds it.
   */
  private lossOffset(inst: number, b: number): void {
    if (!this.feedUp) return;
    if (!this.sequenced(inst)) this.lossOffsets++;
    const lots = ((b & 1) === 0 ? 1 : -1) * (1 + ((b >> 1) % 3));
    this.step([ACTIONS.indexOf('feedDown'), 0, 0]);
    this.execute(inst, lots, true);
    this.feedUp = true;
    this.deliver({ step: { type: 'feed', status: 'up' }, inst: -1 });
    for (let i = 0; i < 2; i++) this.reconnectedAt[i] = this.history[i]!.length - 1;
    // The other instrument's report is queued now, as the subscription sends it.
    this.queueSnapshot(1 - inst);
    for (const o of this.orders) {
      if (o.state === 'inflight') continue;
      this.update(o, o.state === 'done' ? (o.executed === o.qty ? 'filled' : 'canceled') : o.executed > 0 ? 'partiallyFilled' : 'new');
    }
    this.execute(inst, -lots, true);
    for (let f = this.fills.shift(); f !== undefined; f = this.fills.shift()) {
      this.lastFill = f;
      this.deliver(f);
    }
    this.queueSnapshot(inst);
    for (let s = this.snapshots.shift(); s !== undefined; s = this.snapshots.shift()) this.deliver(s);
  }

  private queueSnapshot(inst: number): void {
    const h = this.history[inst]!;
    const m = h[h.length - 1]!;
    this.snapshots.push({ step: this.snapshotStep(inst, m), inst, upTo: m.execCount });
  }
}
