import type { HttpResponse } from '../server/index.js';

/** Headers on every response: nothing cached, nothing sniffed, nothing framed. */
const COMMON: readonly (readonly [string, string])[] = [
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
];

/** Whether a response may still be written: uWS invalidates it once aborted or ended. */
export interface ReplyState {
  done: boolean;
}

/**
 * Writes a whole response (corked: one syscall). `close` asks uWS to close the connection after
 * it, for requests whose body is left unread. Safe to call after an abort (does nothing).
 */
export function reply(
  res: HttpResponse,
  state: ReplyState,
  status: string,
  contentType: string,
  body: string,
  extra: readonly (readonly [string, string])[] = [],
  close = false,
): void {
  if (state.done) return;
  state.done = true;
  res.cork(() => {
    res.writeStatus(status);
    res.writeHeader('Content-Type', contentType);
    for (const [k, v] of COMMON) res.writeHeader(k, v);
    for (const [k, v] of extra) res.writeHeader(k, v);
    res.end(body, close);
  });
}

/** A JSON error body: `{"error":{"code","message"}}` (codes are stable strings). */
export function replyError(res: HttpResponse, state: ReplyState, status: string, code: string, message: string, extra: readonly (readonly [string, string])[] = [], close = false): void {
  reply(res, state, status, 'application/json', JSON.stringify({ error: { code, message } }), extra, close);
}

export function replyJson(res: HttpResponse, state: ReplyState, status: string, value: unknown): void {
  reply(res, state, status, 'application/json', JSON.stringify(value));
}
