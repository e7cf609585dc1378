/**
 * What the risk thread writes into the journal ring: one 64-byte event slot
 * (src/codec/event-slot-layout.ts) per engine call that changes state or answers, in the exact
 * order the risk thread made them. One producer (the risk thread), one consumer (the journal
 * thread, journal-thread-main.ts).
 *
 * ```
 *  slot tag          source                                        differences from the input slot
 *  ----------------  --------------------------------------------  ---------------------------------
 *  FILL, ORDER_UPDATE,
 *  SNAPSHOT, HEARTBEAT,
 *  MARK              the input slot, copied                        at = engine time it was applied
 *  FEED              every `applyFeedStatus` call: the venue's     at = engine time; one slot per call
 *                    own FEED slots and the lane holds (a loss,    (a hold of 3 instruments: 3 slots)
 *                    a dead worker) and their releases
 *  ORDER, CANCEL,
 *  KILL              the request slot, copied                      at = engine time it was decided;
 *                                                                  v4 (JOURNAL_CODE_DWORD) = decision
 *                                                                  code (DenyReason, 0 approved)
 *  CANCEL_ALL        each cancel-all the engine queued             as in the cancel-all ring
 * ```
 *
 * LANE_DOWN / LANE_UP and requests on lanes without a decision ring are not engine calls: they
 * are not journaled (their effect is, as FEED slots). A request and its decision travel in one
 * slot, so a full ring can never separate them. ORDER, CANCEL and KILL slots do not use v4.
 */
import { V4_DWORD } from '../codec/index.js';

/** f64 index (from the slot's `off >> 3`) of the decision code in a journaled request slot. */
export const JOURNAL_CODE_DWORD = V4_DWORD;

/** Default slots of the journal ring (power of two): 64 Ki slots = 4 MiB. */
export const JOURNAL_RING_CAPACITY = 1 << 16;
