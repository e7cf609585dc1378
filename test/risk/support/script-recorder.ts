import type { ManualClock } from '../../../src/risk/clock.js';
import { AS_OF_SLACK_MS } from '../../../src/risk/walk-back-reconciler.js';
import { ALL_INSTRUMENTS, KillMode, OrderStatusCode } from '../../../src/risk/codes.js';
import { OrderState } from '../../../src/risk/order-table.js';
import type { RiskEngine } from '../../../src/risk/risk-engine.js';
import { Mulberry32 } from '../../support/engine-harness.js';
import { applyEvent, EPOCH_MS, Ev, scriptEngine, STRIDE, UNITS, type EventScript, type ScriptUnits, type UnitSpec } from './engine-event-script.js';

/** Order keys are small dense handles (as `StringInterner` makes), recycled after an order ends. */
const ORDER_KEY_POOL = 400;
/** Order keys of outside orders (placed by another process) start here, far from the strategy's pool. */
const OUTSIDE_KEY_BASE = 1_000_000;
const UNKNOWN_INST = 7;

/** Records a script of `count` calls from `seed` (see engine-event-script.ts for its layout). */
export function generateScript(seed: number, count: number, units: ScriptUnits): EventScript {
  return new Recorder(seed, count, units).run();
}

interface VenueOrder {
  readonly key: number;
  readonly inst: number;
  readonly side: number;
  readonly qty: number;
  readonly price: number;
  /** Lots executed at the venue. */
  cum: number;
  /** Resting at the venue (not filled, cancelled or rejected there). */
  open: boolean;
  /** Messages about it still queued for delivery. */
  queued: number;
  readonly bornAt: number;
}

/** A venue message waiting for delivery: its record fields. */
interface Msg {
  readonly type: number;
  readonly inst: number;
  readonly args: readonly number[];
  readonly order: VenueOrder | undefined;
}

/**
 * The simulation behind the script: a venue (true positions, resting orders, a delivery queue
 * that reorders a little) and a strategy that mostly sends sensible orders and sometimes each
 * kind of bad one. It reads the recording engine's state only to decide what to do next (which
 * keys are free again, whether a flip-flop halt needs a resume), never to fake a result.
 */
class Recorder {
  private readonly rng: Mulberry32;
  private readonly events: Float64Array;
  private readonly results: Int32Array;
  private n = 0;
  private nextDt = 0;
  private readonly clock: ManualClock;
  private readonly engine: RiskEngine;
  private t = 0;

  private readonly freeKeys: number[] = [];
  private readonly orders: VenueOrder[] = [];
  private readonly queue: Msg[] = [];
  private readonly recentFills: Msg[] = [];
  private nextExec = 0;
  /** Keys of orders another process places (never reused: a finished one's slot may wait for its fills). */
  private nextOutside = OUTSIDE_KEY_BASE;
  private readonly venuePos = [0, 0];
  private readonly execSeq = [0, 0];
  private readonly target = [20, -20];
  private readonly lastSnapSeq = [0, 0];
  /** Instrument 0's venue times: the first and the latest handed out. */
  private readonly firstVenueTime: number;
  private lastVenueTime: number;
  private readonly u: UnitSpec;
  private readonly mark: number[];
  private readonly feedDownUntil = [0, 0];
  private killUntil = 0;
  private killInst = 0;
  private readonly flipResumeAt = [0, 0];
  private readonly lastApproved: (readonly number[] | undefined)[] = [undefined, undefined];
  private ambiguousSteps = 0;
  private steps = 0;

  constructor(
    private readonly seed: number,
    private readonly count: number,
    private readonly units: ScriptUnits,
  ) {
    this.u = UNITS[units];
    this.firstVenueTime = units === 'venue' ? EPOCH_MS : 1;
    this.lastVenueTime = this.firstVenueTime;
    this.mark = [this.u.start[0], this.u.start[1]];
    this.rng = new Mulberry32(seed);
    this.events = new Float64Array(count * STRIDE);
    this.results = new Int32Array(count);
    const { engine, clock } = scriptEngine(units);
    this.engine = engine;
    this.clock = clock;
    for (let k = ORDER_KEY_POOL; k >= 1; k--) this.freeKeys.push(k);
  }

  run(): EventScript {
    for (let i = 0; i < 2; i++) {
      this.emit(Ev.MARK, i, this.mark[i]!);
      this.emit(Ev.SNAPSHOT, i, 0, i === 1 ? 0 : this.u.noSeq, i === 1 ? this.u.noSeq : this.freshVenueTime(), 1);
    }
    while (this.n < this.count) this.step();
    return {
      seed: this.seed,
      units: this.units,
      count: this.count,
      events: this.events,
      results: this.results,
      ambiguousShare: this.ambiguousSteps / this.steps,
      strayOrders: this.strayOrders(),
    };
  }

  /** Engine orders still counted that no venue order accounts for. */
  private strayOrders(): number {
    const o = this.engine.orders;
    let stray = ORDER_KEY_POOL - this.freeKeys.length - this.orders.length; // keys lost
    for (let slot = 0; slot < o.capacity; slot++) {
      if (o.state[slot] === OrderState.FREE || o.state[slot] === OrderState.DONE || o.outside[slot] === 1) continue;
      const v = this.orders.find((x) => x.key === o.key[slot]);
      if (v === undefined || (!v.open && v.queued === 0)) stray++;
    }
    return stray;
  }

  // ------------------------------------------------------------------ recording

  /** Records one call (if room remains) and applies it to the recording engine. */
  private emit(type: number, ...args: number[]): number {
    if (this.n >= this.count) return -1000;
    const b = this.n * STRIDE;
    this.events[b] = type;
    this.events[b + 1] = this.nextDt;
    this.nextDt = 0;
    for (let k = 0; k < args.length; k++) this.events[b + 2 + k] = args[k]!;
    const r = applyEvent(this.engine, this.clock, this.events, this.n);
    this.results[this.n++] = r;
    return r;
  }

  private chance(perMille: number): boolean {
    return this.rng.below(1000) < perMille;
  }

  private pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[this.rng.below(list.length)];
  }

  // ----------------------------------------------------------------------- steps

  private step(): void {
    const dt = this.rng.below(4);
    this.nextDt = dt;
    this.t += dt;
    this.steps++;
    if (this.engine.ledger.ambiguous[0] === 1) this.ambiguousSteps++;
    this.housekeeping();
    const r = this.rng.below(1000);
    const inst = this.rng.below(2);
    if (r < 170) this.newOrder(inst);
    else if (r < 330) this.execute(inst);
    else if (r < 412) this.foreignFill(inst);
    else if (r < 640) this.deliver(1 + this.rng.below(3));
    else if (r < 680) this.cancel(inst);
    else if (r < 760) this.snapshot(inst);
    else if (r < 820) this.emit(Ev.HEARTBEAT, this.chance(200) ? ALL_INSTRUMENTS : inst);
    else if (r < 900) this.moveMark(inst);
    else if (r < 901) this.feedDown(inst);
    else if (r < 902 && this.chance(200)) this.killSwitch(inst);
    else if (r < 904 && this.chance(600)) this.lease(inst);
    else if (r < 915) this.redeliverFill();
    else this.deliver(1);
  }

  private housekeeping(): void {
    for (let i = 0; i < 2; i++) {
      if (this.feedDownUntil[i]! !== 0 && this.t >= this.feedDownUntil[i]!) {
        this.feedDownUntil[i] = 0;
        this.emit(Ev.FEED, i, 1);
      }
      // The operator resumes a flip-flop halt a little later.
      if (this.engine.flipHalted[i] === 1 && this.flipResumeAt[i] === 0) {
        this.flipResumeAt[i] = this.t + 200 + this.rng.below(800);
        this.emit(Ev.DRAIN);
        this.cancelAll(i);
      } else if (this.flipResumeAt[i]! !== 0 && this.t >= this.flipResumeAt[i]!) {
        this.flipResumeAt[i] = 0;
        this.emit(Ev.KILL, KillMode.RESUME, i);
      }
    }
    if (this.killUntil !== 0 && this.t >= this.killUntil) {
      this.killUntil = 0;
      this.emit(Ev.KILL, KillMode.RESUME, this.killInst);
    }
    // Orders resting too long are cancelled by the strategy.
    const oldest = this.orders[0];
    if (oldest !== undefined && oldest.open && this.t - oldest.bornAt > 400) this.requestCancel(oldest);
    this.recycleKeys();
  }

  /** Keys of orders the venue ended, whose messages were all delivered and whose slot the engine freed. */
  private recycleKeys(): void {
    for (let k = 0; k < this.orders.length; k++) {
      const o = this.orders[k]!;
      if (o.open || o.queued > 0 || this.engine.orders.find(o.key) >= 0) continue;
      this.orders.splice(k, 1);
      this.freeKeys.push(o.key);
      k--;
    }
  }

  private newOrder(inst: number): void {
    if (this.engine.ledger.ambiguous[inst] === 1) {
      // Until the strategy has seen POSITION_MISMATCH it still tries to add risk; then it stops
      // and cancels, so that a snapshot can settle the position.
      if (this.chance(300)) this.sendOrder(inst, inst, this.venuePos[inst]! >= 0 ? 1 : -1, 3, this.nearMark(inst));
      else this.cancelAll(inst);
      return;
    }
    const key = this.freeKeys.pop();
    if (key === undefined) return;
    // Trades around a target position that moves now and then (so the sign rarely flips).
    if (this.chance(2)) {
      const sign = this.target[inst]! > 0 === this.chance(900) ? 1 : -1;
      this.target[inst] = sign * (10 + 10 * this.rng.below(3));
    }
    const off = this.venuePos[inst]! - this.target[inst]!;
    let side = off > 4 ? (this.chance(800) ? -1 : 1) : off < -4 ? (this.chance(800) ? 1 : -1) : this.chance(500) ? 1 : -1;
    let qty = 1 + this.rng.below(6);
    let price = this.nearMark(inst);
    let target = inst;
    const v = this.rng.below(100);
    if (v < 4) price = this.onTick(inst, this.mark[inst]! * (this.chance(500) ? 1.012 : 0.988), 0); // PRICE_BAND
    else if (v < 7) qty = 21 + this.rng.below(10); // MAX_ORDER_QTY
    else if (v < 10) qty = 16 + this.rng.below(5); // MAX_ORDER_NOTIONAL
    else if (v < 12) qty = this.chance(500) ? 0 : -2; // INVALID_ORDER
    else if (v < 13) target = UNKNOWN_INST; // UNKNOWN_INSTRUMENT
    else if (v < 16) {
      // DUPLICATE_ORDER_ID: a key the engine still holds (a key it let go would be a new order).
      const live = this.pick(this.orders.filter((o) => this.engine.orders.find(o.key) >= 0));
      if (live !== undefined) {
        this.freeKeys.push(key);
        this.emit(Ev.CHECK_ORDER, live.key, live.inst, live.side, 1, this.nearMark(live.inst));
        return;
      }
    } else if (v < 20) {
      // DUPLICATE_ORDER: the strategy double-fires its last approved order.
      const last = this.lastApproved[inst];
      if (last !== undefined) {
        side = last[0]!;
        qty = last[1]!;
        price = last[2]!;
      }
    } else if (v < 25) qty = 8 + this.rng.below(8); // big: POSITION_LIMIT when already loaded
    else if (v < 27) {
      // A burst, all at the same millisecond: RATE_LIMIT and MAX_OPEN_ORDERS.
      this.freeKeys.push(key);
      for (let k = 0; k < 14; k++) this.sendOrder(inst, inst, side, 1 + (k % 3), this.nearMark(inst));
      return;
    }
    this.freeKeys.push(key);
    this.sendOrder(target, inst, side, qty, price);
  }

  private sendOrder(target: number, inst: number, side: number, qty: number, price: number): void {
    const key = this.freeKeys.pop();
    if (key === undefined) return;
    // No strategy, `mm` or `taker` by the key (allocationConfig's strategies): no draw from the generator.
    const r = this.emit(Ev.CHECK_ORDER, key, target, side, qty, price, key % 3);
    if (r !== 0) {
      this.freeKeys.push(key);
      return;
    }
    this.lastApproved[inst] = [side, qty, price];
    const o: VenueOrder = { key, inst, side, qty, price, cum: 0, open: true, queued: 0, bornAt: this.t };
    this.orders.push(o);
    if (this.chance(30)) {
      o.open = false;
      this.post(Ev.ORDER_UPDATE, inst, [inst, key, OrderStatusCode.REJECTED, 0, 0], o);
    } else if (this.chance(900)) {
      this.post(Ev.ORDER_UPDATE, inst, [inst, key, OrderStatusCode.NEW, 0, qty], o);
    }
  }

  /** The venue executes part or all of a resting order: a fill and an order update, sometimes the update first. */
  private execute(inst: number): void {
    const o = this.pick(this.orders.filter((x) => x.open && x.inst === inst));
    if (o === undefined) {
      this.deliver(1);
      return;
    }
    const left = o.qty - o.cum;
    const q = this.chance(500) ? left : 1 + this.rng.below(left);
    o.cum += q;
    if (o.cum === o.qty) o.open = false;
    this.venuePos[inst]! += o.side * q;
    const fill: readonly number[] = [inst, o.key, this.execKey(), o.side * q, o.price, this.seq(inst)];
    const update: readonly number[] = [inst, o.key, o.open ? OrderStatusCode.PARTIALLY_FILLED : OrderStatusCode.FILLED, o.cum, o.qty - o.cum];
    if (this.chance(300)) {
      // cumQty ahead of the fill: the engine infers the fill until it arrives.
      this.post(Ev.ORDER_UPDATE, inst, update, o);
      this.post(Ev.FILL, inst, fill, o);
    } else {
      this.post(Ev.FILL, inst, fill, o);
      this.post(Ev.ORDER_UPDATE, inst, update, o);
    }
  }

  /** A trade the engine did not send (manual, liquidation, another session). */
  private foreignFill(inst: number): void {
    if (this.engine.ledger.ambiguous[inst] === 1) return; // nobody trades by hand while the position is unclear
    if (this.chance(250)) {
      this.outsideOrder(inst);
      return;
    }
    const q = (this.chance(500) ? 1 : -1) * (1 + this.rng.below(3));
    this.venuePos[inst]! += q;
    this.post(Ev.FILL, inst, [inst, -1, this.execKey(), q, this.nearMark(inst), this.seq(inst)], undefined);
  }

  /**
   * An order another process places: it rests (its leaves count as open exposure from the first
   * update), part of it executes (the update before or after the fill), and the rest is cancelled.
   */
  private outsideOrder(inst: number): void {
    const side = this.chance(500) ? 1 : -1;
    const qty = 2 + this.rng.below(4);
    const q = 1 + this.rng.below(qty - 1);
    if (this.feedDownUntil[inst]! !== 0) return;
    const key = this.nextOutside++;
    this.venuePos[inst]! += side * q;
    // The venue reports one order's updates in order (the delivery below may reorder the rest).
    this.emit(Ev.ORDER_UPDATE, inst, key, OrderStatusCode.NEW, 0, qty, side);
    const fill: readonly number[] = [inst, key, this.execKey(), side * q, this.nearMark(inst), this.seq(inst)];
    const update: readonly number[] = [inst, key, OrderStatusCode.PARTIALLY_FILLED, q, qty - q, side];
    if (this.chance(500)) {
      this.post(Ev.ORDER_UPDATE, inst, update, undefined);
      this.post(Ev.FILL, inst, fill, undefined);
    } else {
      this.post(Ev.FILL, inst, fill, undefined);
      this.post(Ev.ORDER_UPDATE, inst, update, undefined);
    }
    this.post(Ev.ORDER_UPDATE, inst, [inst, key, OrderStatusCode.CANCELED, q, 0, side], undefined);
  }

  private execKey(): number {
    return this.u.execBase + this.u.execStep * this.nextExec++;
  }

  /** A fill's place in the venue's order: a sequence on instrument 1, the venue time of the execution on the unsequenced 0. */
  private seq(inst: number): number {
    return inst === 1 ? ++this.execSeq[1]! : this.freshVenueTime();
  }

  private post(type: number, inst: number, args: readonly number[], order: VenueOrder | undefined): void {
    if (order !== undefined) order.queued++;
    this.queue.push({ type, inst, args, order });
  }

  /** Delivers `k` queued messages, mostly in order, sometimes one of the next few first; none of a feed that is down. */
  private deliver(k: number, only = -1): void {
    for (let d = 0; d < k && this.n < this.count; d++) {
      let idx = -1;
      const reach = this.chance(200) ? 4 : 1;
      let seen = 0;
      for (let q = 0; q < this.queue.length && seen < reach; q++) {
        const m = this.queue[q]!;
        if (this.feedDownUntil[m.inst]! !== 0 || (only >= 0 && m.inst !== only)) continue;
        idx = q;
        seen++;
        if (this.rng.below(2) === 0) break;
      }
      if (idx < 0) return;
      const m = this.queue.splice(idx, 1)[0]!;
      if (m.order !== undefined) m.order.queued--;
      this.emit(m.type, ...m.args);
      if (m.type === Ev.FILL) {
        this.recentFills.push(m);
        if (this.recentFills.length > 32) this.recentFills.shift();
      }
    }
  }

  /** The venue resends a recent fill (same exec id): a duplicate. */
  private redeliverFill(): void {
    const m = this.pick(this.recentFills);
    if (m !== undefined && this.feedDownUntil[m.inst] === 0) this.emit(m.type, ...m.args);
  }

  private cancel(inst: number): void {
    if (this.chance(100)) {
      this.emit(Ev.CHECK_CANCEL, ORDER_KEY_POOL + 1 + this.rng.below(100)); // never sent: UNKNOWN_ORDER
      return;
    }
    const o = this.pick(this.orders.filter((x) => x.open && x.inst === inst));
    if (o !== undefined) this.requestCancel(o);
  }

  private requestCancel(o: VenueOrder): void {
    this.emit(Ev.CHECK_CANCEL, o.key);
    if (!o.open) return;
    o.open = false;
    this.post(Ev.ORDER_UPDATE, o.inst, [o.inst, o.key, OrderStatusCode.CANCELED, o.cum, 0], o);
  }

  private cancelAll(inst: number): void {
    for (const o of this.orders) if (o.open && (inst === ALL_INSTRUMENTS || o.inst === inst)) this.requestCancel(o);
  }

  /**
   * A position snapshot. Mostly after the feed delivered everything before it (explained by
   * the fills). On the sequenced instrument, sometimes racing fills still queued (their fills
   * then arrive inside it), sometimes older than the last one (stale), rarely wrong (a
   * mismatch, which becomes the new base). On the unsequenced one a wrong snapshot leaves the
   * position an interval until a snapshot is explained in one way only, which needs few
   * unconfirmed fills: see `glitch`.
   */
  private snapshot(inst: number): void {
    if (this.feedDownUntil[inst]! !== 0) return;
    const v = this.rng.below(1000);
    if (inst === 0 && v < 8 && this.engine.ledger.ambiguous[0] === 0) {
      this.glitch();
      return;
    }
    const raced = inst === 1 && v < 100;
    if (!raced) this.deliver(this.queue.length, inst);
    let pos = this.venuePos[inst]!;
    let seq = inst === 1 ? this.execSeq[1]! : this.u.noSeq;
    if (inst === 1 && v >= 995) pos += this.chance(500) ? 1 : -2; // wrong
    else if (inst === 1 && v >= 960 && this.lastSnapSeq[1]! > 0) seq = this.lastSnapSeq[1]! - 1; // stale
    if (inst === 1 && seq > this.lastSnapSeq[1]!) this.lastSnapSeq[1] = seq;
    // A fresh answer is current (it ends a known loss on the unsequenced instrument); an old or same-time one is not known to be.
    this.emit(Ev.SNAPSHOT, inst, pos, seq, inst === 1 ? this.u.noSeq : this.venueTime(v), v >= 960 && v < 990 ? 0 : 1);
  }

  /**
   * The unsequenced instrument's venue time for a snapshot drawn with `v`: mostly later than the
   * last one, sometimes older (a late REST answer: stale, ignored), sometimes the same (changes in
   * one venue ms: held tentative when the fills explain it, else ignored). Venue units: epoch ms,
   * which are not small integers.
   */
  private venueTime(v: number): number {
    if (v >= 960 && v < 975 && this.lastVenueTime > this.firstVenueTime) return this.lastVenueTime - 1 - this.rng.below(3);
    if (v >= 975 && v < 990) return this.lastVenueTime;
    return this.freshVenueTime();
  }

  private freshVenueTime(): number {
    this.lastVenueTime += 1 + this.rng.below(3);
    return this.lastVenueTime;
  }

  /**
   * The unsequenced venue sends a wrong position once, untimed. The strategy (which then sees
   * POSITION_MISMATCH) stops trading the instrument and cancels until the next snapshots explain
   * the position again: with nothing unconfirmed when it happened, two true snapshots do.
   */
  private glitch(): void {
    this.cancelAll(0);
    this.deliver(this.queue.length, 0);
    this.emit(Ev.SNAPSHOT, 0, this.venuePos[0]!, this.u.noSeq, this.freshVenueTime(), 1);
    if (this.engine.ledger.liveCount[0] !== 0 || this.engine.activeOrders[0] !== 0) return;
    // Without a venue time: a stamped one, applied with nothing out, would be the base as it
    // stands (walk-back-reconciler.ts `baseAsItStands`), not a dirty mismatch. A REST answer as of a
    // moment after the snapshot just applied (its `asOf`), or it would be ignored as stale.
    this.nextDt = AS_OF_SLACK_MS;
    this.emit(Ev.SNAPSHOT, 0, this.venuePos[0]! + (this.chance(500) ? 1 : -1), this.u.noSeq, NaN, 1, this.clock.nowMs() + AS_OF_SLACK_MS);
    // The strategy does not know yet: its next order adds risk (and is denied POSITION_MISMATCH).
    this.sendOrder(0, 0, this.venuePos[0]! >= 0 ? 1 : -1, 3, this.nearMark(0));
  }

  private moveMark(inst: number): void {
    const start = this.u.start[inst as 0 | 1];
    const drift = this.mark[inst]! > start * 1.02 ? -1 : this.mark[inst]! < start * 0.98 ? 1 : 0;
    this.mark[inst] = this.onTick(inst, this.mark[inst]!, this.rng.below(7) - 3 + drift * 2);
    this.emit(Ev.MARK, inst, this.mark[inst]!);
  }

  private nearMark(inst: number): number {
    return this.onTick(inst, this.mark[inst]!, this.rng.below(41) - 20);
  }

  /** `price` moved by `ticks` ticks, on the tick grid. */
  private onTick(inst: number, price: number, ticks: number): number {
    const tick = this.u.tick[inst as 0 | 1];
    return Math.round(price / tick + ticks) * tick;
  }

  private feedDown(inst: number): void {
    if (this.feedDownUntil[inst]! !== 0 || this.engine.ledger.ambiguous[inst] === 1) return;
    this.feedDownUntil[inst] = this.t + 50 + this.rng.below(500);
    this.emit(Ev.FEED, inst, 0);
  }

  /** A firm-wide lease: a slice of 15..40 lots a side (the limit is 40), valid 1..6 s (then reduce-only until the next). */
  private lease(inst: number): void {
    this.emit(Ev.LEASE, inst, 15 + this.rng.below(26), 15 + this.rng.below(26), 1000 + this.rng.below(5000));
  }

  /** Halt (with its cancel-all, taken and acted on) or reduce-only, on one instrument or all, resumed later. */
  private killSwitch(inst: number): void {
    if (this.killUntil !== 0) return;
    const target = this.chance(300) ? ALL_INSTRUMENTS : inst;
    const halt = this.chance(400);
    this.killUntil = this.t + 100 + this.rng.below(900);
    this.killInst = target;
    this.emit(Ev.KILL, halt ? KillMode.HALT : KillMode.REDUCE, target);
    if (halt) {
      this.emit(Ev.DRAIN);
      this.cancelAll(target);
    }
  }
}
