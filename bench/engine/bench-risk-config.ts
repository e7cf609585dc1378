import type { RiskGateConfig } from '../../src/config/config-schema.js';
/**
 * The risk config of the engine benchmarks: one instrument ('BENCH', index 0), monotonic
 * sequence, limits far away (1e9 lots each way), and room for every order a run places. The
 * engine paths (engine-paths.ts) give it to `RiskGate`; the request-reply baselines
 * (request-reply.ts) give it to the responder's `RiskEngine`, so both decide with the same rules.
 *
 * Every order of a strategy run stays open (the bench sends no acknowledgements or fills; a
 * cancel only marks it pending-cancel), so order capacity and `maxOpenOrders` must cover all of
 * them: `maxOrdersFor`.
 */
export function benchRiskConfig(maxOrders: number): RiskGateConfig {
  return {
    instruments: [{ symbol: 'BENCH', sequence: 'monotonic', lotSize: '0.001', maxLong: 1e9, maxShort: 1e9, maxOpenOrders: maxOrders }],
    capacity: { maxOrders },
  };
}

/** Order capacity for a strategy run of `requests` requests (half of them orders): a power of two >= 1024 with 16 to spare. */
export function maxOrdersFor(requests: number): number {
  const orders = requests / 2;
  let maxOrders = 1024;
  while (maxOrders < orders + 16) maxOrders *= 2;
  return maxOrders;
}
