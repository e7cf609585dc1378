/**
 * One order-entry request over a venue's WebSocket order API, read into an `EntryOutcome`, on the
 * account's one budget: the request takes a token of the account's `RestClient` (the same budget
 * and back-off as its REST calls, `RestClient.admit`) before it is written; none left, or backing
 * off, is `rate-limited` with nothing sent. The venue's "come back later" answers (`later`) back
 * the whole account off as a REST one does. A request that left and got no answer (timeout, the
 * socket closed) is `unknown`; one that never left (no connection, login refused) is `rejected`:
 * it cannot be on the book.
 */
import type { ComeBackLater } from '../feeds/come-back-later.js';
import { FeedError } from '../feeds/feed-error.js';
import type { RestClient } from '../feeds/rest-client.js';
import type { EntryOutcome } from './order-entry.js';
import { EntryLinkError, type WsEntryLink } from './ws-entry-link.js';

/** A venue reply read: the outcome, and the venue's "come back later" when it was one. */
export interface WsAnswer {
  readonly outcome: EntryOutcome;
  readonly later?: ComeBackLater;
}

export async function wsEntryCall(
  client: RestClient, link: WsEntryLink, what: string, id: string, text: string, clientId: string, read: (reply: unknown) => WsAnswer,
): Promise<EntryOutcome> {
  try {
    client.admit(what);
  } catch (e) {
    if (e instanceof FeedError) return { kind: 'rate-limited', clientId, reason: e.message };
    throw e;
  }
  let reply: unknown;
  try {
    reply = await link.request(id, text);
  } catch (e) {
    if (!(e instanceof EntryLinkError)) throw e;
    if (!e.sent) return { kind: 'rejected', clientId, reason: `${what}: not sent: ${e.message}` };
    client.unanswered();
    return { kind: 'unknown', clientId, reason: `${what}: ${e.message}` };
  }
  const answer = read(reply);
  if (answer.later !== undefined) client.cameBackLater(answer.later);
  else client.succeeded();
  return answer.outcome;
}
