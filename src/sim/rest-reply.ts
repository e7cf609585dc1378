/**
 * Writing a REST answer with uWebSockets.js, now or later on simulated time. A late answer
 * (`restSlow`) keeps the request open: uWS requires an abort handler before the handler returns,
 * and a write inside `cork` when it happens outside the request's callback; a client that gave
 * up (or a server that stopped) by then is skipped.
 */
import type { HttpResponse } from '../server/index.js';
import type { EventQueue } from './event-queue.js';

export interface RestAnswer {
  /** Status line, e.g. `200 OK`. */
  readonly status: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A JSON answer. */
export function jsonAnswer(status: string, body: unknown, headers: Readonly<Record<string, string>> = {}): RestAnswer {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Writes `answer` at once, or `delayMs` simulated ms later on `queue`. */
export function sendAnswer(res: HttpResponse, answer: RestAnswer, queue: EventQueue, delayMs = 0): void {
  if (delayMs <= 0) {
    write(res, answer);
    return;
  }
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  queue.after(delayMs, () => {
    if (!aborted) res.cork(() => write(res, answer));
  });
}

/** The client's IP address as text (`127.0.0.1` on the simulator's loopback). */
export function remoteIp(res: HttpResponse): string {
  return Buffer.from(res.getRemoteAddressAsText()).toString('utf8');
}

function write(res: HttpResponse, a: RestAnswer): void {
  res.writeStatus(a.status);
  for (const [k, v] of Object.entries(a.headers)) res.writeHeader(k, v);
  res.end(a.body);
}
