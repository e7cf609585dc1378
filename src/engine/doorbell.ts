import { DOORBELL_WORD, PARKED_WORD } from './control-block-layout.js';

/**
 * The producer side of the risk thread's doorbell (control-block-layout.ts). Every thread that
 * publishes into one of the risk thread's input rings rings the bell after `publish()`: the
 * risk thread polls many rings but can sleep on only one address.
 *
 * Ordering: `publish()` stores the ring's head before `ring()` adds to the bell (both
 * sequentially consistent), so a risk thread woken by the bell, or one that read the bell
 * before parking, always sees the head. One instance per producing thread (holds only views).
 */
export class Doorbell {
  private readonly i32: Int32Array;

  constructor(control: SharedArrayBuffer) {
    this.i32 = new Int32Array(control);
  }

  /** @hot Announce a publish; wakes the risk thread only when it declared itself parked. */
  ring(): void {
    Atomics.add(this.i32, DOORBELL_WORD, 1); // announce publish
    if (Atomics.load(this.i32, PARKED_WORD) !== 0) { // risk thread parked?
      Atomics.notify(this.i32, DOORBELL_WORD, 1); // wake risk thread
    }
  }
}
