/**
 * One order-entry call through a venue's `RestClient`, read into an `EntryOutcome`: the client's
 * "come back later" (the venue's rule, then HTTP 429/418/5xx) becomes `rate-limited` or
 * `overloaded` (a ban is rate limiting too; a plain 5xx is `unknown`: the venue may have taken the
 * order), a skipped call (budget, back-off) `rate-limited` (nothing was sent), a network error or
 * timeout `unknown`; any other answer goes to `read`.
 */
import { FeedError } from '../feeds/feed-error.js';
import type { ComeBackLaterRule } from '../feeds/come-back-later.js';
import type { HttpResponse } from '../feeds/http-request.js';
import type { RestClient } from '../feeds/rest-client.js';
import type { EntryOutcome } from './order-entry.js';

export async function entryCall(
  client: RestClient, method: 'GET' | 'POST' | 'PUT' | 'DELETE', pathAndQuery: string, headers: Record<string, string>, body: string | undefined,
  clientId: string, comeBackLater: ComeBackLaterRule | undefined, read: (res: HttpResponse) => EntryOutcome,
): Promise<EntryOutcome> {
  let res: HttpResponse;
  try {
    res = await client.call(method, pathAndQuery, headers, { ...(body === undefined ? {} : { body }), ...(comeBackLater === undefined ? {} : { comeBackLater }) });
  } catch (e) {
    const reason = (e as Error).message;
    if (!(e instanceof FeedError)) return { kind: 'unknown', clientId, reason };
    if (e.backoff === 'rate-limited' || e.backoff === 'banned') return { kind: 'rate-limited', clientId, reason };
    if (e.backoff === 'overloaded') return { kind: 'overloaded', clientId, reason };
    if (e.backoff === undefined && /: (REST budget exhausted|backing off for) /.test(reason)) return { kind: 'rate-limited', clientId, reason };
    return { kind: 'unknown', clientId, reason };
  }
  return read(res);
}

