import type { DecisionFields } from '../codec/index.js';
import { KillMode, UNKNOWN_SYMBOL } from '../risk/codes.js';
import { denyReasonName } from '../risk/deny-reason.js';
import { StrategyClient } from '../engine/strategy-client.js';
import type { StrategyChannel } from '../engine/strategy-channel.js';
import type { KillOutcomes, KillRequest, KillSink } from './kill-sink.js';

const MODE = { halt: KillMode.HALT, reduce: KillMode.REDUCE, resume: KillMode.RESUME } as const;

/**
 * The threaded engine's kill switch as the control server thread drives it: a request ring of
 * the server thread's own, straight into the risk thread (a lane polled ahead of every
 * strategy's), with no hop through the embedding thread. `requestKill` returns true only once
 * the request is published in that ring (so `202 Accepted` means "the risk thread applies it on
 * its next poll", whatever the embedding thread is doing), false when the ring is full.
 *
 * The risk thread answers each request into this lane's decision ring; `poll` reads the answers
 * (the server's tick) and counts them by result, so a kill the engine refused is reported
 * (`/metrics`), and a kill nobody answers shows as pending (`/health`: the risk thread is not
 * polling). Threading: the server thread only (the client is the ring's only producer).
 */
export class RingKillSink implements KillSink {
  private readonly client: StrategyClient;
  private readonly out: DecisionFields = { tag: 0, inst: 0, arg: 0, order: 0, at: 0, requestId: 0 };
  /** requestId → when it was taken (server ms). */
  private readonly pending = new Map<number, number>();
  private readonly results = new Map<string, number>();

  constructor(
    channel: StrategyChannel,
    private readonly symbols: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    this.client = new StrategyClient({ ...channel, latency: null });
  }

  requestKill(request: KillRequest): boolean {
    const index = request.symbol === undefined ? -1 : this.symbols.indexOf(request.symbol);
    // An unknown symbol's index is -1, which is also "every instrument": pass `UNKNOWN_SYMBOL` instead.
    const id = this.client.submitKill(MODE[request.mode], request.symbol !== undefined && index < 0 ? UNKNOWN_SYMBOL : index);
    if (id < 0) return false;
    this.pending.set(id, this.now());
    return true;
  }

  poll(): void {
    while (this.client.pollDecision(this.out)) {
      if (!this.pending.delete(this.out.requestId)) continue;
      const name = denyReasonName(this.out.arg);
      this.results.set(name, (this.results.get(name) ?? 0) + 1);
    }
  }

  outcomes(nowMs: number): KillOutcomes {
    let oldest = nowMs;
    for (const at of this.pending.values()) if (at < oldest) oldest = at;
    return { results: this.results, pending: this.pending.size, oldestPendingMs: nowMs - oldest };
  }
}
