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
 *                                                                  v1 (JOURNAL_CODE_DWORD) = decision
 *                                                                  code (DenyReason, 0 approved) in
 *                                                                  place of the requestId, which
 *                                                                  only the strategy needs
 *  CANCEL_ALL        each cancel-all the engine queued             as in the cancel-all ring
 * ```
 *
 * Every journal slot, whatever its tag, then has:
 *
 * ```
 *  offset  type  field    in a journal slot
 *  ------  ----  -------  ----------------------------------------------------------------------
 *     0    i32   tag      as above
 *     4    i32   inst     as the input slot (instrument index; -1 every instrument)
 *     8    i32   arg      as the input slot (side, status, mode, feed up)
 *    12    i32   order    JOURNAL_LOST_WORD: journal slots the risk thread had lost (full ring)
 *                         when it claimed this one, since the ring was created; uint32, wraps.
 *                         The input slot's `order` is not kept: the ring's order is the total one.
 *    16    f64   at       engine time (ms) the call was made
 *    24    f64   v0..v4   as the input slot: order key, exec key, qty, price, seq or an order's
 *                         reduceOnly ... (integers the engine saw; the journal writes them as
 *                         handles, never as strings), except:
 *    32    f64   v1       ORDER/CANCEL/KILL: JOURNAL_CODE_DWORD, the decision code (the request's
 *                         requestId is not kept: v4 of an ORDER carries its reduceOnly)
 *    64    end
 * ```
 *
 * Loss: the risk thread never waits for the journal; a claim on a full ring is a counted loss
 * (the ring's drop counter, `JournalTap.lost`: journal-tap.ts). The loss stamp costs the risk thread one
 * integer store per journal slot and lets the journal thread place a gap exactly: a slot whose
 * stamp exceeds the previous slot's follows `stamp - previous` lost calls, so the journal thread
 * writes a `JournalGap` record before that slot's records. Losses after the last published
 * slot are the ring's drop counter minus the last stamp, written as a trailing gap at stop.
 * (A stamp taken at claim time, not the drop counter read at poll time, is what makes the place
 * exact: slots claimed before a loss may be published after it, in the same pass.)
 *
 * LANE_DOWN / LANE_UP and requests on lanes without a decision ring are not engine calls: they
 * are not journaled (their effect is, as FEED slots). A request and its decision travel in one
 * slot, so a full ring can never separate them.
 */
import { ORDER_WORD, V1_DWORD } from '../codec/index.js';

/** f64 index (from the slot's `off >> 3`) of the decision code in a journaled request slot. */
export const JOURNAL_CODE_DWORD = V1_DWORD;

/** i32 index (from the slot's `off >> 2`) of the loss stamp in every journal slot. */
export const JOURNAL_LOST_WORD = ORDER_WORD;

/** Default slots of the journal ring (power of two): 64 Ki slots = 4 MiB. */
export const JOURNAL_RING_CAPACITY = 1 << 16;
