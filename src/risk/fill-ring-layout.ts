/**
 * Layout of the fill ring (fill-ring.ts): every instrument's unconfirmed fill entries in flat
 * typed arrays, one array per field (structure of arrays), and the per-instrument words that
 * index them. The single definition of the capacity rule, the index rule and the sentinels: the
 * ring, the reconcilers and the tests import it. Not shared memory: every array is the risk
 * thread's, allocated once at construction.
 *
 * ```
 *  entry arrays (instruments x capacity entries each; instrument i owns [i*capacity, (i+1)*capacity))
 *
 *     i*capacity                                                       (i+1)*capacity
 *     |  ...dead...  | oldest ... live or dead ... newest |  ...free...  |
 *                     ^ start[i]                           ^ (start[i] + len[i]) & mask
 *     (the run wraps at the end of the instrument's block: indices are taken & mask)
 *
 *  flat index of instrument i's k-th entry (k = 0 the oldest, k < len[i]):
 *     i * capacity + ((start[i] + k) & mask)                           (`fillEntryIndex`)
 *
 *  field    type  meaning of one entry
 *  -------  ----  ----------------------------------------------------------------------------
 *  eQty     f64   signed lots (an inferred entry: its inferred lots, signed by the order's side)
 *  eInf     f64   inferred lots, absolute (0: a real fill; > 0: lots an order update reported first)
 *  eSeq     f64   sequenced: the venue's sequence (NaN for inferred); unsequenced real fills: the
 *                 execution's venue time (NaN: none)
 *  eSlot    i32   the order slot of an inferred entry; NO_ORDER_SLOT for a real fill
 *  eAt      f64   engine time the entry arrived (ms)
 *  eAlive   u8    1 live; 0 dead (confirmed, explained or folded), skipped, dropped from the head
 *  eTent    u8    1 tentative: in the estimate, off the unconfirmed budget and its deadline
 *  eGen     f64   inferred: `OrderTable.approvals` when the reporting update arrived
 *  eBound   f64   inferred: an upper bound of its execution's sequence (+Infinity: none yet)
 *  eArr     f64   arrival number (the ring's `arrivals` after it was appended; never wraps)
 *
 *  per-instrument words (instruments entries each)
 *
 *  start, len          i32  the ring's oldest index (0..mask) and its entry count (0..capacity)
 *  listSum             f64  signed lots of the live entries (real and inferred)
 *  liveCount, liveAbs  i32 / f64  live entries and their absolute lots
 *  tentCount, tentAbs  i32 / f64  the tentative part of those
 *  infPos, infNeg      f64  signed lots of the live inferred entries, by sign
 *  upArrival           f64  `arrivals` when the feed last came back up; NO_ARRIVAL before any
 *  agg*                     the aggregate the oldest entry folds into when the ring is full of
 *                           live entries: aggCount (i32), aggQty / aggPos / aggNeg (signed lots,
 *                           all / by sign), aggMinSeq / aggMaxSeq (sequence range of its real
 *                           fills), aggInf (inferred lots), aggSplit (u8: part of it may be inside
 *                           the snapshot), aggAt (arrival time of the first folded), aggArr (the
 *                           largest eArr folded; NO_ARRIVAL: none)
 * ```
 *
 * - The capacity is a power of two (at least `MIN_FILL_RING_CAPACITY`), so a ring index wraps
 *   with `& mask` and never needs a division.
 * - Entries are appended at the newest end and leave by dying: a dead entry stays in place until
 *   it reaches the head (`trim`) or the ring is packed (`compact`, only when full). A live
 *   entry never moves except in `compact`, which keeps the arrival order.
 * - A double (lots, sequence, time) never crosses a call boxed: entries are read and written in
 *   place, results come back in the caller's typed-array cells.
 */

/** The smallest ring: capacities are rounded up to a power of two from here. */
export const MIN_FILL_RING_CAPACITY = 4;

/** `eSlot` of an entry that belongs to no order of the engine (a real fill). */
export const NO_ORDER_SLOT = -1;

/** `upArrival` before the feed has come back up, `aggArr` with nothing folded: below every `eArr`. */
export const NO_ARRIVAL = -1;

/** Entries per instrument for a configured capacity: the next power of two, at least the minimum. */
export function fillRingCapacity(requested: number): number {
  let cap = MIN_FILL_RING_CAPACITY;
  while (cap < requested) cap *= 2;
  return cap;
}

/** Flat index of instrument `inst`'s k-th entry (0 = oldest) in a ring of `capacity` (`mask` = capacity - 1). */
export function fillEntryIndex(inst: number, capacity: number, mask: number, start: number, k: number): number {
  return inst * capacity + ((start + k) & mask);
}
