/**
 * The one typed doorway to uWebSockets.js for the simulator (TOOLCHAIN.md): the default import,
 * the native-binary check, loopback listening and `app.close()`, which the package's d.ts lacks.
 */
import uWS from 'uWebSockets.js';
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { SimError } from './sim-error.js';

/** Loopback only: the simulator is never reachable from another host (and has no TLS). */
export const LOOPBACK = '127.0.0.1';

/** True when the native binary loaded (its slow JS fallback has no `H3App`). */
export function uwsIsNative(): boolean {
  return typeof (uWS as { H3App?: unknown }).H3App === 'function';
}

/** A new app; throws `ERR_SIM_UWS_NATIVE` when only the JS fallback loaded. */
export function createApp(): TemplatedApp {
  if (!uwsIsNative()) throw new SimError('ERR_SIM_UWS_NATIVE', 'uWebSockets.js loaded its JS fallback, not its native binary (see TOOLCHAIN.md)');
  return uWS.App();
}

/** Binds `app` to 127.0.0.1:`port` (0: any free port); resolves the socket and the port chosen. */
export function listenLoopback(app: TemplatedApp, port: number): Promise<{ socket: us_listen_socket; port: number }> {
  return new Promise((resolve, reject) => {
    app.listen(LOOPBACK, port, (socket) => {
      if (socket === false) reject(new SimError('ERR_SIM_LISTEN', `could not listen on ${LOOPBACK}:${port}`));
      else resolve({ socket, port: uWS.us_socket_local_port(socket as unknown as Parameters<typeof uWS.us_socket_local_port>[0]) });
    });
  });
}

/** Stops listening and closes every socket of `app` (without it, test processes linger). */
export function closeApp(app: TemplatedApp, socket: us_listen_socket | undefined): void {
  if (socket !== undefined) uWS.us_listen_socket_close(socket);
  (app as TemplatedApp & { close(): void }).close();
}
