/**
 * What an `EventLanePublisher` method returns: `ACCEPTED` (0), or a negative code. Codes,
 * never exceptions: the publisher is called on the embedding's hot path.
 */
export const EventLaneStatus = {
  /** Published: the risk thread applies it (in its next pass, or in its drain on `stop()`). */
  ACCEPTED: 0,
  /**
   * The lane's ring was full: the event is lost, and the loss is counted and held exactly as a
   * feed ring's (the lane's instruments are down, FEED_STALE for risk-increasing orders, until
   * the lane publishes again and then a snapshot published after the loss arrives).
   */
  LANE_FULL: -1,
  /**
   * The engine is stopping or stopped. The call that first sees the stop may or may not have
   * been applied (it raced the risk thread's last drain); every later call touches nothing.
   */
  ENGINE_STOPPED: -2,
} as const;

export type EventLaneStatusValue = (typeof EventLaneStatus)[keyof typeof EventLaneStatus];
