/**
 * One account's private stream: turns the exchange's reports into venue frames, applies the fault
 * profile (what is delayed, reordered, duplicated, lost, re-sent, and when the stream dies or
 * drops), and delivers each frame, when due, to every connection of the account that wants it.
 *
 * Every decision draws from this account's fault generators (forked per fault kind from the run's
 * seed: the same for every account) and is scheduled on the simulated clock, so one seed, one
 * profile and one order flow give one frame log. Frames due while no connection is open are lost,
 * as on a real venue (they are still in the truth).
 */
import type { AccountLedger } from './account-ledger.js';
import type { EventQueue } from './event-queue.js';
import type { FaultKind, FaultProfile, ScheduledFault } from './fault-profile.js';
import type { Prng } from './prng.js';
import type { ExecReport, Frame, OrderState, Part, PositionReport } from './private-report.js';
import type { SimClock } from './sim-clock.js';
import type { StreamConnection } from './stream-connection.js';
import type { OrderPart, VenueFramer } from './venue-framer.js';

/** The faults this stream and order entry draw, one generator each (the REST faults: `rest-faults.ts`). */
const STREAM_FAULTS = ['orderBeforeFill', 'positionDelay', 'positionDeath', 'duplicateExecution', 'lostExecution', 'seqGap', 'staleSnapshot', 'disconnect', 'rateLimit', 'overload', 'slowAck'] as const satisfies readonly FaultKind[];
type StreamFault = (typeof STREAM_FAULTS)[number];

/** Everything one matching event (or cancel) did to one order of this account. */
export interface OrderEvent {
  readonly symbol: string;
  /** Present when the order was just accepted. */
  readonly accepted?: OrderState;
  readonly execs: readonly ExecReport[];
  readonly final: OrderState;
  /** How the order left the book in this event, when it did without filling completely. */
  readonly end?: 'CANCELED' | 'EXPIRED';
  /** The position after the executions (present when `execs` is not empty). */
  readonly position?: PositionReport;
}

/** One frame as it was written to a socket. */
export interface SentFrame {
  readonly at: number;
  readonly connection: number;
  readonly text: string;
}

export class AccountStream {
  readonly account: string;
  readonly framer: VenueFramer;
  readonly #profile: FaultProfile;
  readonly #queue: EventQueue;
  readonly #clock: SimClock;
  readonly #ledger: AccountLedger;
  readonly #draws: Record<StreamFault, Prng>;
  readonly #connections = new Set<StreamConnection>();
  readonly #seq = new Map<string, number>();
  readonly #lastPosition = new Map<string, Frame>();
  /** Per symbol, when the last position frame is due (venues whose positions arrive in order). */
  readonly #positionDue = new Map<string, number>();
  readonly #sent: SentFrame[] = [];

  constructor(account: string, framer: VenueFramer, profile: FaultProfile, faults: Prng, queue: EventQueue, clock: SimClock, ledger: AccountLedger) {
    this.account = account;
    this.framer = framer;
    this.#profile = profile;
    this.#queue = queue;
    this.#clock = clock;
    this.#ledger = ledger;
    this.#draws = Object.fromEntries(STREAM_FAULTS.map((k) => [k, faults.fork(k)])) as Record<StreamFault, Prng>;
    this.#schedule('positionDeath', profile.positionDeath, () => this.#killPositions());
    this.#schedule('disconnect', profile.disconnect, () => this.#disconnect());
  }

  attach(c: StreamConnection): void {
    this.#connections.add(c);
    // A connection is back: a disconnect stops acting; one with a live position subscription ends a position death.
    const now = this.#clock.nowMs();
    this.#ledger.faultEnded('disconnect', now);
    if (!c.positionDead) this.#ledger.faultEnded('positionDeath', now);
  }

  detach(c: StreamConnection): void {
    this.#connections.delete(c);
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Every frame written so far, in order (a copy). */
  sentFrames(): SentFrame[] {
    return [...this.#sent];
  }

  /** The next execution sequence number for `symbol`, with the `seqGap` fault applied. */
  nextSeq(symbol: string): number {
    let seq = (this.#seq.get(symbol) ?? 0) + 1;
    const gap = this.#profile.seqGap;
    const draw = this.#draws.seqGap;
    if (draw.chance(gap.rate)) {
      const skip = draw.int(1, gap.maxSkip);
      const now = this.#clock.nowMs();
      this.#ledger.fault(now, 'seqGap', `${symbol} seq ${seq}..${seq + skip - 1} skipped`, now + this.#profile.latencyMs);
      seq += skip;
    }
    this.#seq.set(symbol, seq);
    return seq;
  }

  /** Sequence of the last execution of `symbol`, or -1 when none. */
  lastSeq(symbol: string): number {
    return this.#seq.get(symbol) ?? -1;
  }

  /** Draws one order-entry "come back later" fault: the reject code and retry hint, or undefined. */
  entryFault(): { code: 'RATE_LIMITED' | 'OVERLOADED'; retryAfterMs: number } | undefined {
    const p = this.#profile;
    const limited = this.#draws.rateLimit.chance(p.rateLimit.rate);
    const overloaded = this.#draws.overload.chance(p.overload.rate);
    if (limited) return { code: 'RATE_LIMITED', retryAfterMs: p.rateLimit.retryAfterMs };
    if (overloaded) return { code: 'OVERLOADED', retryAfterMs: p.overload.retryAfterMs };
    return undefined;
  }

  /** Extra delay of this order's acknowledgement (`slowAck`), 0 when none. */
  ackDelay(clientId: string): number {
    const f = this.#profile.slowAck;
    if (!this.#draws.slowAck.chance(f.rate)) return 0;
    const now = this.#clock.nowMs();
    this.#ledger.fault(now, 'slowAck', `${clientId} ack +${f.delayMs}ms`, now + this.#profile.latencyMs + f.delayMs);
    return f.delayMs;
  }

  /** Schedules the frames of one order event. */
  publish(ev: OrderEvent): void {
    const p = this.#profile;
    const now = this.#clock.nowMs();
    const L = p.latencyMs;
    const traded = ev.execs.length > 0;
    const obf = traded && this.#draws.orderBeforeFill.chance(p.orderBeforeFill.rate);
    if (obf) this.#ledger.fault(now, 'orderBeforeFill', `${ev.final.clientId} order update ${p.orderBeforeFill.delayMs}ms before ${this.framer.fillsInOrderUpdates ? 'position' : 'fills and position'}`, now + L + p.orderBeforeFill.delayMs);
    const fillDelay = obf && !this.framer.fillsInOrderUpdates ? p.orderBeforeFill.delayMs : 0;

    const kept: ExecReport[] = [];
    const duplicates: ExecReport[] = [];
    for (const e of ev.execs) {
      if (this.#draws.lostExecution.chance(p.lostExecution.rate)) {
        this.#ledger.markLost(e.execId);
        this.#ledger.fault(now, 'lostExecution', `${e.execId} (${ev.symbol} seq ${e.seq})`, now + L + fillDelay);
      } else {
        kept.push(e);
      }
      if (this.#draws.duplicateExecution.chance(p.duplicateExecution.rate)) {
        this.#ledger.markDuplicated(e.execId);
        this.#ledger.fault(now, 'duplicateExecution', e.execId, now + L + fillDelay + p.duplicateExecution.delayMs);
        duplicates.push(e);
      }
    }

    if (ev.accepted !== undefined) this.#later(L, { kind: 'order', event: 'NEW', state: ev.accepted, traded });
    const orderPart: OrderPart = { kind: 'order', event: ev.end ?? 'FILLS', state: ev.final, traded };
    if (traded && ev.position !== undefined && this.framer.renderChange !== undefined) {
      if (obf) this.#later(L, orderPart);
      this.#publishChange(ev.position, kept, duplicates, obf ? undefined : orderPart, fillDelay, now);
      return;
    }
    if (traded && fillDelay > 0) this.#later(L, orderPart);
    if (kept.length > 0) this.#later(L + fillDelay, { kind: 'execution', execs: kept });
    if (traded && fillDelay === 0) this.#later(L, orderPart);
    if (!traded && ev.end !== undefined) this.#later(L, orderPart);
    for (const e of duplicates) this.#later(L + fillDelay + p.duplicateExecution.delayMs, { kind: 'execution', execs: [e] });

    if (ev.position !== undefined) {
      let delay = L + (obf ? p.orderBeforeFill.delayMs : 0);
      if (this.#draws.positionDelay.chance(p.positionDelay.rate)) {
        delay += p.positionDelay.delayMs;
        this.#ledger.fault(now, 'positionDelay', `${ev.symbol} position +${p.positionDelay.delayMs}ms`, now + delay);
      }
      this.#positionLater(delay, ev.position);
    }
  }

  /**
   * A venue that sends a matching event's trades, order state and position in one message
   * (`VenueFramer.renderChange`, Deribit `user.changes`). `orderBeforeFill` sends the order update
   * alone first (`order` is then undefined here) and this message `fillDelay` later.
   *
   * `positionDelay` delays the whole message, trades and order included. The position could
   * instead travel in a later message of its own, but that message would carry no trades, hence
   * no watermark, and riskgate refuses such a position: the fault would become a lost position,
   * not a late one. Delaying the message keeps the fault's meaning (riskgate sees the fills and
   * the position late, and in the meantime only what it knew) on the venue's framing. Messages
   * carrying positions stay in order (`positionsInOrder`): a later one waits for a delayed one.
   */
  #publishChange(position: PositionReport, kept: readonly ExecReport[], duplicates: readonly ExecReport[], order: OrderPart | undefined, fillDelay: number, now: number): void {
    const p = this.#profile;
    const L = p.latencyMs;
    let delay = L + fillDelay;
    if (this.#draws.positionDelay.chance(p.positionDelay.rate)) {
      delay += p.positionDelay.delayMs;
      this.#ledger.fault(now, 'positionDelay', `${position.symbol} position +${p.positionDelay.delayMs}ms (with its trades and order: one notification)`, now + delay);
    }
    // Drawn to keep the generator's sequence the same whatever the framing; an ordered venue re-sends nothing.
    this.#draws.staleSnapshot.chance(p.staleSnapshot.rate);
    const due = Math.max(now + delay, this.#positionDue.get(position.symbol) ?? 0);
    this.#positionDue.set(position.symbol, due);
    const frame = this.framer.renderChange!(kept, order, position);
    this.#lastPosition.set(position.symbol, frame);
    this.#queue.after(due - now, () => this.#deliver(frame));
    for (const e of duplicates) this.#later(L + fillDelay + p.duplicateExecution.delayMs, { kind: 'execution', execs: [e] });
  }

  #positionLater(delay: number, report: PositionReport): void {
    const frames = this.framer.render({ kind: 'position', report });
    const previous = this.#lastPosition.get(report.symbol);
    const f = this.#profile.staleSnapshot;
    const drawn = this.#draws.staleSnapshot.chance(f.rate) && previous !== undefined;
    // A venue that delivers positions in order (see VenueFramer.positionsInOrder) neither re-sends
    // an older one nor lets a later one overtake a delayed one: riskgate could not tell them apart.
    const ordered = this.framer.positionsInOrder;
    const stale = drawn && !ordered;
    if (ordered) {
      const now = this.#clock.nowMs();
      const due = Math.max(now + delay, this.#positionDue.get(report.symbol) ?? 0);
      this.#positionDue.set(report.symbol, due);
      delay = due - now;
    }
    for (const frame of frames) {
      this.#lastPosition.set(report.symbol, frame);
      this.#queue.after(delay, () => this.#deliver(frame));
    }
    if (stale) {
      const now = this.#clock.nowMs();
      this.#ledger.fault(now, 'staleSnapshot', `${report.symbol} previous position re-sent +${delay + f.delayMs}ms`, now + delay + f.delayMs);
      this.#queue.after(delay + f.delayMs, () => this.#deliver(previous));
    }
  }

  #later(delay: number, part: Part): void {
    for (const frame of this.framer.render(part)) this.#queue.after(delay, () => this.#deliver(frame));
  }

  #deliver(bundled: Frame): void {
    const at = this.#clock.nowMs();
    for (const c of this.#connections) {
      const frame = c.positionDead && bundled.withoutPosition !== undefined ? bundled.withoutPosition : bundled;
      if (!c.wants(frame.cls) || (frame.cls === 'position' && c.positionDead)) continue;
      const text = c.send(frame);
      this.#sent.push({ at, connection: c.id, text });
      for (const id of frame.execIds) this.#ledger.markDelivered(id);
    }
  }

  #killPositions(): void {
    const ids = [...this.#connections].filter((c) => !c.positionDead).map((c) => c.id);
    for (const c of this.#connections) c.positionDead = true;
    const now = this.#clock.nowMs();
    // Open until a connection with a live subscription attaches (nothing to silence: over at once).
    this.#ledger.fault(now, 'positionDeath', `position subscription silent on connection(s) [${ids.join(',')}]`, ids.length === 0 ? now : null);
  }

  #disconnect(): void {
    const conns = [...this.#connections];
    this.#connections.clear();
    this.#ledger.fault(this.#clock.nowMs(), 'disconnect', `closed connection(s) [${conns.map((c) => c.id).join(',')}]`, null); // open until a connection attaches
    for (const c of conns) c.kill();
  }

  /** Schedules a time-driven fault: each `atMs`, and random times at `perMinute` on average. */
  #schedule(kind: StreamFault, f: ScheduledFault, fire: () => void): void {
    for (const at of f.atMs) this.#queue.at(at, fire);
    if (f.perMinute <= 0) return;
    const draw = this.#draws[kind];
    const next = (): void => {
      const gap = -Math.log(1 - draw.next()) * (60_000 / f.perMinute);
      this.#queue.after(Math.max(1, Math.round(gap)), () => {
        fire();
        next();
      });
    };
    next();
  }
}
