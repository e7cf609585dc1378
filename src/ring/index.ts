export {
  LINE_BYTES, SLOT_ALIGN, RING_MAGIC, RING_VERSION, MIN_CAPACITY, MAX_CAPACITY, MIN_SLOT_SIZE,
  MAX_SLOT_SIZE, HEADER_BYTES, SLOTS_OFFSET, ringByteLength,
} from './spsc-ring-layout.js';
export { createRing, initRing, ringOptionProblems } from './create-ring.js';
export type { RingOptions } from './create-ring.js';
export type { RingShape } from './ring-attach.js';
export { RingProducer } from './ring-producer.js';
export { RingConsumer } from './ring-consumer.js';
export { RING_FULL } from './ring-status.js';
export { RingError, RingErrorCode } from './ring-error.js';
export type { RingErrorCodeValue } from './ring-error.js';
export type { IdleStrategy, ParkTarget } from './idle-strategy.js';
export { BusySpinIdle } from './busy-spin-idle.js';
export { ParkIdle, PARK_IDLE_DEFAULTS } from './park-idle.js';
export type { ParkIdleOptions } from './park-idle.js';
