/**
 * BitMEX realtime WebSocket session (https://www.bitmex.com/app/wsAPI).
 *
 * - Login: `{"op":"authKeyExpires","args":[apiKey, expires, signature]}`, `expires` in Unix
 *   seconds, `signature = hex(HMAC_SHA256(secret, "GET/realtime" + expires))`. Reply
 *   `{"success":true,"request":{"op":"authKeyExpires",...}}`, or `{"error":...}`.
 * - Subscribe: `{"op":"subscribe","args":["execution","order","position"]}`; each table is
 *   acknowledged by `{"success":true,"subscribe":"<table>"}` and followed by its `partial` image
 *   (the position partial is the fresh snapshot). All three acknowledged: up.
 * - Keep-alive: the text `ping` (every 5 s by default); the reply `pong` is a heartbeat.
 */
import type { Credentials } from '../credentials.js';
import { hmacSha256Hex } from '../signing.js';
import type { ProtocolLink, VenueProtocol } from '../venue-protocol.js';
import { field } from '../rest-body.js';

export const BITMEX_TABLES = ['execution', 'order', 'position'] as const;
const EXPIRES_AHEAD_S = 10;

export function bitmexSignature(secret: string, verb: string, path: string, expires: number, body: string): string {
  return hmacSha256Hex(secret, verb + path + String(expires) + body);
}

export class BitmexProtocol implements VenueProtocol {
  readonly venue = 'bitmex';
  #acked = new Set<string>();

  constructor(private readonly url: string, private readonly credentials: Credentials) {}

  connectUrl(): Promise<string> {
    return Promise.resolve(this.url);
  }

  onOpen(link: ProtocolLink): void {
    this.#acked = new Set();
    const expires = Math.floor(link.timers.nowMs() / 1000) + EXPIRES_AHEAD_S;
    const signature = bitmexSignature(this.credentials.secret, 'GET', '/realtime', expires, '');
    link.sensitive(signature);
    link.send(JSON.stringify({ op: 'authKeyExpires', args: [this.credentials.apiKey, expires, signature] }));
  }

  onFrame(frame: unknown, link: ProtocolLink): void {
    const request = field(frame, 'request');
    if (field(request, 'op') === 'authKeyExpires') {
      if (field(frame, 'success') === true) {
        link.authenticated();
        link.send(JSON.stringify({ op: 'subscribe', args: BITMEX_TABLES }));
      } else {
        link.fail(`auth rejected: ${String(field(frame, 'error')).slice(0, 80)}`);
      }
      return;
    }
    const table = field(frame, 'subscribe');
    if (field(frame, 'success') === true && typeof table === 'string') {
      this.#acked.add(table);
      if (BITMEX_TABLES.every((t) => this.#acked.has(t))) link.subscribed();
    } else if (field(frame, 'error') !== undefined && field(frame, 'status') !== undefined) {
      link.fail(`venue error ${String(field(frame, 'status'))}: ${String(field(frame, 'error')).slice(0, 80)}`);
    }
  }

  onPingTimer(link: ProtocolLink): void {
    link.send('ping');
  }

  onClose(): void {}
}
