import type { Gate } from '../scenario/gate.js';
import type { MarketEvent, RequestStep } from '../scenario/scenario-types.js';
import { denyReasonCode } from '../risk/deny-reason.js';
import type { RecordSink } from './record-sink.js';
import type { JournalFailurePolicy } from './fsync-policy.js';

/**
 * A `Gate` that records what passes through it: every applied event, every request and the
 * decision that answered it, and every cancel-all the engine asked for, each stamped with the
 * engine time (`setTime`). Wraps any gate; `riskgate scenario FILE --journal OUT` wraps the
 * `EngineGate`. Edge-side and single-threaded (allocates per record).
 *
 * Order of records = order of calls: event (then applied), request (then decided), decision.
 * A request is recorded before it is decided so that a crash mid-decision leaves the request
 * without a decision, never a decision without its request. Each step ends a batch.
 */
export class JournalingGate implements Gate {
  private at = 0;

  /**
   * `onFailure` (fsync-policy.ts): with `halt` (default), while the sink reports `failing`, an
   * order is denied JOURNAL_DOWN without reaching the inner gate (it could not be recorded);
   * cancels, kills and events still go through.
   */
  constructor(
    private readonly inner: Gate,
    private readonly sink: RecordSink,
    private readonly onFailure: JournalFailurePolicy = 'halt',
  ) {}

  get name(): string {
    return this.inner.name;
  }

  setTime(at: number): void {
    this.at = at;
    this.inner.setTime(at);
  }

  apply(event: MarketEvent): void {
    this.sink.append(this.at, { kind: 'event', event });
    this.sink.endBatch();
    this.inner.apply(event);
  }

  request(req: RequestStep): { readonly decision: 'approve' | 'deny'; readonly reason?: string } {
    const requestSeq = this.sink.append(this.at, { kind: 'request', request: req });
    const halted = req.type === 'order' && this.onFailure === 'halt' && this.sink.status?.state === 'failing';
    const d: { readonly decision: 'approve' | 'deny'; readonly reason?: string } = halted ? { decision: 'deny', reason: 'JOURNAL_DOWN' } : this.inner.request(req);
    const code = d.decision === 'approve' ? 0 : d.reason === undefined ? -1 : denyReasonCode(d.reason);
    this.sink.append(this.at, {
      kind: 'decision',
      requestSeq,
      ...(req.type !== 'kill' ? { orderId: req.orderId } : {}),
      decision: d.decision,
      reasonCode: code < 0 ? 0xffff : code,
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
    });
    this.sink.endBatch();
    return d;
  }

  takeCancelAll(): string[] {
    const out = this.inner.takeCancelAll();
    for (const symbol of out) this.sink.append(this.at, { kind: 'cancelAll', symbol });
    if (out.length > 0) this.sink.endBatch();
    return out;
  }
}
