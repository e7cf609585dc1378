/**
 * The demo's market and accounts, declared once: one instrument, two sub-accounts, the position
 * limit both strategies trade against, and the risk settings riskgate guards account A with.
 */
import type { InstrumentOptions } from '../sim/index.js';
import type { VenueName } from '../feeds/venue-name.js';

export const SYMBOL = 'BTCUSDT';
export const LOT_SIZE = '0.001';
export const TICK_SIZE = '0.1';

/** The simulated instrument: a deep synthetic book, quiet synthetic takers. */
export const DEMO_INSTRUMENT: InstrumentOptions = Object.freeze({
  symbol: SYMBOL, lotSize: LOT_SIZE, tickSize: TICK_SIZE, startPrice: '60000',
  depthLevels: 10, makerLotsMin: 5, makerLotsMax: 20, walkTicks: 3, takerChance: 0.2, takerLotsMax: 5,
});

/** Account names as they appear in the simulator's truth, and their API keys. */
export const GUARDED = Object.freeze({ name: 'riskgate', apiKey: 'demo-key-riskgate', apiSecret: 'demo-secret-riskgate', passphrase: 'demo-pass-riskgate' });
export const NAIVE = Object.freeze({ name: 'naive', apiKey: 'demo-key-naive', apiSecret: 'demo-secret-naive', passphrase: 'demo-pass-naive' });
/** The runaway taker's account (runaway-intent.ts), behind a riskgate of its own. */
export const RUNAWAY = Object.freeze({ name: 'runaway', apiKey: 'demo-key-runaway', apiSecret: 'demo-secret-runaway', passphrase: 'demo-pass-runaway' });

/** An unconfirmed fill older than this makes the instrument stale (ms): the slowest a fault shows. */
export const SNAPSHOT_STALE_MS = 1000;

/**
 * The flip-flop guard a desk running the demo's taker would set. The ordinary taker (a momentum
 * taker whose regime flips every 2 s on average) was replayed from its signal over 50 hours of
 * market ticks, trading to its limit: at most 7 sign reversals in any 2 s, at most 120 lots
 * (12x the limit) traded in any 2 s. A loop that corrects a wrong view of its position reverses
 * on every fill it sees, 40 times a second on a 25 ms tick. So: a 2 s window (short enough that
 * a loop is stopped after a few hundred ms of bleeding), 10 reversals (above anything the taker
 * did in 50 hours, reached by a loop in ~11 ticks), 25x the limit in gross (twice the taker's
 * worst, against a loop that does not cross zero), and a 10 s cool-down (a trip on a real loop
 * comes back within a window of resuming, so a loop is held 10 s out of every ~10.3; a false
 * trip costs 10 s of trading, not the rest of the day).
 */
/**
 * When the demo's reconciler asks the venue's REST endpoint for the position: an instrument
 * unhealthy for `afterMs` (a position update lands within ~45 ms of its fill even when the order
 * update overtook it, so 50 ms means the stream is late, dead or lossy), then again every
 * `cooldownMs` while it stays so, with up to `maxInFlight` requests out (a slow answer does not
 * hold the next one back), checked every `tickMs`. `demoRest` bounds the rate.
 */
export const DEMO_RECONCILE = Object.freeze({ afterMs: 50, cooldownMs: 200, maxInFlight: 3, tickMs: 25 });

/**
 * The REST budget per account, well inside what each venue documents and refilled continuously:
 * Bybit 10 position requests a second (/v5/position/list allows 50 per second per account);
 * Binance 3 a second (positionRisk weighs 5 of 2,400 a minute per IP, and the demo's two riskgate
 * accounts share one IP: 1,800); OKX 3 a second (account/positions allows 10 per 2 s per
 * account); Deribit 10 a second (500 credits each of 10,000 refilled a second: 20); BitMEX 3
 * per 2 s (120 requests a minute per account: 90). A request the budget refuses is counted and
 * retried on a later tick. After a "come back later" the hook waits the venue's time, or 250 ms
 * doubling to 5 s when the venue names none (a 503 from an overloaded venue: retry soon, not
 * after a second).
 */
export function demoRest(venue: VenueName): { maxRequests: number; perMs: number; backoffMs: number; maxBackoffMs: number } {
  const backoff = { backoffMs: 250, maxBackoffMs: 5000 };
  const budget = { bybit: [10, 1000], 'binance-usdm': [3, 1000], okx: [3, 1000], deribit: [10, 1000], bitmex: [3, 2000] }[venue];
  return { maxRequests: budget[0]!, perMs: budget[1]!, ...backoff };
}

/** The simulator's private-stream path of each venue (the Binance stream base takes `/ws/<listenKey>` itself). */
const STREAM_PATH: Readonly<Record<VenueName, string>> = { bybit: '/v5/private', 'binance-usdm': '', okx: '/ws/v5/private', deribit: '/ws/api/v2', bitmex: '/realtime' };

export const DEMO_FLIP_FLOP = Object.freeze({ windowMs: 2000, maxReversals: 10, maxGrossMultiple: 25, cooldownMs: 10_000 });

/** Environment variable names the feed configs name for credentials (values passed explicitly, never read from the process). */
const KEY_ENV = 'RISKGATE_DEMO_API_KEY';
const SECRET_ENV = 'RISKGATE_DEMO_API_SECRET';
const PASSPHRASE_ENV = 'RISKGATE_DEMO_API_PASSPHRASE';

/** The credential environment of one account (its OKX passphrase when it has one). */
export function credentialEnv(account: { apiKey: string; apiSecret: string; passphrase?: string }): Record<string, string> {
  return { [KEY_ENV]: account.apiKey, [SECRET_ENV]: account.apiSecret, ...(account.passphrase === undefined ? {} : { [PASSPHRASE_ENV]: account.passphrase }) };
}

/**
 * The feed config (engine instruments + `venues`) for a strategy on the local simulator.
 * `limit` (lots) is maxLong = maxShort. Bybit carries a contiguous execution sequence. Deribit
 * runs `monotonic` on `trade_seq` (see below). The others run walk-back reconciliation (`none`:
 * Binance and BitMEX have no sequence but stamp their position reports with a venue time; OKX's
 * `tradeId` is only monotonic on a real venue).
 *
 * Why Deribit is sequenced, and why that is sound on the real venue: a Deribit position carries no
 * time and no watermark, in `user.changes` and in `get_positions` alike, and the REST channel is
 * not ordered with the private stream. Walked back, a REST answer read before a trade and landing
 * after the stream's position that includes it (a slow answer, several requests in flight) cannot
 * be told from a current one: it became the base, the interval lost the trade, and an order it
 * called risk-reducing went beyond the limit. Sequenced, every accepted position has a watermark
 * and an older one is ignored: `trade_seq` is the instrument's trade counter (it only grows; other
 * accounts' trades make it skip, hence monotonic, not contiguous); a `user.changes` notification
 * carries an instrument's trades together with the position after them, so that position's
 * watermark is its trades' highest `trade_seq` (deribit-position.ts); a notification without
 * trades gives no watermark and its position is refused (counted invalid by the engine), never
 * guessed; a REST answer's watermark is the newest `trade_seq` read before and after
 * `get_positions`, dropped when the two differ (deribit-rest.ts). None of this relies on
 * anything the simulator does that Deribit does not. Strict unconfirmed budget: any fill not yet confirmed by a
 * position update lets only risk-reducing orders through; an unconfirmed fill older than
 * `snapshotStaleMs` (a dead position stream) makes the instrument stale, which the reconciler
 * answers with a REST snapshot: the venue's real REST hook, signed with the account's key and
 * secret (the simulator checks them), against the simulator's REST endpoint on the same port,
 * with the venue defaults for its budget and back-off.
 */
export function demoFeedConfig(venue: VenueName, simPort: number, limit: number): Record<string, unknown> {
  const base = `127.0.0.1:${simPort}`;
  return {
    instruments: [{
      symbol: SYMBOL,
      maxLong: limit,
      maxShort: limit,
      // BitMEX counts integer contracts: the simulator sends one per lot.
      lotSize: venue === 'bitmex' ? '1' : LOT_SIZE,
      sequence: venue === 'bybit' ? 'contiguous' : venue === 'deribit' ? 'monotonic' : 'none',
      unconfirmed: { maxFills: 0, maxQty: 0 },
      snapshotStaleMs: SNAPSHOT_STALE_MS,
      maxOrderQty: limit,
      flipFlop: { ...DEMO_FLIP_FLOP },
    }],
    venues: {
      [venue]: {
        endpoint: { ws: `ws://${base}${STREAM_PATH[venue]}`, rest: `http://${base}` },
        credentials: { apiKeyEnv: KEY_ENV, secretEnv: SECRET_ENV, ...(venue === 'okx' ? { passphraseEnv: PASSPHRASE_ENV } : {}) },
        reconnect: { initialMs: 100, maxMs: 1000, jitter: 0.3 },
        // Deribit's heartbeat interval is at least 10 s (its test_requests are the keep-alive).
        pingIntervalMs: venue === 'deribit' ? 10_000 : 1000,
        deadAfterMs: venue === 'deribit' ? 25_000 : 5000,
        // A fill with no position update after it for as long as an unconfirmed fill may wait:
        // the position subscription died (the simulator's positionDeath); reconnect to revive it.
        positionSilentMs: SNAPSHOT_STALE_MS,
        rest: demoRest(venue),
      },
    },
  };
}
