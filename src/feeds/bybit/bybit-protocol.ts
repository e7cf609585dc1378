/**
 * Bybit v5 private WebSocket session (https://bybit-exchange.github.io/docs/v5/ws/connect).
 *
 * - Login: `{"op":"auth","args":[apiKey, expires, signature]}` with `expires` a future time in
 *   ms and `signature = hex(HMAC_SHA256(secret, "GET/realtime" + expires))`. Reply
 *   `{"op":"auth","success":true|false,"ret_msg"}`.
 * - Subscribe: `{"op":"subscribe","args":["execution","order","position"]}` (all categories),
 *   reply `{"op":"subscribe","success":true}`: the feed is up.
 * - Keep-alive: `{"op":"ping"}` every 20 s (pingIntervalMs); reply `{"op":"pong"}` (the decoder
 *   makes it a heartbeat).
 */
import type { Credentials } from '../credentials.js';
import { hmacSha256Hex } from '../signing.js';
import type { ProtocolLink, VenueProtocol } from '../venue-protocol.js';
import { field } from '../rest-body.js';

export const BYBIT_TOPICS = ['execution', 'order', 'position'] as const;
const EXPIRES_AHEAD_MS = 10_000;

export function bybitWsSignature(secret: string, expires: number): string {
  return hmacSha256Hex(secret, `GET/realtime${expires}`);
}

export class BybitProtocol implements VenueProtocol {
  readonly venue = 'bybit';

  constructor(private readonly url: string, private readonly credentials: Credentials) {}

  connectUrl(): Promise<string> {
    return Promise.resolve(this.url);
  }

  onOpen(link: ProtocolLink): void {
    const expires = link.timers.nowMs() + EXPIRES_AHEAD_MS;
    const signature = bybitWsSignature(this.credentials.secret, expires);
    link.sensitive(signature);
    link.send(JSON.stringify({ req_id: 'auth', op: 'auth', args: [this.credentials.apiKey, expires, signature] }));
  }

  onFrame(frame: unknown, link: ProtocolLink): void {
    const op = field(frame, 'op');
    if (op === 'auth') {
      if (field(frame, 'success') !== true) {
        link.fail(`auth rejected: ${String(field(frame, 'ret_msg')).slice(0, 80)}`);
        return;
      }
      link.authenticated();
      link.send(JSON.stringify({ req_id: 'sub', op: 'subscribe', args: BYBIT_TOPICS }));
    } else if (op === 'subscribe') {
      if (field(frame, 'success') === true) link.subscribed();
      else link.fail(`subscribe rejected: ${String(field(frame, 'ret_msg')).slice(0, 80)}`);
    }
  }

  onPingTimer(link: ProtocolLink): void {
    link.send(JSON.stringify({ req_id: 'ping', op: 'ping' }));
  }

  onClose(): void {}
}
