/**
 * Order ids across threads. The strategy (embedding thread) and the feed worker of its account must
 * turn the same client order id into the same integer `orderKey`, without sharing a table: both
 * use `stringKey` (src/units/string-keys.ts), as the scenario compiler does for execution ids.
 * Client ids that are canonical decimal numbers ("1", "2", ...: `clientIdOf`) are what `stringKey` maps
 * to themselves: small keys, never boxed, never colliding.
 */
import { stringKey } from '../units/string-keys.js';

/** The client order id of the `n`-th order of a strategy (n >= 1). */
export function clientIdOf(n: number): string {
  return String(n);
}

/** The engine's order key for a client order id (the same on every thread). */
export function orderKeyOf(clientId: string): number {
  return stringKey(clientId);
}
