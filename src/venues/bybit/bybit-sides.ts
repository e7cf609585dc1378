/** Bybit v5 spells order sides `Buy` / `Sell` (case-sensitive). */
import type { Side } from '../../events/market-events.js';

export const BYBIT_SIDES: ReadonlyMap<string, Side> = new Map<string, Side>([
  ['Buy', 'buy'],
  ['Sell', 'sell'],
]);
