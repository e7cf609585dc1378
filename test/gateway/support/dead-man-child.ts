/**
 * A riskgate process with a resting order and a dead-man switch kept armed (the child the
 * cancel-on-disconnect test kills): `node dead-man-child.js <venue> <wsUrl> <restUrl> <symbol>
 * <windowMs> <refreshMs>`, credentials from the feed tests' environment. Places one resting buy
 * through its gateway (so it is this process's order: Deribit cancels on disconnect only the
 * orders of the closed connection), prints `placed <kind>`, arms the switch, prints
 * `armed <kind> <reason>`, then refreshes until killed.
 */
import { RestClient } from '../../../src/feeds/rest-client.js';
import { realTimers } from '../../../src/feeds/feed-timers.js';
import type { VenueName } from '../../../src/feeds/venue-name.js';
import { DeadManSwitch, createOrderEntry } from '../../../src/gateway/index.js';
import { ENV, testConfig } from '../../feeds/support/feed-config.js';

const [venue, wsUrl, restUrl, symbol, windowMs, refreshMs] = process.argv.slice(2) as [VenueName, string, string, string, string, string];
const { venue: cfg } = testConfig(venue, wsUrl, restUrl, [{ symbol, lotSize: venue === 'bitmex' ? '1' : '0.001' }], { rest: { maxRequests: 100, perMs: 1_000, backoffMs: 50, maxBackoffMs: 200, timeoutMs: 2_000 } });
const entry = createOrderEntry(cfg, { env: ENV, client: new RestClient(cfg.endpoint.rest, cfg.rest, realTimers) });
const placed = await entry.place({ clientId: 'resting1', symbol, side: 'buy', qty: venue === 'bitmex' ? '3' : '0.003', price: '59000', tif: 'GTC' });
process.stdout.write(`placed ${placed.kind} ${placed.reason}\n`);
const dms = new DeadManSwitch(entry, { windowMs: Number(windowMs), refreshMs: Number(refreshMs), symbols: [symbol] });
const first = await dms.start();
process.stdout.write(`armed ${first.kind} ${first.reason}\n`);
