/**
 * The total order across input rings. A slot whose `order` is >= 0 is applied only when it is
 * the next one (`next`); the lane holding it waits otherwise, and the other lanes supply the
 * missing ones. Slots with `order` -1 (`ARRIVAL_ORDER`, event-slot-layout.ts) are applied on arrival.
 *
 * No deadlock: each producer publishes its own slots in increasing order, so the smallest
 * missing order is always at the head of some lane. Risk thread only; allocation-free.
 */
export class TotalOrder {
  /** Next `order` to apply among ordered slots. */
  next = 0;

  /** @hot May a slot of this `order` be applied now? */
  admits(order: number): boolean {
    return order < 0 || order === this.next;
  }

  /** @hot A slot of this `order` was applied. */
  applied(order: number): void {
    if (order >= 0) this.next++;
  }
}
