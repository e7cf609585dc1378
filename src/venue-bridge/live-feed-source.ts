/**
 * The feed source that plugs a venue's `LiveFeed` into a riskgate feed-handler worker
 * (`FeedSpec.source = { module: LIVE_FEED_SOURCE, options }`, see src/engine/feed-source.ts).
 *
 * Inside the worker: loads the feed config (`loadFeedConfig`: engine instruments + `venues`),
 * starts the venue's live feed with the credentials found in `options.env`, and puts every
 * decoded event into the worker's ring: the byte decoder's slots as they are
 * (`publishDecodedSlots`, the default for venues that have one), the reference decoder's events
 * and the feed's `up`/`down` transitions through `encodeFeedEvent`. It carries the private stream only: what the embedding
 * thread learns itself (order-entry outcomes, REST snapshots) goes into an event lane of its own
 * (`RiskGate.openEventLane`, see riskgate-guard.ts).
 *
 * Its heartbeat deadline (`/health`) is the venue's keep-alive period (`pingIntervalMs`: Bybit 20 s,
 * OKX 25 s, Deribit 30 s, Binance 60 s, BitMEX 5 s by default).
 *
 * `createFeedSource` resolves once the feed is started (not necessarily connected: the feed
 * reports `up` through the ring when the venue accepts the session), so the worker's READY means
 * "configured". `run()` resolves when `stop()` has closed the feed; a config or credential error
 * rejects `createFeedSource`, which the supervisor reports and never respawns.
 */
import { legLayout } from '../config/hedge-legs.js';
import type { FeedSink, FeedSource } from '../engine/index.js';
import { startLiveFeed } from '../feeds/create-live-feed.js';
import { stderrLogger } from '../feeds/feed-logger.js';
import { seededRandom } from '../feeds/random.js';
import { loadFeedConfig, venueConfigOf } from '../feeds/venue-config.js';
import type { LiveFeedSourceOptions } from '../feeds/live-feed-source-options.js';
import { encodeFeedEvent } from './encode-feed-event.js';
import { instrumentMap, publishDecodedSlots } from './publish-decoded-slots.js';

export type { LiveFeedSourceOptions };

export function createFeedSource(sink: FeedSink, options: unknown): FeedSource {
  const o = options as LiveFeedSourceOptions;
  const { config, venues } = loadFeedConfig(o.config);
  const venue = venueConfigOf(venues, o.venue, config);
  const index = legLayout(config.instruments).index; // hedge instruments' short legs too
  // Arrival time of byte-decoded frames: a millisecond tick, so no frame reads the clock.
  const clock = new Float64Array([Date.now()]);
  const tick = setInterval(() => {
    clock[0] = Date.now();
  }, 1);
  let instOf: Int32Array | undefined;
  const feed = startLiveFeed(venue, {
    onEvent: (ev) => void encodeFeedEvent(sink, index, ev),
    onDecoded: (decoder) => {
      instOf ??= instrumentMap(decoder.symbols(), index);
      publishDecodedSlots(sink, decoder.slots, instOf, clock);
    },
    env: { ...o.env },
    random: seededRandom(o.seed ?? 1),
    ...(o.verbose === true ? { logger: stderrLogger } : {}),
  });
  return {
    run: () => feed.done.finally(() => clearInterval(tick)),
    stop: () => void feed.stop(),
    // The worker must turn at least this often anyway to keep the venue's session alive: a worker
    // silent this long is about to lose it (or is blocked), and /health says so.
    heartbeatDeadlineMs: venue.pingIntervalMs,
  };
}
