/**
 * Byte layout of the engine's control block: a small SharedArrayBuffer shared by the risk
 * thread, the embedding (main) thread, every feed worker and every strategy. It holds the
 * words that are not part of any one ring: the doorbell every producer rings after a publish
 * (so the risk thread can sleep on ONE address while polling many rings), the risk thread's
 * parked flag, the stop request and the lane-table version, and the risk thread's status.
 *
 * ```
 *  offset  line (128 B)  word                                             written by
 *  ------  ------------  -----------------------------------------------  ------------------------
 *     0    DOORBELL      +0 doorbell  i32  bumped after every publish     every producer (Atomics.add)
 *   128    PARKED        +0 parked    i32  1 = risk thread may sleep      risk thread only
 *   256    COMMAND       +0 stop      i32  1 = drain and exit             embedding thread only
 *                                          (loaded by event-lane publishers after each publish)
 *                        +4 lanes     i32  lane-table version             embedding thread only
 *   384    STATUS        +0 status    i32  RiskThreadStatus               risk thread only
 *                        +4 loops     i32  loop iterations (wraps), stored risk thread only
                                          every loop: /health's proof of life
 *   512    end
 * ```
 *
 * - The doorbell is the one word written by several threads; it is only ever `Atomics.add`ed,
 *   and it has a line to itself so the polled words stay clean.
 * - `parked` sits apart from the doorbell because producers load it after every ring: on the
 *   doorbell line each of those loads would contend with the other producers' adds.
 */
export const CONTROL_LINE_BYTES = 128;

export const DOORBELL_OFFSET = 0;
export const PARKED_OFFSET = DOORBELL_OFFSET + CONTROL_LINE_BYTES;
export const COMMAND_LINE = PARKED_OFFSET + CONTROL_LINE_BYTES;
export const STOP_OFFSET = COMMAND_LINE;
export const LANES_VERSION_OFFSET = STOP_OFFSET + 4;
export const STATUS_LINE = COMMAND_LINE + CONTROL_LINE_BYTES;
export const STATUS_OFFSET = STATUS_LINE;
export const LOOPS_OFFSET = STATUS_OFFSET + 4;
export const CONTROL_BLOCK_BYTES = STATUS_LINE + CONTROL_LINE_BYTES;

export const DOORBELL_WORD = DOORBELL_OFFSET >> 2;
export const PARKED_WORD = PARKED_OFFSET >> 2;
export const STOP_WORD = STOP_OFFSET >> 2;
export const LANES_VERSION_WORD = LANES_VERSION_OFFSET >> 2;
export const STATUS_WORD = STATUS_OFFSET >> 2;
export const LOOPS_WORD = LOOPS_OFFSET >> 2;

/** Values of the status word. */
export const RiskThreadStatus = { STARTING: 0, RUNNING: 1, DRAINING: 2, STOPPED: 3 } as const;

/** A zeroed control block (STARTING, no stop request). */
export function createControlBlock(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BLOCK_BYTES);
}
