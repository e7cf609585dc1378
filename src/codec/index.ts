/** Event slot codecs: the public surface of src/codec/. */
export * from './event-slot-layout.js';
export { SlotType, MAX_SLOT_TYPE, isRequestTag } from './slot-type.js';
export type { SlotTypeValue } from './slot-type.js';
export {
  writeHeader, readHeader, slotTag, slotInst, slotArg, slotOrder, slotAt, slotValue, copySlot,
} from './slot-header.js';
export type { SlotHeader } from './slot-header.js';
export { encodeFill, decodeFill } from './fill-codec.js';
export type { FillFields } from './fill-codec.js';
export { encodeOrderUpdate, decodeOrderUpdate } from './order-update-codec.js';
export type { OrderUpdateFields } from './order-update-codec.js';
export { encodeSnapshot, decodeSnapshot } from './snapshot-codec.js';
export type { SnapshotFields } from './snapshot-codec.js';
export { encodeFeedStatus, decodeFeedStatus } from './feed-status-codec.js';
export type { FeedStatusFields } from './feed-status-codec.js';
export { encodeHeartbeat, decodeHeartbeat } from './heartbeat-codec.js';
export type { HeartbeatFields } from './heartbeat-codec.js';
export { encodeMark, decodeMark } from './mark-codec.js';
export type { MarkFields } from './mark-codec.js';
export { encodeOrderRequest, decodeOrderRequest, orderArg, orderArgSide, orderArgStrategy, NO_STRATEGY, MAX_STRATEGY } from './order-request-codec.js';
export type { OrderRequestFields } from './order-request-codec.js';
export { encodeCancelRequest, decodeCancelRequest } from './cancel-request-codec.js';
export type { CancelRequestFields } from './cancel-request-codec.js';
export { encodeKillRequest, decodeKillRequest } from './kill-request-codec.js';
export type { KillRequestFields } from './kill-request-codec.js';
export { encodeDecision, decodeDecision, decisionRequestId } from './decision-codec.js';
export type { DecisionFields } from './decision-codec.js';
export { encodeCancelAll, decodeCancelAll } from './cancel-all-codec.js';
export type { CancelAllFields } from './cancel-all-codec.js';
export { encodeLaneStatus, decodeLaneStatus, LANE_LOSS_END, LANE_SILENCE_END } from './lane-status-codec.js';
export { encodeLease, decodeLease } from './lease-codec.js';
export type { LeaseFields } from './lease-codec.js';
export type { LaneStatusFields } from './lane-status-codec.js';
