/**
 * The reconciler's REST position query, answered in-process by the simulator: the simulator
 * serves no REST position endpoint, so this hook stands in for `GET /v5/position/list` (Bybit) or
 * `GET /fapi/v2/positionRisk` (Binance). Like the venue's answer it gives the account's position
 * now and, on a sequenced venue, the sequence number of the last execution it includes (the
 * watermark; 0 before any execution). It is called only by the `Reconciler`, with its cooldown,
 * when account A's instrument has stayed unhealthy (stale feed, gap, mismatch); riskgate's
 * strategy never reads positions from here.
 */
import type { PositionHook } from '../feeds/position-hook.js';
import type { RestStats } from '../feeds/rest-client.js';
import type { VenueName } from '../feeds/venue-name.js';
import type { SnapshotEvent } from '../scenario/scenario-types.js';
import type { AccountTruth } from '../sim/index.js';

export class TruthPositionHook implements PositionHook {
  readonly venue: VenueName;
  readonly stats: RestStats = { requests: 0, ok: 0, rateLimited: 0, banned: 0, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 };
  readonly #truth: () => AccountTruth;
  readonly #sequenced: boolean;

  constructor(venue: VenueName, truth: () => AccountTruth, sequenced: boolean) {
    this.venue = venue;
    this.#truth = truth;
    this.#sequenced = sequenced;
  }

  fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    this.stats.requests++;
    const t = this.#truth();
    const out: SnapshotEvent[] = [];
    for (const symbol of symbols) {
      const position = t.symbols.find((s) => s.symbol === symbol)?.position ?? 0;
      if (!this.#sequenced) {
        out.push({ type: 'snapshot', symbol, position });
        continue;
      }
      let seq = 0;
      for (const e of t.executions) if (e.symbol === symbol && e.seq > seq) seq = e.seq;
      out.push({ type: 'snapshot', symbol, position, seq });
    }
    this.stats.ok++;
    return Promise.resolve(out);
  }
}
