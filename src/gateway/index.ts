/** Order entry to the venues (named exports only). */
export { createOrderEntry, GatewayError } from './create-order-entry.js';
export type { OrderEntryDeps } from './create-order-entry.js';
export { outcomeUpdate } from './order-entry.js';
export type { EntryOutcome, EntryOutcomeKind, OrderEntry, OrderEntryRequest } from './order-entry.js';
export { DeadManSwitch } from './dead-man-switch.js';
export type { DeadManSwitchOptions } from './dead-man-switch.js';
export { OrderGateway } from './order-gateway.js';
export type { GatewayOrder, GatewayResult } from './order-gateway.js';
export { GatewayWorker } from './gateway-worker.js';
export type { GatewayWorkerOptions } from './gateway-worker.js';
