/** Resolved venue configs for the live-feed tests: local endpoints, env-named credentials, fast timers. */
import { loadFeedConfig, type VenueFeedConfig } from '../../../src/feeds/venue-config.js';
import type { VenueName } from '../../../src/feeds/venue-name.js';
import type { ResolvedConfig } from '../../../src/config/engine-config.js';
import type { TimerHandle } from '../../../src/feeds/feed-timers.js';

export const API_KEY = 'test-api-key-7f3a9c';
export const SECRET = 'test-secret-Zq81LmXv0pQw';
export const PASSPHRASE = 'test-passphrase-K2';
export const ENV = { FEED_KEY: API_KEY, FEED_SECRET: SECRET, FEED_PASS: PASSPHRASE };

export interface TestInstrument {
  readonly symbol: string;
  readonly venueSymbol?: string;
  readonly lotSize: string;
  readonly sequence?: 'none' | 'monotonic' | 'contiguous';
}

export function testConfig(venue: VenueName, ws: string, rest: string, instruments: readonly TestInstrument[], extra: Record<string, unknown> = {}): { config: ResolvedConfig; venue: VenueFeedConfig } {
  const json = {
    instruments: instruments.map((i) => ({ symbol: i.symbol, maxLong: 10_000, maxShort: 10_000, lotSize: i.lotSize, sequence: i.sequence ?? 'none' })),
    venues: {
      [venue]: {
        endpoint: { ws, rest },
        credentials: { apiKeyEnv: 'FEED_KEY', secretEnv: 'FEED_SECRET', ...(venue === 'okx' ? { passphraseEnv: 'FEED_PASS' } : {}) },
        instruments: instruments.map((i) => ({ symbol: i.symbol, venueSymbol: i.venueSymbol ?? i.symbol })),
        reconnect: { initialMs: 20, maxMs: 200, jitter: 0.5 },
        pingIntervalMs: venue === 'deribit' ? 10_000 : 40,
        deadAfterMs: 5_000,
        rest: { maxRequests: 10, perMs: 1_000, backoffMs: 1_000, maxBackoffMs: 8_000, timeoutMs: 2_000 },
        ...extra,
      },
    },
  };
  const { config, venues } = loadFeedConfig(json);
  return { config, venue: venues[venue]! };
}

/** A hand-moved clock for REST and reconciler tests. */
export class TestClock {
  constructor(public now = 1_700_000_000_000) {}
  nowMs(): number {
    return this.now;
  }
}

/** A hand-moved clock whose timers never fire: the reconciler tests drive `tick()` themselves. */
export class ManualTimers extends TestClock {
  after(_ms: number, _fn: () => void): TimerHandle {
    return { cancel: () => {} };
  }
}
