/** The HTTP + WebSocket servers the control server and the simulator run on (named exports only). */
export type { HttpApp, HttpRequest, HttpResponse, RouteHandler, UpgradeContext, WebSocket, WebSocketBehavior } from './http-app.js';
export { DEFAULT_SERVER_KIND, SERVER_KINDS, isServerKind, type ServerKind } from './server-kind.js';
export { createHttpApp } from './create-http-app.js';
export { hostGlibc, loadUws, uwsUnavailableMessage, type UwsAttempt, type UwsLoad } from './uws-build.js';
export { NodeHttpApp } from './node-http-app.js';
