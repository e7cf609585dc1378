/**
 * Deribit REST position snapshots: `GET /api/v2/private/get_positions` (all currencies and
 * kinds), authenticated with the `deri-hmac-sha256` scheme
 * (https://docs.deribit.com/articles/authentication): `Authorization: deri-hmac-sha256
 * id=<client_id>,ts=<ms>,sig=<hex>,nonce=<nonce>` with `sig = hex(HMAC_SHA256(secret, ts + "\n" +
 * nonce + "\n" + "GET" + "\n" + uri + "\n" + body + "\n"))`.
 *
 * Positions have the `user.changes` position shape and are decoded by the same element decoder.
 * Watermark: a position has no trade_seq. For a sequenced instrument the hook reads the last
 * `trade_seq` (`private/get_user_trades_by_instrument`, count 1, newest first) before and after
 * the positions; when both reads agree, no trade happened in between and that `trade_seq` is the
 * snapshot's watermark; otherwise the snapshot is dropped (counted `unstable`) and the
 * reconciler asks again later. An instrument absent from the answer is flat.
 *
 * "Come back later" as Deribit documents it (https://docs.deribit.com/articles/rate-limits and
 * /articles/errors), read by `deribitComeBackLater` inside the RestClient: a JSON-RPC error
 * `{code: 10028, message: "too_many_requests"}` (at whatever HTTP status: the error object is what
 * Deribit documents) means "you have used all of your credits, and will need to wait for a credit
 * refill". Non-matching-engine requests cost 500 credits each and refill at 10,000 credits per
 * second by default, so the wait is 50 ms for each request one fetch makes (1 + 2 per sequenced
 * instrument). `rateLimited`. Other 429/5xx answers take the generic rule.
 */
import { randomBytes } from 'node:crypto';
import type { SnapshotEvent } from '../../events/market-events.js';
import { FrameSink } from '../../venues/decoder-stats.js';
import { MalformedFrame } from '../../venues/frame-reader.js';
import type { VenueSymbolConfig } from '../../venues/venue-decoder.js';
import { decodeDeribitPosition } from '../../venues/deribit/deribit-position.js';
import type { ComeBackLater, ComeBackLaterRule } from '../come-back-later.js';
import type { Credentials } from '../credentials.js';
import type { FeedClock } from '../feed-timers.js';
import type { HttpResponse } from '../http-request.js';
import type { RestClient } from '../rest-client.js';
import { VenueRestHook } from '../venue-rest-hook.js';
import { field, jsonBody, restError, tryJson } from '../rest-body.js';
import { hmacSha256Hex } from '../signing.js';
import { selectSnapshots, type SelectionCounts } from '../snapshot-selection.js';

export function deribitRestSignature(secret: string, ts: number, nonce: string, method: string, uri: string, body: string): string {
  return hmacSha256Hex(secret, `${ts}\n${nonce}\n${method}\n${uri}\n${body}\n`);
}

const TOO_MANY_REQUESTS = 10028;
/** 500 credits per non-matching-engine request, refilled at 10,000 credits per second. */
const CREDIT_REFILL_MS_PER_REQUEST = 50;

/** Deribit's documented "come back later" for a fetch of `requests` calls: wait for their credits to refill (see the header). */
export function deribitComeBackLater(requests: number): ComeBackLaterRule {
  return (res: HttpResponse): ComeBackLater | undefined =>
    field(field(tryJson(res), 'error'), 'code') === TOO_MANY_REQUESTS
      ? { kind: 'rate-limited', afterMs: requests * CREDIT_REFILL_MS_PER_REQUEST, reason: `HTTP ${res.status} error ${TOO_MANY_REQUESTS} too_many_requests (credits for ${requests} requests refill)` }
      : undefined;
}

export class DeribitRest extends VenueRestHook {
  readonly venue = 'deribit';
  readonly counts: SelectionCounts & { unstable: number } = { noWatermark: 0, unstable: 0 };
  readonly #venueSymbol: Map<string, string>;

  constructor(client: RestClient, credentials: Credentials, instruments: readonly VenueSymbolConfig[], sequenced: ReadonlySet<string>, clock: FeedClock) {
    super(client, credentials, instruments, sequenced, clock);
    this.#venueSymbol = new Map(instruments.map((i) => [i.symbol, i.venueSymbol ?? i.symbol]));
  }

  async #get(uri: string, comeBackLater: ComeBackLaterRule): Promise<unknown> {
    const ts = this.clock.nowMs();
    const nonce = randomBytes(8).toString('hex');
    const sig = deribitRestSignature(this.credentials.secret, ts, nonce, 'GET', uri, '');
    const headers = { Authorization: `deri-hmac-sha256 id=${this.credentials.apiKey},ts=${ts},sig=${sig},nonce=${nonce}` };
    const what = `GET ${uri.split('?')[0]}`;
    const body = jsonBody(await this.client.call('GET', uri, headers, { comeBackLater }), what);
    const error = field(body, 'error');
    if (error !== undefined) throw restError(what, `error ${String(field(error, 'code'))} ${String(field(error, 'message'))}`);
    return field(body, 'result');
  }

  /** The newest trade_seq of an instrument, 0 when it never traded. */
  async #lastTradeSeq(venueSymbol: string, comeBackLater: ComeBackLaterRule): Promise<number> {
    const result = await this.#get(`/api/v2/private/get_user_trades_by_instrument?instrument_name=${encodeURIComponent(venueSymbol)}&count=1&sorting=desc`, comeBackLater);
    const trades = field(result, 'trades');
    if (!Array.isArray(trades)) throw restError('GET /api/v2/private/get_user_trades_by_instrument', 'result.trades is not an array');
    const seq = field(trades[0], 'trade_seq');
    if (trades.length === 0) return 0;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw restError('GET /api/v2/private/get_user_trades_by_instrument', 'trade_seq is not an integer');
    return seq;
  }

  async fetchSnapshots(symbols: readonly string[]): Promise<readonly SnapshotEvent[]> {
    const wanted = symbols.filter((s) => this.#venueSymbol.has(s));
    const seqSymbols = wanted.filter((s) => this.sequenced.has(s));
    const comeBackLater = deribitComeBackLater(1 + 2 * seqSymbols.length);
    const before = new Map<string, number>();
    for (const s of seqSymbols) before.set(this.#venueSymbol.get(s)!, await this.#lastTradeSeq(this.#venueSymbol.get(s)!, comeBackLater));
    const result = await this.#get('/api/v2/private/get_positions', comeBackLater);
    if (!Array.isArray(result)) throw restError('GET /api/v2/private/get_positions', 'result is not an array');
    const watermark = new Map<string, number>();
    for (const [venueSymbol, seq] of before) {
      if ((await this.#lastTradeSeq(venueSymbol, comeBackLater)) === seq) watermark.set(venueSymbol, seq);
      else this.counts.unstable++;
    }
    const sink = new FrameSink();
    try {
      for (const element of result as unknown[]) decodeDeribitPosition(element, this.symbols, sink, watermark);
    } catch (e) {
      if (e instanceof MalformedFrame) throw restError('GET /api/v2/private/get_positions', `malformed position: ${e.message}`);
      throw e;
    }
    const decoded = sink.events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
    // Flat instruments are absent from the answer: flat, with the bracketing watermark when sequenced.
    const present = new Set(decoded.map((e) => e.symbol));
    for (const s of wanted) {
      const seq = watermark.get(this.#venueSymbol.get(s)!);
      if (!present.has(s) && seq !== undefined) decoded.push({ type: 'snapshot', symbol: s, position: 0, seq });
    }
    return selectSnapshots(decoded, wanted, this.sequenced, true, this.counts);
  }
}
