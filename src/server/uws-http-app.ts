import type { TemplatedApp, us_listen_socket, WebSocketBehavior as UwsBehavior } from 'uWebSockets.js';
import type { HttpApp, RouteHandler, WebSocketBehavior } from './http-app.js';
import type { UwsModule } from './uws-build.js';

/**
 * `HttpApp` on uWebSockets.js's native build: every call goes straight to its app (whose
 * request, response and socket objects are the interface's own shapes: http-app.ts is a subset
 * of its API). Adds only a Promise `listen` and `close()`, which the package's d.ts lacks.
 */
export class UwsHttpApp implements HttpApp {
  readonly kind = 'uws' as const;
  readonly implementation: string;
  readonly #uws: UwsModule;
  readonly #app: TemplatedApp;
  #socket: us_listen_socket | undefined;
  #closed = false;

  constructor(uws: UwsModule, build: string) {
    this.#uws = uws;
    this.#app = uws.App();
    this.implementation = `uWebSockets.js (${build})`;
  }

  get(pattern: string, handler: RouteHandler): this {
    this.#app.get(pattern, handler as Parameters<TemplatedApp['get']>[1]);
    return this;
  }

  post(pattern: string, handler: RouteHandler): this {
    this.#app.post(pattern, handler as Parameters<TemplatedApp['post']>[1]);
    return this;
  }

  put(pattern: string, handler: RouteHandler): this {
    this.#app.put(pattern, handler as Parameters<TemplatedApp['put']>[1]);
    return this;
  }

  del(pattern: string, handler: RouteHandler): this {
    this.#app.del(pattern, handler as Parameters<TemplatedApp['del']>[1]);
    return this;
  }

  any(pattern: string, handler: RouteHandler): this {
    this.#app.any(pattern, handler as Parameters<TemplatedApp['any']>[1]);
    return this;
  }

  ws<UserData>(pattern: string, behavior: WebSocketBehavior<UserData>): this {
    this.#app.ws<UserData>(pattern, behavior as unknown as UwsBehavior<UserData>);
    return this;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#app.listen(host, port, (socket) => {
        if (socket === false) {
          reject(new Error(`could not listen on ${host}:${port}`));
          return;
        }
        this.#socket = socket;
        resolve(this.#uws.us_socket_local_port(socket));
      });
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#socket !== undefined) this.#uws.us_listen_socket_close(this.#socket);
    // Untyped in the d.ts; without it open connections keep the process alive.
    (this.#app as TemplatedApp & { close(): void }).close();
  }
}
