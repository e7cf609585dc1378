/** Deribit trade and order `direction`. */
import type { Side } from '../../events/market-events.js';

export const DERIBIT_SIDES: ReadonlyMap<string, Side> = new Map<string, Side>([
  ['buy', 'buy'],
  ['sell', 'sell'],
]);
