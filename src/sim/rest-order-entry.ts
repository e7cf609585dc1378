/**
 * What the venues' REST order routes share: reading the request body (uWS delivers it in chunks,
 * each valid only during its callback), answering later (the exchange replies to an order after
 * the profile's latency: the request stays open until then, skipped if the client gave up), and
 * the reduce-only rule every venue enforces the same way here.
 *
 * Reduce-only as the simulator enforces it: an order flagged reduce-only is refused when the
 * account is flat, when it is on the position's own side, or when it is larger than the position
 * (the venues document "reduce only" without one shared rule for an oversized order: Binance and
 * Bybit may cap it at the position, BitMEX rejects it; refusing is the strict choice). The check
 * ignores the account's other open reduce-only orders.
 */
import type { HttpResponse } from '../server/index.js';
import type { RestAnswer } from './rest-reply.js';
import type { ServerContext } from './server-context.js';

/** Calls `onBody` with the whole request body as text (at most `maxBytes`; more is cut off). */
export function readBody(res: HttpResponse, onBody: (text: string) => void, maxBytes = 64 * 1024): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.onData((chunk, isLast) => {
    if (size < maxBytes) {
      const copy = Buffer.from(chunk.slice(0, maxBytes - size));
      chunks.push(copy);
      size += copy.length;
    }
    if (isLast) onBody(Buffer.concat(chunks).toString('utf8'));
  });
}

/** A writer for an answer given later (registers the abort handler now, as uWS requires). */
export function laterAnswer(res: HttpResponse): (a: RestAnswer) => void {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  return (a) => {
    if (aborted) return;
    res.cork(() => {
      res.writeStatus(a.status);
      for (const [k, v] of Object.entries(a.headers)) res.writeHeader(k, v);
      res.end(a.body);
    });
  };
}

/** Why a reduce-only order of `qtyLots` on `side` is refused now, or undefined when it reduces the position. */
export function reduceOnlyViolation(ctx: ServerContext, account: string, symbol: string, side: 'buy' | 'sell', qtyLots: number): string | undefined {
  const position = ctx.exchange.positionOf(account, symbol);
  if (position === 0) return 'the position is flat';
  if ((position > 0) === (side === 'buy')) return 'the order is on the position\'s own side';
  if (qtyLots > Math.abs(position)) return 'the order is larger than the position';
  return undefined;
}
