/**
 * A riskgate process that keeps a dead-man switch armed (the child the cancel-on-disconnect test
 * kills): `node dead-man-child.js <venue> <restUrl> <symbol>`, credentials from the feed tests'
 * environment. Prints `armed <kind>` once the venue answered the first arm, then refreshes until killed.
 */
import { RestClient } from '../../../src/feeds/rest-client.js';
import { realTimers } from '../../../src/feeds/feed-timers.js';
import type { VenueName } from '../../../src/feeds/venue-name.js';
import { DeadManSwitch, createOrderEntry } from '../../../src/gateway/index.js';
import { ENV, testConfig } from '../../feeds/support/feed-config.js';

const [venue, restUrl, symbol] = process.argv.slice(2) as [VenueName, string, string];
const { venue: cfg } = testConfig(venue, 'ws://127.0.0.1:1', restUrl, [{ symbol, lotSize: venue === 'bitmex' ? '1' : '0.001' }], { rest: { maxRequests: 100, perMs: 1_000, backoffMs: 50, maxBackoffMs: 200, timeoutMs: 2_000 } });
const entry = createOrderEntry(cfg, { env: ENV, client: new RestClient(cfg.endpoint.rest, cfg.rest, realTimers) });
const dms = new DeadManSwitch(entry, { windowMs: 1_000, refreshMs: 200, symbols: [symbol] });
const first = await dms.start();
process.stdout.write(`armed ${first.kind} ${first.reason}\n`);
