import type { RiskGate } from '../gate/index.js';
import type { EventLanePublisher } from '../engine/index.js';
import type { LeaseTarget, SideLots } from './lease-agent.js';

/**
 * A `LeaseTarget` over a threaded engine: leases go into an event lane of their own (nothing
 * else publishes there, so an empty lane ring means the risk thread applied every lease: it
 * releases a slot after applying it); the exposure is read from the state block
 * (`gate.state()`): worst case long `estPosMax + openBuy`, short `openSell - estPosMin`, as the
 * risk core checks them.
 */
export class GateLeaseTarget implements LeaseTarget {
  static readonly LANE = 'firmwide-leases';
  private readonly lane: EventLanePublisher;

  constructor(private readonly gate: RiskGate) {
    this.lane = gate.openEventLane(GateLeaseTarget.LANE);
  }

  publish(inst: number, long: number, short: number, forMs: number): void {
    this.lane.lease(inst, long, short, forMs);
  }

  applied(): boolean {
    return this.gate.ringStatus().find((r) => r.name === `${GateLeaseTarget.LANE}:input`)?.used === 0;
  }

  exposure(inst: number): SideLots | undefined {
    const s = this.gate.state()?.instruments[inst];
    if (s === undefined || !Number.isFinite(s.estPosMin) || !Number.isFinite(s.estPosMax)) return undefined;
    return { long: Math.max(0, s.estPosMax + s.openBuy), short: Math.max(0, s.openSell - s.estPosMin) };
  }
}
