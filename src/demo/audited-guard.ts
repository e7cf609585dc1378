/**
 * A guard as the strategy sees it, with the oracle asked beside it: at the moment of each
 * decision the oracle (src/sim/oracle-gate.ts) says what the same limits on the simulator's truth
 * would have decided, and both verdicts are recorded for the availability measure
 * (`availability.ts`). An order the guard approves is told to the oracle as sent, so it counts
 * as open exposure until it reaches the venue. Changes nothing the guard decides.
 */
import type { OracleGate } from '../sim/index.js';
import type { OrderUpdateEvent } from '../scenario/scenario-types.js';
import type { AuditedDecision } from './availability.js';
import type { OrderGuard } from './order-guard.js';

export class AuditedGuard implements OrderGuard {
  readonly kind: OrderGuard['kind'];
  readonly decisions: AuditedDecision[] = [];
  readonly #inner: OrderGuard;
  readonly #oracle: OracleGate;
  readonly #now: () => number;

  /** `now`: ms since trading started (the simulator's clock). */
  constructor(inner: OrderGuard, oracle: OracleGate, now: () => number) {
    this.kind = inner.kind;
    this.#inner = inner;
    this.#oracle = oracle;
    this.#now = now;
  }

  checkOrder(clientId: string, symbol: string, side: 'buy' | 'sell', qty: number, price: number): string {
    const oracle = this.#oracle.decide(symbol, side, qty);
    const gate = this.#inner.checkOrder(clientId, symbol, side, qty, price);
    this.decisions.push({ at: this.#now(), oracle, gate, order: `${clientId} ${side} ${qty}` });
    if (gate === 'APPROVED') this.#oracle.sent(clientId, symbol, side, qty);
    return gate;
  }

  onOrderReport(report: OrderUpdateEvent): void {
    this.#inner.onOrderReport(report);
  }
}
