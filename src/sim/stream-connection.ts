/**
 * One client connection to an account's private stream, as the account stream sees it: what it
 * subscribed, whether its position subscription has silently died, and how to write to or kill
 * the socket. Implemented by the venue sessions (src/server/ sockets), and by tests.
 */
import type { Frame, FrameClass } from './private-report.js';

export interface StreamConnection {
  /** Unique per server run, in connection order (deterministic for a given client sequence). */
  readonly id: number;
  /** True when this connection should receive frames of `cls` now (subscribed, authenticated). */
  wants(cls: FrameClass): boolean;
  /** Set by the `positionDeath` fault: position frames stop, nothing else changes. */
  positionDead: boolean;
  /** Writes the frame; returns the exact text sent. */
  send(frame: Frame): string;
  /** Closes the socket abruptly (no close frame), as a dropped connection. */
  kill(): void;
}
