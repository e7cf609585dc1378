import type { HttpApp } from './http-app.js';
import { NodeHttpApp } from './node-http-app.js';
import type { ServerKind } from './server-kind.js';
import { loadUws, uwsUnavailableMessage } from './uws-build.js';
import { UwsHttpApp } from './uws-http-app.js';

/**
 * A new app of the kind asked for. `uws` throws `unavailable(message)` when no native
 * uWebSockets.js build runs here (the message names this host and what would work, ending with
 * `alternative`, the caller's own switch to the `node` server); it never falls back.
 */
export function createHttpApp(kind: ServerKind, alternative: string, unavailable: (message: string) => Error): HttpApp {
  if (kind === 'node') return new NodeHttpApp();
  const load = loadUws();
  if (load.module === undefined) throw unavailable(uwsUnavailableMessage(load, alternative));
  return new UwsHttpApp(load.module, load.build!);
}
