import {
  ARRIVAL_ORDER, NO_STRATEGY, SlotType, decodeDecision, encodeCancelRequest, encodeKillRequest, encodeOrderRequest,
  encodeLaneStatus, slotTag, type DecisionFields,
} from '../codec/index.js';
import { performance } from 'node:perf_hooks';
import { RING_FULL, RingConsumer, RingProducer } from '../ring/index.js';
import { DecisionLatencyRecorder } from './decision-latency-recorder.js';
import { Doorbell } from './doorbell.js';
import type { StrategyChannel } from './strategy-channel.js';
import type { SideValue } from '../risk/codes.js';

/** `decide*` results below 0: no decision (codes, never exceptions). */
export const StrategyStatus = {
  /** The request ring stayed full for the whole wait. */
  REQUEST_RING_FULL: -1,
  /** No decision arrived within the wait. */
  TIMEOUT: -2,
} as const;

/** Default bound of a blocking `decide*` call. */
const DEFAULT_WAIT_MS = 1000;

/**
 * A strategy's end of the engine: submits orders, cancels and kill requests into its request
 * ring and reads the risk thread's answers from its decision ring. Usable on any thread (the
 * embedding's or a strategy worker's), one client per `StrategyChannel`.
 *
 * Two forms:
 * - `submit*` + `pollDecision` (allocation-free) and the blocking-spin `decide*`, which spins
 *   on the decision ring until the answer arrives (microseconds; bounded by `waitMs`);
 * - `*Async`, returning a Promise of the code: a pump polls the decision ring on `setImmediate`
 *   turns while answers are outstanding. Allocates a Promise per request.
 *
 * Decisions come back in request order (the risk thread answers one lane FIFO), each carrying
 * its `requestId`; a blocking call that meets answers to earlier async requests resolves them.
 * Order keys are the strategy's integer handles for its order ids (interned at the edge).
 *
 * Timing: when the channel has a decision-latency block (the engine runs a control server),
 * `decide*` and `*Async` record the time from the call to the moment this client reads the
 * decision (`performance.now()` on this thread: the risk thread never reads a clock per
 * decision) into it: what the strategy waits, ring-full retries, the risk thread's wake-up and
 * (Promise form) the pump's event-loop turn included. One extra clock read per request
 * (~60 ns; the deadline reads it anyway) and 2 `Atomics.add`. Requests that time out are not
 * recorded; `submit*`/`pollDecision` are not timed (they stay allocation-free).
 */
export class StrategyClient {
  readonly name: string;
  private readonly requests: RingProducer;
  private readonly decisions: RingConsumer;
  private readonly bell: Doorbell;
  private nextRequestId = 0;
  /** The channel's strategy index (`NO_STRATEGY`: none), written into every ORDER slot. */
  private readonly strategy: number;
  private readonly out: DecisionFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0, requestId: 0 };
  private readonly waiting = new Map<number, (code: number) => void>();
  private pumping = false;
  /** Where `decide*` and `*Async` record their latency; null: not timed. */
  private readonly latency: DecisionLatencyRecorder | null;

  constructor(channel: StrategyChannel) {
    this.name = channel.name;
    this.strategy = channel.strategy ?? NO_STRATEGY;
    this.requests = new RingProducer(channel.requests);
    this.decisions = new RingConsumer(channel.decisions);
    this.bell = new Doorbell(channel.control);
    this.latency = channel.latency === null ? null : new DecisionLatencyRecorder(channel.latency);
  }

  /**
   * Submits an order; returns its requestId (>= 0) or `RING_FULL`. `order` places it in a
   * total order across rings (scenarios); leave it -1 for arrival order. `at` NaN: engine clock.
   * @hot allocation-free.
   */
  submitOrder(orderKey: number, inst: number, side: SideValue, qty: number, price: number, order = ARRIVAL_ORDER, at = NaN, requestId = this.nextRequestId): number {
    return this.submit(orderKey, inst, side, qty, price, 0, order, at, requestId);
  }

  /**
   * Submits a venue-enforced reduce-only order: a promise that the embedding sends it with the
   * venue's own reduce-only flag (Binance/Bybit/OKX `reduceOnly`, BitMEX `execInst: ReduceOnly`,
   * Deribit `reduce_only`), so the venue caps it at the true position. The engine then lets it
   * through in every state but a halt (it cannot add exposure). Arguments as `submitOrder`.
   * @hot allocation-free.
   */
  submitReduceOnly(orderKey: number, inst: number, side: SideValue, qty: number, price: number, order = ARRIVAL_ORDER, at = NaN, requestId = this.nextRequestId): number {
    return this.submit(orderKey, inst, side, qty, price, 1, order, at, requestId);
  }

  private submit(orderKey: number, inst: number, side: number, qty: number, price: number, reduceOnly: number, order: number, at: number, requestId: number): number {
    const off = this.requests.tryClaim();
    if (off === RING_FULL) return RING_FULL;
    encodeOrderRequest(this.requests.i32, this.requests.f64, off, order, at, requestId, orderKey, inst, side, qty, price, reduceOnly, this.strategy);
    return this.commit(requestId);
  }

  /** @hot Submits a cancel; requestId or `RING_FULL`. */
  submitCancel(orderKey: number, order = ARRIVAL_ORDER, at = NaN, requestId = this.nextRequestId): number {
    const off = this.requests.tryClaim();
    if (off === RING_FULL) return RING_FULL;
    encodeCancelRequest(this.requests.i32, this.requests.f64, off, order, at, requestId, orderKey);
    return this.commit(requestId);
  }

  /** @hot Submits a kill-switch request (`KillMode`, instrument or -1 for all); requestId or `RING_FULL`. */
  submitKill(mode: number, inst: number, order = ARRIVAL_ORDER, at = NaN, requestId = this.nextRequestId): number {
    const off = this.requests.tryClaim();
    if (off === RING_FULL) return RING_FULL;
    encodeKillRequest(this.requests.i32, this.requests.f64, off, order, at, requestId, mode, inst);
    return this.commit(requestId);
  }

  /**
   * Writes a LANE_DOWN / LANE_UP slot. Only the control channel's client (the embedding's
   * supervisor) may: the risk thread ignores lane slots on other lanes. @hot
   */
  submitLaneStatus(lane: number, up: boolean): number {
    const off = this.requests.tryClaim();
    if (off === RING_FULL) return RING_FULL;
    encodeLaneStatus(this.requests.i32, this.requests.f64, off, lane, up);
    this.requests.publish();
    this.bell.ring();
    return 0;
  }

  /** Copies one raw 64-byte slot (already encoded, e.g. by a scenario compiler) and publishes it. @hot */
  submitRaw(src: Int32Array, srcOff: number): number {
    const off = this.requests.tryClaim();
    if (off === RING_FULL) return RING_FULL;
    const a = srcOff >> 2;
    const b = off >> 2;
    const i32 = this.requests.i32;
    for (let k = 0; k < 16; k++) i32[b + k] = src[a + k]!;
    this.requests.publish();
    this.bell.ring();
    return 0;
  }

  private commit(requestId: number): number {
    if (requestId >= this.nextRequestId) this.nextRequestId = requestId + 1;
    this.requests.publish();
    this.bell.ring();
    return requestId;
  }

  /**
   * Reads the next decision into `out` (code in `out.arg`, requestId in `out.requestId`);
   * false when none is waiting. @hot allocation-free.
   */
  pollDecision(out: DecisionFields): boolean {
    if (this.decisions.poll() === 0) return false;
    const off = this.decisions.slotOffset(0);
    if (slotTag(this.decisions.i32, off) === SlotType.DECISION) decodeDecision(this.decisions.i32, this.decisions.f64, off, out);
    this.decisions.release(1);
    return true;
  }

  /** Blocking spin: the decision for an order (a `DenyReason` code) or a negative `StrategyStatus`. */
  decideOrder(orderKey: number, inst: number, side: SideValue, qty: number, price: number, waitMs = DEFAULT_WAIT_MS): number {
    return this.decide(orderKey, inst, side, qty, price, 0, waitMs);
  }

  /**
   * Blocking spin: the decision for a venue-enforced reduce-only order (see `submitReduceOnly`:
   * send it with the venue's reduce-only flag, or not at all).
   */
  decideReduceOnly(orderKey: number, inst: number, side: SideValue, qty: number, price: number, waitMs = DEFAULT_WAIT_MS): number {
    return this.decide(orderKey, inst, side, qty, price, 1, waitMs);
  }

  private decide(orderKey: number, inst: number, side: number, qty: number, price: number, reduceOnly: number, waitMs: number): number {
    const t0 = performance.now();
    const deadline = t0 + waitMs;
    let id = this.submit(orderKey, inst, side, qty, price, reduceOnly, ARRIVAL_ORDER, NaN, this.nextRequestId);
    while (id === RING_FULL) {
      if (performance.now() > deadline) return StrategyStatus.REQUEST_RING_FULL;
      id = this.submit(orderKey, inst, side, qty, price, reduceOnly, ARRIVAL_ORDER, NaN, this.nextRequestId);
    }
    return this.awaitDecision(id, t0, deadline);
  }

  /** Blocking spin: the decision for a cancel. */
  decideCancel(orderKey: number, waitMs = DEFAULT_WAIT_MS): number {
    const t0 = performance.now();
    const deadline = t0 + waitMs;
    let id = this.submitCancel(orderKey);
    while (id === RING_FULL) {
      if (performance.now() > deadline) return StrategyStatus.REQUEST_RING_FULL;
      id = this.submitCancel(orderKey);
    }
    return this.awaitDecision(id, t0, deadline);
  }

  /** Blocking spin: the answer to a kill-switch request. */
  decideKill(mode: number, inst: number, waitMs = DEFAULT_WAIT_MS): number {
    const t0 = performance.now();
    const deadline = t0 + waitMs;
    let id = this.submitKill(mode, inst);
    while (id === RING_FULL) {
      if (performance.now() > deadline) return StrategyStatus.REQUEST_RING_FULL;
      id = this.submitKill(mode, inst);
    }
    return this.awaitDecision(id, t0, deadline);
  }

  /** Promise form of `decideOrder`. */
  orderAsync(orderKey: number, inst: number, side: SideValue, qty: number, price: number, waitMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.async(() => this.submitOrder(orderKey, inst, side, qty, price), waitMs);
  }

  /** Promise form of `decideReduceOnly`. */
  reduceOnlyAsync(orderKey: number, inst: number, side: SideValue, qty: number, price: number, waitMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.async(() => this.submitReduceOnly(orderKey, inst, side, qty, price), waitMs);
  }

  /** Promise form of `decideCancel`. */
  cancelAsync(orderKey: number, waitMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.async(() => this.submitCancel(orderKey), waitMs);
  }

  /** Promise form of `decideKill`. */
  killAsync(mode: number, inst: number, waitMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.async(() => this.submitKill(mode, inst), waitMs);
  }

  /** Requests answered-for but not yet read (async ones outstanding). */
  get outstanding(): number {
    return this.waiting.size;
  }

  /** Spins until the decision for `id` (sent at `t0`, `performance.now()` ms) is read, or `deadline`. */
  private awaitDecision(id: number, t0: number, deadline: number): number {
    for (let spins = 0; ; spins++) {
      while (this.pollDecision(this.out)) {
        if (this.out.requestId === id) {
          this.timed(t0);
          return this.out.arg;
        }
        this.settle(this.out.requestId, this.out.arg);
      }
      if ((spins & 1023) === 1023 && performance.now() > deadline) return StrategyStatus.TIMEOUT;
    }
  }

  /** Records the latency of a request made at `t0` (`performance.now()` ms) whose decision was just read. */
  private timed(t0: number): void {
    if (this.latency !== null) this.latency.record((performance.now() - t0) * 1e6);
  }

  private settle(requestId: number, code: number): void {
    const resolve = this.waiting.get(requestId);
    if (resolve === undefined) return;
    this.waiting.delete(requestId);
    resolve(code);
  }

  private async(submit: () => number, waitMs: number): Promise<number> {
    const t0 = performance.now();
    const deadline = t0 + waitMs;
    return new Promise<number>((resolve) => {
      const trySubmit = (): void => {
        const id = submit();
        if (id === RING_FULL) {
          if (performance.now() > deadline) resolve(StrategyStatus.REQUEST_RING_FULL);
          else setImmediate(trySubmit);
          return;
        }
        const timer = setTimeout(() => {
          if (this.waiting.delete(id)) resolve(StrategyStatus.TIMEOUT);
        }, Math.max(0, deadline - performance.now()));
        this.waiting.set(id, (code) => {
          clearTimeout(timer);
          this.timed(t0);
          resolve(code);
        });
        this.pump();
      };
      trySubmit();
    });
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const turn = (): void => {
      while (this.pollDecision(this.out)) this.settle(this.out.requestId, this.out.arg);
      if (this.waiting.size > 0) setImmediate(turn);
      else this.pumping = false;
    };
    setImmediate(turn);
  }
}
