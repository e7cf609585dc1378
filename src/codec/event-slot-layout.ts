/**
 * Byte layout of one event slot: every event, request and decision that crosses a ring is one
 * 64-byte slot (one cache line) of this shape. The single definition of every field offset:
 * the codecs, the risk thread and the tests import it.
 *
 * ```
 *  offset  type  field   meaning (per slot type: see the codec files)
 *  ------  ----  ------  ------------------------------------------------------------------
 *     0    i32   tag     SlotType; 0 (NONE) never appears in a published slot
 *     4    i32   inst    instrument index; -1 every instrument; -2 unknown symbol; lane for LANE_*
 *     8    i32   arg     small enum: side ±1 | OrderStatusCode | KillMode | feed up 1/0 | deny code
 *                        | a snapshot current 1/0
 *    12    i32   order   position in a total order across rings (a scenario's step index);
 *                        -1 = apply in arrival order
 *    16    f64   at      engine time in ms for this slot (NaN: the risk thread's clock)
 *    24    f64   v0      first 64-bit value   (orderKey | position | price | lease long)
 *    32    f64   v1      second               (execKey | seq | cumQty | requestId | lease short)
 *    40    f64   v2      third                (qty | leavesQty | venueTime of a snapshot | lease ms)
 *    48    f64   v3      fourth               (price | side ±1 of an order update, 0 not given)
 *    56    f64   v4      fifth                (seq of a fill, or its venue time where the venue has no
 *                                               sequence (fill-codec.ts) | reduceOnly 1/0 of an order request
 *                                               or of an order update)
 *    64    end
 * ```
 *
 * - 64-bit quantities, keys and sequence numbers are float64 holding safe integers (exact to
 *   2^53): no BigInt, no uint32 pairs. Strings never cross: symbols are instrument indices,
 *   order ids interned handles, execution ids `stringKey` hashes.
 * - The four i32 words come first so the f64 fields start 16-byte aligned; a slot offset is a
 *   multiple of 64, so `off >> 2` and `off >> 3` index the ring's whole-buffer `i32` / `f64`.
 * - The tag is written with the rest of the payload (plain stores): the ring's `publish()` is
 *   the commit, so no field needs an atomic store.
 */

/** Bytes per slot: one cache line. Rings carrying events are created with this `slotSize`. */
export const EVENT_SLOT_BYTES = 64;

export const TAG_OFFSET = 0;
export const INST_OFFSET = TAG_OFFSET + 4;
export const ARG_OFFSET = INST_OFFSET + 4;
export const ORDER_OFFSET = ARG_OFFSET + 4;
export const AT_OFFSET = ORDER_OFFSET + 4;
export const V0_OFFSET = AT_OFFSET + 8;
export const V1_OFFSET = V0_OFFSET + 8;
export const V2_OFFSET = V1_OFFSET + 8;
export const V3_OFFSET = V2_OFFSET + 8;
export const V4_OFFSET = V3_OFFSET + 8;
/** First byte after the last field: equals `EVENT_SLOT_BYTES` (a test checks it). */
export const SLOT_END = V4_OFFSET + 8;

// Word indices relative to a slot, for `i32[(off >> 2) + W]` and `f64[(off >> 3) + D]`.
export const TAG_WORD = TAG_OFFSET >> 2;
export const INST_WORD = INST_OFFSET >> 2;
export const ARG_WORD = ARG_OFFSET >> 2;
export const ORDER_WORD = ORDER_OFFSET >> 2;
export const AT_DWORD = AT_OFFSET >> 3;
export const V0_DWORD = V0_OFFSET >> 3;
export const V1_DWORD = V1_OFFSET >> 3;
export const V2_DWORD = V2_OFFSET >> 3;
export const V3_DWORD = V3_OFFSET >> 3;
export const V4_DWORD = V4_OFFSET >> 3;

/** `order` of a slot applied in arrival order (no total order across rings). */
export const ARRIVAL_ORDER = -1;
