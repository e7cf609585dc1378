/**
 * What the OKX, Deribit and BitMEX sessions share: the `StreamConnection` of one private socket
 * (writes guarded by the socket's open flag: a frame due after the close is dropped, never sent
 * on a closed socket) and the parsing of a client message (JSON object, or the bare text of a
 * text-frame ping).
 */
import type { WebSocket } from '../server/index.js';
import type { Frame, FrameClass } from './private-report.js';
import type { ServerContext } from './server-context.js';
import type { StreamConnection } from './stream-connection.js';

export interface SocketState {
  open: boolean;
}

/** A connection of socket `ws` that wants what `wants` says and writes each frame's body as JSON. */
export function socketConnection<D extends SocketState>(ctx: ServerContext, ws: WebSocket<D>, wants: (cls: FrameClass) => boolean): StreamConnection {
  const data = ws.getUserData();
  return {
    id: ctx.nextConnectionId(),
    positionDead: false,
    wants: (cls) => data.open && wants(cls),
    send: (frame: Frame) => {
      const text = JSON.stringify(frame.body);
      if (data.open) ws.send(text);
      return text;
    },
    kill: () => {
      if (data.open) ws.close();
    },
  };
}

/** Writes `m` (JSON, or text as is) when the socket is still open. */
export function sendTo<D extends SocketState>(ws: WebSocket<D>, m: Readonly<Record<string, unknown>> | string): void {
  if (ws.getUserData().open) ws.send(typeof m === 'string' ? m : JSON.stringify(m));
}

/** A client message: a JSON object, the bare text (`ping`), or undefined when it is neither. */
export function parseMessage(text: string): Record<string, unknown> | string | undefined {
  if (!text.startsWith('{')) return text;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
