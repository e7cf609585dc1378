import { performance } from 'node:perf_hooks';
import type { Gate } from '../scenario/gate.js';
import type { MarketEvent, RequestStep } from '../scenario/scenario-types.js';
import type { DecisionLog } from './decision-log.js';

/**
 * A `Gate` that forwards to another and appends every request's decision, with the time the
 * decision took, to a `DecisionLog`: how a scenario (or any edge that speaks scenario steps)
 * feeds the control server's decision stream. Edge-side; the latency is wall time around the
 * inner gate's `request`, string handling of the edge included.
 */
export class RecordingGate implements Gate {
  readonly name: string;
  private at = 0;

  constructor(
    private readonly inner: Gate,
    private readonly log: DecisionLog,
    /** The lane these requests arrive on, written into each decision (`DecisionRecord.lane`). */
    private readonly lane?: string,
  ) {
    this.name = inner.name;
  }

  setTime(at: number): void {
    this.at = at;
    this.inner.setTime(at);
  }

  apply(event: MarketEvent): void {
    this.inner.apply(event);
  }

  request(req: RequestStep): { readonly decision: 'approve' | 'deny'; readonly reason?: string } {
    const t0 = performance.now();
    const d = this.inner.request(req);
    const ns = Math.round((performance.now() - t0) * 1e6);
    const reason = d.decision === 'approve' ? 'APPROVED' : (d.reason ?? 'DENY');
    const from = this.lane !== undefined ? { lane: this.lane } : {};
    if (req.type === 'order') {
      this.log.append(
        { at: this.at, ...from, kind: 'order', orderId: req.orderId, symbol: req.symbol, side: req.side, qty: req.qty, price: req.price, decision: d.decision, reason },
        ns,
      );
    } else if (req.type === 'cancel') {
      this.log.append({ at: this.at, ...from, kind: 'cancel', orderId: req.orderId, decision: d.decision, reason }, ns);
    } else {
      this.log.append({ at: this.at, ...from, kind: 'kill', mode: req.mode, ...(req.symbol !== undefined ? { symbol: req.symbol } : {}), decision: d.decision, reason }, ns);
    }
    return d;
  }

  takeCancelAll(): string[] {
    return this.inner.takeCancelAll();
  }
}
