/**
 * Which HTTP + WebSocket server runs a component (the control server, the simulator): chosen by
 * whoever configures it, never by a fallback.
 *
 * - `uws`: uWebSockets.js, its native build (the default; `uws-build.ts` loads the build that
 *   runs on this Node and this glibc, or says why none does).
 * - `node`: Node's own `http` and the `ws` package: runs wherever Node runs, slower (more CPU
 *   and latency per request and per message), the same endpoints and behaviour.
 */
export type ServerKind = 'uws' | 'node';

export const SERVER_KINDS: readonly ServerKind[] = ['uws', 'node'];

export const DEFAULT_SERVER_KIND: ServerKind = 'uws';

export function isServerKind(v: unknown): v is ServerKind {
  return v === 'uws' || v === 'node';
}
