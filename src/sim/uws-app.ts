/**
 * The simulator's doorway to its HTTP + WebSocket server (src/server/): uWebSockets.js's native
 * build, or Node's http + ws when the caller chose `server: 'node'`; loopback only.
 */
import { createHttpApp, loadUws, type HttpApp, type ServerKind } from '../server/index.js';
import { SimError } from './sim-error.js';

/** Loopback only: the simulator is never reachable from another host (and has no TLS). */
export const LOOPBACK = '127.0.0.1';

/** True when a native uWebSockets.js build loads on this host (src/server/uws-build.ts). */
export function uwsIsNative(): boolean {
  return loadUws().module !== undefined;
}

/** A new app of `kind`; `uws` throws `ERR_SIM_UWS_NATIVE` (why, and what works) when no native build runs here. */
export function createApp(kind: ServerKind): HttpApp {
  return createHttpApp(kind, 'start the simulator with server: "node" (riskgate demo --server node)', (m) => new SimError('ERR_SIM_UWS_NATIVE', m));
}

/** Binds `app` to 127.0.0.1:`port` (0: any free port); resolves the port chosen. */
export async function listenLoopback(app: HttpApp, port: number): Promise<number> {
  try {
    return await app.listen(LOOPBACK, port);
  } catch (err) {
    throw new SimError('ERR_SIM_LISTEN', `could not listen on ${LOOPBACK}:${port} (${(err as Error).message})`);
  }
}
