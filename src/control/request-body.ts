import type { HttpResponse } from '../server/index.js';
import type { ReplyState } from './http-reply.js';

/**
 * Reads a request body of at most `maxBytes` without ever holding more: chunks are copied (uWS
 * reuses their memory after the callback) only while the total fits; the first byte over the
 * limit calls `tooLarge` once and everything after it is ignored (the caller replies 413 and
 * closes the connection, so the rest is never read).
 *
 * `state.done` is set by an abort (the client went away): neither callback runs then.
 */
export function readBody(res: HttpResponse, state: ReplyState, maxBytes: number, onBody: (body: Buffer) => void, tooLarge: () => void): void {
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  res.onAborted(() => {
    state.done = true;
  });
  res.onData((chunk, isLast) => {
    if (over || state.done) return;
    total += chunk.byteLength;
    if (total > maxBytes) {
      over = true;
      chunks.length = 0;
      tooLarge();
      return;
    }
    chunks.push(Buffer.from(new Uint8Array(chunk))); // copy: the chunk is only valid in this callback
    if (isLast) onBody(Buffer.concat(chunks, total));
  });
}
