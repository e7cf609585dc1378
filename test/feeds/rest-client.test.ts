/**
 * The RestClient's one "come back later" mechanism, with an in-process `send` (no sockets): a
 * venue rule read before any counting (an HTTP 200 it flags is never `ok` and never resets the
 * streak), each kind counted under its own name, the wait the longest of streak, venue and
 * `Retry-After`, and no call while it runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComeBackLaterRule } from '../../src/feeds/come-back-later.js';
import { retryAfterMs } from '../../src/feeds/come-back-later.js';
import type { HttpResponse } from '../../src/feeds/http-request.js';
import { RestClient } from '../../src/feeds/rest-client.js';
import { TestClock } from './support/feed-config.js';

const POLICY = { maxRequests: 100, perMs: 1_000, backoffMs: 100, maxBackoffMs: 1_000, timeoutMs: 1_000 };

/** A client whose answers are `answers`, in order; counts the calls that reached `send`. */
function scripted(clock: TestClock, answers: HttpResponse[]): { client: RestClient; sent: () => number } {
  let n = 0;
  const client = new RestClient('http://venue', POLICY, clock, () => Promise.resolve(answers[n++] ?? { status: 200, headers: {}, body: '{}' }));
  return { client, sent: () => n };
}

const busy: HttpResponse = { status: 200, headers: {}, body: '{"code":"busy"}' };
const fine: HttpResponse = { status: 200, headers: {}, body: '{"code":"ok"}' };
/** A venue that says "busy" inside an HTTP 200, naming no wait. */
const busyRule: ComeBackLaterRule = (res) => (res.body.includes('"busy"') ? { kind: 'overloaded', afterMs: 0, reason: 'code busy' } : undefined);

/** Rejects with the wait the client announced. */
async function waitOf(p: Promise<unknown>): Promise<number> {
  const e = await p.then(() => assert.fail('expected a rejection'), (x: unknown) => x as Error);
  const m = /backing off (\d+) ms/.exec(e.message);
  assert.ok(m !== null, e.message);
  return Number(m[1]);
}

test('when a venue rule flags an HTTP 200 then it is counted under its kind, not ok, and the streak grows across such answers until a real success resets it', async () => {
  const clock = new TestClock(0);
  const { client, sent } = scripted(clock, [busy, busy, fine, busy]);
  const call = (): Promise<HttpResponse> => client.call('GET', '/p', {}, { comeBackLater: busyRule });
  assert.equal(await waitOf(call()), 100);
  clock.now += 100;
  assert.equal(await waitOf(call()), 200, 'the second consecutive "come back later" doubles: the first did not reset the streak');
  clock.now += 200;
  assert.equal((await call()).status, 200);
  assert.equal(await waitOf(call()), 100, 'a success reset the streak');
  assert.equal(sent(), 4);
  assert.deepEqual({ ...client.stats }, { requests: 4, ok: 1, rateLimited: 0, banned: 0, overloaded: 3, serverErrors: 0, networkErrors: 0, skippedBudget: 0, skippedBackoff: 0 });
});

test('when a venue names a wait then the client waits the longest of it, the streak and Retry-After, and makes no call until then', async () => {
  const clock = new TestClock(0);
  const rule: ComeBackLaterRule = (res) => (res.status === 403 ? { kind: 'banned', afterMs: 5_000, reason: 'HTTP 403' } : undefined);
  const { client, sent } = scripted(clock, [
    { status: 403, headers: {}, body: '' },
    { status: 429, headers: { 'retry-after': '3' }, body: '' },
    { status: 503, headers: {}, body: '' },
  ]);
  const call = (): Promise<HttpResponse> => client.call('GET', '/p?signature=secret', {}, { comeBackLater: rule });
  assert.equal(await waitOf(call()), 5_000, 'the venue\'s wait beats the 100 ms streak delay');
  clock.now += 4_999;
  await assert.rejects(call(), (e: Error) => e.message === 'GET /p: backing off for 1 ms', 'the path without its signed query');
  assert.equal(sent(), 1);
  clock.now += 1;
  assert.equal(await waitOf(call()), 3_000, 'generic 429: Retry-After beats the 200 ms streak delay');
  clock.now += 3_000;
  assert.equal(await waitOf(call()), 400, 'generic 503: the streak');
  assert.deepEqual([client.stats.banned, client.stats.rateLimited, client.stats.serverErrors, client.stats.skippedBackoff, client.stats.ok], [1, 1, 1, 1, 0]);
});

test('when Retry-After is an HTTP-date then it is measured against the answer\'s Date header, never our clock', () => {
  const headers = { date: 'Wed, 21 Oct 2015 07:28:00 GMT', 'retry-after': 'Wed, 21 Oct 2015 07:28:07 GMT' };
  assert.equal(retryAfterMs({ status: 429, headers, body: '' }), 7_000);
  assert.equal(retryAfterMs({ status: 429, headers: { 'retry-after': '2.5' }, body: '' }), 2_500);
  assert.equal(retryAfterMs({ status: 429, headers: { 'retry-after': 'soon' }, body: '' }), 0);
});
