/** The venues riskgate has decoders and live feeds for; the names used in config and on the CLI. */
export const VENUE_NAMES = ['bybit', 'okx', 'deribit', 'binance-usdm', 'bitmex'] as const;

export type VenueName = (typeof VENUE_NAMES)[number];

export function isVenueName(value: unknown): value is VenueName {
  return typeof value === 'string' && (VENUE_NAMES as readonly string[]).includes(value);
}
