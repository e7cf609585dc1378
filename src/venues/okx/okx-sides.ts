/** OKX v5 order sides. */
import type { Side } from '../../events/market-events.js';

export const OKX_SIDES: ReadonlyMap<string, Side> = new Map<string, Side>([
  ['buy', 'buy'],
  ['sell', 'sell'],
]);
