/**
 * The admin WebSocket (`/admin`, loopback, no auth): the simulator's truth and its clock.
 *
 * | request | reply |
 * | --- | --- |
 * | `{"op":"truth","account":"a"}` | `{"op":"truth","account":"a","truth":AccountTruth}` (see `truth.ts`) |
 * | `{"op":"truth"}` | `{"op":"truth","accounts":{name: AccountTruth, ...}}` |
 * | `{"op":"frames","account":"a"}` | `{"op":"frames","account":"a","frames":[{at,connection,text}]}`: every private frame written |
 * | `{"op":"time"}` | `{"op":"time","t":<sim ms>}` |
 * | `{"op":"advance","ms":250}` | manual clock: runs the exchange 250 simulated ms, `{"op":"advanced","t":…}` |
 * | anything else | `{"op":"error","code":"BAD_REQUEST"|"UNKNOWN_ACCOUNT"|"NOT_MANUAL","message":…}` |
 */
import type { WebSocket, WebSocketBehavior } from '../server/index.js';
import type { ServerContext } from './server-context.js';
import { textOf } from './server-context.js';

interface AdminData {
  open: boolean;
}

export function adminBehavior(ctx: ServerContext): WebSocketBehavior<AdminData> {
  return {
    upgrade: (res, req, context) => {
      res.upgrade<AdminData>({ open: true }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => ctx.track(ws),
    message: (ws, message) => {
      ctx.sync();
      ws.send(JSON.stringify(answer(ctx, textOf(message))));
    },
    close: (ws: WebSocket<AdminData>) => {
      ws.getUserData().open = false;
      ctx.untrack(ws);
    },
  };
}

function answer(ctx: ServerContext, text: string): Record<string, unknown> {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
    if (typeof m !== 'object' || m === null) throw new Error();
  } catch {
    return { op: 'error', code: 'BAD_REQUEST', message: 'message must be a JSON object' };
  }
  const ex = ctx.exchange;
  const account = m['account'];
  const known = typeof account === 'string' && ex.options.accounts.some((a) => a.name === account);
  switch (m['op']) {
    case 'time':
      return { op: 'time', t: ex.clock.nowMs() };
    case 'advance': {
      const ms = m['ms'];
      if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) return { op: 'error', code: 'BAD_REQUEST', message: 'ms must be a non-negative number' };
      if (!ctx.advance(ms)) return { op: 'error', code: 'NOT_MANUAL', message: 'the clock is real-time; advance needs clock "manual"' };
      return { op: 'advanced', t: ex.clock.nowMs() };
    }
    case 'truth':
      if (account === undefined) return { op: 'truth', accounts: Object.fromEntries(ex.options.accounts.map((a) => [a.name, ex.truth(a.name)])) };
      if (!known) return { op: 'error', code: 'UNKNOWN_ACCOUNT', message: `no account ${JSON.stringify(account)}` };
      return { op: 'truth', account, truth: ex.truth(account as string) };
    case 'frames':
      if (!known) return { op: 'error', code: 'UNKNOWN_ACCOUNT', message: `no account ${JSON.stringify(account)}` };
      return { op: 'frames', account, frames: ex.stream(account as string).sentFrames() };
    default:
      return { op: 'error', code: 'BAD_REQUEST', message: 'op must be truth, frames, time or advance' };
  }
}
