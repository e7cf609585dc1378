import type { ResolvedConfig } from '../config/engine-config.js';
import { ExposureTruth } from '../scenario/exposure-truth.js';
import { legacyHandleItems } from './legacy-handles.js';
import { isDamage, type JournalItem } from '../journal/journal-reader.js';
import type { DamagedRange } from '../journal/damaged-range.js';
import { ReplayGate } from './replay-gate.js';

/** What a journal's orders would have met under a config. Plain data (crosses the worker boundary). */
export interface WhatIfResult {
  readonly orders: number;
  readonly approved: number;
  readonly denied: number;
  readonly deniedByReason: Readonly<Record<string, number>>;
  /** Largest true exposure (lots) reached: |true position|, or at an approval |position + open same-side orders + qty|. */
  readonly worstExposure: number;
  /** Approvals whose true worst case went beyond the (swept) limits, fills that took the true position beyond them. */
  readonly exposureBreaches: number;
  readonly positionBreaches: number;
  /** Largest amount beyond a limit (lots). */
  readonly worstExcess: number;
  /** Engine calls the journal lost (its gap records): the what-if saw the market without them. */
  readonly lost: number;
  /** Damaged ranges in the journal (bytes that are not valid records): the what-if saw the market without them. */
  readonly damaged: number;
  /** Those ranges: where they are and why (as `riskgate replay` lists them). */
  readonly damage: readonly DamagedRange[];
}

/**
 * Replays a journal's events and requests through a fresh engine under `config` (usually not
 * the recorded one) and judges the approvals with `ExposureTruth` over the journal's events.
 *
 * What-if, not simulation: the market's side (fills, updates, snapshots) is what was recorded.
 * An order the recorded run sent but this config denies still has its recorded fills (they count
 * as trades the engine did not send, both for the engine and for the truth), so results are an
 * upper bound on what a stricter setting would have avoided.
 *
 * The worst exposure comes from a second `ExposureTruth` whose limits are all 0: its "excess"
 * is then the exposure itself. Records with handles reach the engine as the integers the
 * threaded engine saw (`ReplayGate`); a journal with gaps is replayed as far as it goes and its
 * losses are reported in `lost`.
 */
export function whatIfRun(records: Iterable<JournalItem>, config: ResolvedConfig): WhatIfResult {
  const gate = new ReplayGate(config);
  const truth = new ExposureTruth(config);
  const zero = new ExposureTruth({ ...config, instruments: config.instruments.map((i) => ({ ...i, maxLong: 0, maxShort: 0 })) });
  const deniedByReason: Record<string, number> = {};
  let orders = 0;
  let approved = 0;
  let lost = 0;
  let damaged = 0;
  const damage: DamagedRange[] = [];
  for (const rec of legacyHandleItems(records)) {
    if (isDamage(rec)) {
      damaged++;
      damage.push(rec.damaged);
      continue;
    }
    const b = rec.body;
    if (b.kind === 'gap') lost += b.lost;
    else if (b.kind === 'event') {
      gate.setTime(rec.at);
      truth.onEvent(b.event);
      zero.onEvent(b.event);
      gate.apply(b.event, b.handles);
      gate.takeCancelAll();
    } else if (b.kind === 'request') {
      gate.setTime(rec.at);
      const d = gate.request(b.request, b.handles);
      gate.takeCancelAll();
      if (b.request.type !== 'order') continue;
      orders++;
      if (d.decision === 'approve') {
        approved++;
        truth.onApproved(b.request);
        zero.onApproved(b.request);
      } else {
        const r = d.reason ?? 'deny';
        deniedByReason[r] = (deniedByReason[r] ?? 0) + 1;
      }
    }
  }
  const s = truth.summary();
  return {
    orders, approved, denied: orders - approved, deniedByReason, worstExposure: zero.summary().worstExcess,
    exposureBreaches: s.exposureBreaches, positionBreaches: s.positionBreaches, worstExcess: s.worstExcess, lost, damaged, damage,
  };
}
