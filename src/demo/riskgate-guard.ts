/**
 * Account A's check: every order goes to riskgate's risk thread through a `StrategyClient`
 * (blocking-spin `decideOrder`, microseconds) before it may be sent. The time around that call is
 * recorded in an HDR histogram (ns): the decision latency the summary reports.
 *
 * Order-entry outcomes go to account A's feed worker as order updates (`GatewayReport`), so the
 * risk thread frees the headroom of an order the venue refused and sees an IOC's final state
 * even when the private stream is down.
 */
import { performance } from 'node:perf_hooks';
import type { BroadcastChannel } from 'node:worker_threads';
import hdr from 'hdr-histogram-js';
import type { StrategyClient } from '../engine/index.js';
import { Side } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import type { OrderUpdateEvent } from '../scenario/scenario-types.js';
import type { GatewayReport } from './gateway-report.js';
import type { OrderGuard } from './order-guard.js';
import { orderKeyOf } from './order-handle.js';

/** Highest latency tracked: 10 s in ns (larger samples are clamped). */
const HIGHEST_NS = 10e9;

export class RiskgateGuard implements OrderGuard {
  readonly kind = 'riskgate';
  readonly latency = hdr.build({
    bitBucketSize: 32, autoResize: false, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_NS, numberOfSignificantValueDigits: 3,
  }) as hdr.JsHistogram;
  readonly #client: StrategyClient;
  readonly #index: ReadonlyMap<string, number>;
  readonly #gateway: BroadcastChannel;

  constructor(client: StrategyClient, index: ReadonlyMap<string, number>, gateway: BroadcastChannel) {
    this.#client = client;
    this.#index = index;
    this.#gateway = gateway;
  }

  checkOrder(clientId: string, symbol: string, side: 'buy' | 'sell', qty: number, price: number): string {
    const inst = this.#index.get(symbol) ?? -2;
    const t0 = performance.now();
    const code = this.#client.decideOrder(orderKeyOf(clientId), inst, side === 'buy' ? Side.BUY : Side.SELL, qty, price);
    const ns = (performance.now() - t0) * 1e6;
    this.latency.recordValue(Math.min(HIGHEST_NS, Math.max(1, Math.round(ns))));
    if (code < 0) return code === -1 ? 'REQUEST_RING_FULL' : 'DECISION_TIMEOUT';
    return denyReasonName(code);
  }

  onOrderReport(report: OrderUpdateEvent): void {
    this.#gateway.postMessage(report satisfies GatewayReport);
  }
}
