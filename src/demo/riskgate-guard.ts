/**
 * Account A's check: every order goes to riskgate's risk thread through a `StrategyClient`
 * (blocking-spin `decideOrder`, microseconds) before it may be sent. The time around that call is
 * recorded in an HDR histogram (ns): the decision latency the summary reports.
 *
 * What this thread learns itself goes straight to the risk thread through an event lane opened
 * on this thread (`RiskGate.openEventLane`): order-entry outcomes as order updates (an order
 * rejected with "come back later" never reaches the book, so the venue's private stream never
 * mentions it; an IOC's ack is already final), so the risk thread frees the headroom of an order
 * the venue refused and sees an IOC's final state even when the private stream is down; and the
 * reconciler's REST position snapshots. Strings become the engine's integers here: the
 * instrument's index in config order (unknown: -2), the client order id through `orderKeyOf`
 * (as the strategy computes it for `decideOrder`).
 *
 * A publish that is not `ACCEPTED` needs nothing from here but a count (`gateway`): a full lane
 * is counted by the engine and holds the instrument down until a fresh snapshot (which the
 * reconciler then fetches), and `ENGINE_STOPPED` comes only while the demo tears down.
 */
import { performance } from 'node:perf_hooks';
import hdr from 'hdr-histogram-js';
import { EventLaneStatus, type EventLanePublisher, type StrategyClient } from '../engine/index.js';
import { Side } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import { STATUS_CODE } from '../scenario/engine-gate.js';
import type { OrderUpdateEvent, SnapshotEvent } from '../scenario/scenario-types.js';
import type { GatewayLaneStats } from './demo-result.js';
import type { OrderGuard } from './order-guard.js';
import { orderKeyOf } from '../venue-bridge/order-handle.js';

/** Highest latency tracked: 10 s in ns (larger samples are clamped). */
const HIGHEST_NS = 10e9;

export class RiskgateGuard implements OrderGuard {
  readonly kind = 'riskgate';
  readonly latency = hdr.build({
    bitBucketSize: 32, autoResize: false, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_NS, numberOfSignificantValueDigits: 3,
  }) as hdr.JsHistogram;
  readonly gateway: GatewayLaneStats = { orderReports: 0, snapshots: 0, notAccepted: 0 };
  readonly #client: StrategyClient;
  readonly #index: ReadonlyMap<string, number>;
  readonly #lane: EventLanePublisher;

  /** `lane`: an event lane opened on this thread (its only publisher). */
  constructor(client: StrategyClient, index: ReadonlyMap<string, number>, lane: EventLanePublisher) {
    this.#client = client;
    this.#index = index;
    this.#lane = lane;
  }

  checkOrder(clientId: string, symbol: string, side: 'buy' | 'sell', qty: number, price: number): string {
    const inst = this.#inst(symbol);
    const t0 = performance.now();
    const code = this.#client.decideOrder(orderKeyOf(clientId), inst, side === 'buy' ? Side.BUY : Side.SELL, qty, price);
    const ns = (performance.now() - t0) * 1e6;
    this.latency.recordValue(Math.min(HIGHEST_NS, Math.max(1, Math.round(ns))));
    if (code < 0) return code === -1 ? 'REQUEST_RING_FULL' : 'DECISION_TIMEOUT';
    return denyReasonName(code);
  }

  onOrderReport(report: OrderUpdateEvent): void {
    const code = this.#lane.orderUpdate(this.#inst(report.symbol), orderKeyOf(report.orderId), STATUS_CODE[report.status], report.cumQty, report.leavesQty);
    if (code === EventLaneStatus.ACCEPTED) this.gateway.orderReports++;
    else this.gateway.notAccepted++;
  }

  /** A position snapshot from the reconciler's REST hook. */
  onRestSnapshot(snapshot: SnapshotEvent): void {
    const code = this.#lane.snapshot(this.#inst(snapshot.symbol), snapshot.position, snapshot.seq ?? NaN, snapshot.venueTime ?? NaN, snapshot.current === true ? 1 : 0, snapshot.asOf ?? NaN);
    if (code === EventLaneStatus.ACCEPTED) this.gateway.snapshots++;
    else this.gateway.notAccepted++;
  }

  #inst(symbol: string): number {
    return this.#index.get(symbol) ?? -2;
  }
}
