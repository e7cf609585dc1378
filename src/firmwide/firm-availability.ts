/**
 * Firm-wide availability, measured on the simulator's truth: at each order a host decided, two
 * oracles judge it from the true positions of every sub-account at that moment.
 *
 * - **net oracle** (`availability`): the firm limit on the firm's position, the sum of the
 *   sub-accounts' (a host long 4 and another short 4 leave the firm flat). What a single gate
 *   seeing the whole firm would approve.
 * - **slice oracle** (`sliceAvailability`): the firm limit on each side's sum over hosts of the
 *   part of their position on that side (long: the sum of the long positions, short positions
 *   counting 0). This is the most any scheme can approve in which every host may always reduce its
 *   own position (the degraded mode: a host cut off turns reduce-only): a host short 4 may buy
 *   back 4 at any time without asking, so its short cannot be lent to another host's long.
 *
 * Each order the net oracle approved and the host denied is put down to one cause (`missed`):
 * `LEASE_LIMIT` split by the host's lease at the decision (`no lease yet`, `lapsed`, `slice`),
 * and a slice denial further by whether the slice oracle would have approved it (`slice: lots
 * held elsewhere`: another host held lots it was not using, a rebalance would have moved them;
 * `slice: no netting`: the sides' sums were at the limit, only netting across hosts would have
 * approved it); any other deny code under its own name.
 */
import type { PositionPoint } from '../sim/index.js';

/** One order a host decided, as the host reports it. */
export interface DecidedOrder {
  readonly host: string;
  /** Simulated ms of the decision. */
  readonly at: number;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  /** `APPROVED` or the deny reason's name. */
  readonly verdict: string;
  /** The host's lease on its own clock when it decided. */
  readonly lease: 'none' | 'lapsed' | 'valid';
}

export interface FirmAvailability {
  /** Share of the net oracle's approvals the hosts approved (1 when it approved none). */
  readonly availability: number;
  readonly oracleApproved: number;
  readonly bothApproved: number;
  /** Share of the slice oracle's approvals the hosts approved (1 when it approved none). */
  readonly sliceAvailability: number;
  readonly sliceOracleApproved: number;
  readonly sliceBothApproved: number;
  /** Orders the hosts approved that the net oracle denied (expected 0: the hosts are stricter). */
  readonly approvedOracleDenied: number;
  /** Net-oracle approvals the hosts denied, by cause (see the file's doc). */
  readonly missed: Readonly<Record<string, number>>;
}

/** The position of one account at `at` from its history in time order (0 before the first point). */
export function positionAt(history: readonly PositionPoint[], at: number): number {
  let lo = 0;
  let hi = history.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid]!.at <= at) {
      ans = history[mid]!.position;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/**
 * Judges every decided order against both oracles. `histories`: each host's true position history
 * of the instrument, in time order (simulated ms, as `decided[].at`).
 */
export function measureFirmAvailability(
  histories: ReadonlyMap<string, readonly PositionPoint[]>, decided: readonly DecidedOrder[], firmLimit: number,
): FirmAvailability {
  let oracleApproved = 0;
  let bothApproved = 0;
  let sliceOracleApproved = 0;
  let sliceBothApproved = 0;
  let approvedOracleDenied = 0;
  const missed: Record<string, number> = {};
  for (const d of decided) {
    let net = 0;
    let longs = 0;
    let shorts = 0;
    let mine = 0;
    for (const [host, h] of histories) {
      const p = positionAt(h, d.at);
      net += p;
      if (p > 0) longs += p;
      else shorts -= p;
      if (host === d.host) mine = p;
    }
    const after = d.side === 'buy' ? mine + d.qty : mine - d.qty;
    const netOk = d.side === 'buy' ? net + d.qty <= firmLimit : net - d.qty >= -firmLimit;
    const longsAfter = longs - Math.max(0, mine) + Math.max(0, after);
    const shortsAfter = shorts - Math.max(0, -mine) + Math.max(0, -after);
    // An order that moves the side's sum up must keep it within the limit; one that does not
    // (it reduces the host's own position) is always approved by the slice oracle.
    const sliceOk = (longsAfter <= longs || longsAfter <= firmLimit) && (shortsAfter <= shorts || shortsAfter <= firmLimit);
    const approved = d.verdict === 'APPROVED';
    if (sliceOk) {
      sliceOracleApproved++;
      if (approved) sliceBothApproved++;
    }
    if (!netOk) {
      if (approved) approvedOracleDenied++;
      continue;
    }
    oracleApproved++;
    if (approved) {
      bothApproved++;
      continue;
    }
    let cause = d.verdict;
    if (d.verdict === 'LEASE_LIMIT') {
      if (d.lease === 'none') cause = 'LEASE_LIMIT: no lease yet';
      else if (d.lease === 'lapsed') cause = 'LEASE_LIMIT: lapsed';
      else cause = sliceOk ? 'LEASE_LIMIT: slice, lots held elsewhere' : 'LEASE_LIMIT: slice, no netting';
    }
    missed[cause] = (missed[cause] ?? 0) + 1;
  }
  return {
    availability: oracleApproved === 0 ? 1 : bothApproved / oracleApproved, oracleApproved, bothApproved,
    sliceAvailability: sliceOracleApproved === 0 ? 1 : sliceBothApproved / sliceOracleApproved, sliceOracleApproved, sliceBothApproved,
    approvedOracleDenied, missed,
  };
}
