/**
 * The same orders through an ideal gate, on that gate's own path: what one gate seeing the whole
 * firm at once, with no network and no latency, would have approved of the very orders the hosts
 * decided (the taker's orders do not depend on the answers it gets: one per quote, from a seeded
 * signal). The per-order oracles of firm-availability.ts judge each order on the path the hosts
 * actually took; where the hosts held the firm far from its limit, those oracles approve nearly
 * everything, including orders an ideal gate would have denied on its own path because it had
 * already let the firm reach the limit. This replay is the other half of the comparison.
 *
 * Two rules, each with every host's own position limit:
 * - `net`: the firm limit on the sum of the hosts' positions (a single firm-wide gate);
 * - `sides`: the firm limit on each side's sum (long positions, short positions) with no netting
 *   across hosts, and slices that move at once to whoever asks: the best a leased-slice scheme can
 *   do when every host must be free to reduce its own position without asking (the degraded mode).
 * An order that reduces what a rule limits always passes it. An approved order is taken as filled
 * in full at once (the taker's IOC orders cross the spread by several ticks).
 */
import type { DecidedOrder } from './firm-availability.js';

export type IdealRule = 'net' | 'sides';

/** Orders an ideal gate under `rule` approves of `decided` (time order), and the lots they move. */
export function replayIdealGate(
  decided: readonly Pick<DecidedOrder, 'host' | 'at' | 'side' | 'qty'>[], firmLimit: number, hostLimit: number, rule: IdealRule,
): { approved: number; lots: number } {
  const pos = new Map<string, number>();
  let net = 0;
  let longs = 0;
  let shorts = 0;
  let approved = 0;
  let lots = 0;
  const ordered = decided.map((d, i) => ({ d, i })).sort((a, b) => a.d.at - b.d.at || a.i - b.i);
  for (const { d } of ordered) {
    const p = pos.get(d.host) ?? 0;
    const after = d.side === 'buy' ? p + d.qty : p - d.qty;
    if (Math.abs(after) > hostLimit && Math.abs(after) > Math.abs(p)) continue;
    const netAfter = net - p + after;
    const longsAfter = longs - Math.max(0, p) + Math.max(0, after);
    const shortsAfter = shorts - Math.max(0, -p) + Math.max(0, -after);
    const ok = rule === 'net'
      ? Math.abs(netAfter) <= firmLimit || Math.abs(netAfter) <= Math.abs(net)
      : (longsAfter <= firmLimit || longsAfter <= longs) && (shortsAfter <= firmLimit || shortsAfter <= shorts);
    if (!ok) continue;
    pos.set(d.host, after);
    net = netAfter;
    longs = longsAfter;
    shorts = shortsAfter;
    approved++;
    lots += d.qty;
  }
  return { approved, lots };
}
