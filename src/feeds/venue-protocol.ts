/**
 * A venue's connection protocol, as `LiveFeed` drives it: where to connect, how to log in and
 * subscribe, how to keep the connection alive and what its control replies mean. Data frames
 * are the decoder's business; the protocol sees every frame first only to follow the session
 * (auth ack → subscribe → acks, test_request → public/test, listenKeyExpired → reconnect).
 *
 * One protocol object serves every connection of its feed, one at a time; per-connection state
 * is reset in `onOpen`. It must never throw: a failure is reported with `link.fail(reason)`.
 */
import type { FeedLogger } from './feed-logger.js';
import type { FeedTimers } from './feed-timers.js';
import type { VenueName } from './venue-name.js';

export interface ProtocolLink {
  /** Sends one text frame on the current connection (dropped when it is no longer open). */
  send(text: string): void;
  /** Sends a WebSocket-level ping frame (Binance: the stream has no application ping). */
  sendPing(): void;
  /** Login accepted: data pushes from now on prove the subscription, and mark the feed up. */
  authenticated(): void;
  /** Every subscription acknowledged: the feed is up. */
  subscribed(): void;
  /** Drops the connection and reconnects with back-off; `reason` is logged (redacted). */
  fail(reason: string): void;
  /** Registers a value (a signature, a listen key) that must never appear in a log. */
  sensitive(value: string): void;
  readonly timers: FeedTimers;
  readonly log: FeedLogger;
}

export interface VenueProtocol {
  readonly venue: VenueName;
  /** The URL of the next connection (Binance first creates a listen key over REST). May reject: the attempt then backs off. */
  connectUrl(): Promise<string>;
  /** The socket is open: log in, or subscribe where no login exists. */
  onOpen(link: ProtocolLink): void;
  /** Every frame, parsed JSON (or the raw text when it is not JSON), before the decoder sees it. */
  onFrame(frame: unknown, link: ProtocolLink): void;
  /** Called every `pingIntervalMs` while connected: send the venue's keep-alive. */
  onPingTimer(link: ProtocolLink): void;
  /** The connection ended: cancel the protocol's own timers. */
  onClose(): void;
}
