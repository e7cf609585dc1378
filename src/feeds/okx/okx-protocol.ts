/**
 * OKX v5 private WebSocket session (https://www.okx.com/docs-v5/en/#overview-websocket-login).
 *
 * - Login: `{"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}` with `timestamp` in
 *   Unix seconds and `sign = base64(HMAC_SHA256(secret, timestamp + "GET" + "/users/self/verify"))`.
 *   Reply `{"event":"login","code":"0"}`; `{"event":"error","code","msg"}` on failure.
 * - Subscribe: `orders` and `positions` with `instType: "ANY"`; each channel is acknowledged by
 *   `{"event":"subscribe","arg":{...}}`; both acknowledged: up. `positions` pushes its initial
 *   image right after the subscription (the fresh snapshot the engine waits for).
 * - Keep-alive: the text `ping` (pingIntervalMs < 30 s); the reply `pong` is a heartbeat.
 */
import type { Credentials } from '../credentials.js';
import { hmacSha256Base64 } from '../signing.js';
import type { ProtocolLink, VenueProtocol } from '../venue-protocol.js';
import { field } from '../rest-body.js';

export const OKX_CHANNELS = ['orders', 'positions'] as const;

export function okxLoginSignature(secret: string, timestampSec: string): string {
  return hmacSha256Base64(secret, `${timestampSec}GET/users/self/verify`);
}

export class OkxProtocol implements VenueProtocol {
  readonly venue = 'okx';
  #acked = new Set<string>();

  constructor(private readonly url: string, private readonly credentials: Credentials) {}

  connectUrl(): Promise<string> {
    return Promise.resolve(this.url);
  }

  onOpen(link: ProtocolLink): void {
    this.#acked = new Set();
    const timestamp = String(Math.floor(link.timers.nowMs() / 1000));
    const sign = okxLoginSignature(this.credentials.secret, timestamp);
    link.sensitive(sign);
    const c = this.credentials;
    link.send(JSON.stringify({ op: 'login', args: [{ apiKey: c.apiKey, passphrase: c.passphrase, timestamp, sign }] }));
  }

  onFrame(frame: unknown, link: ProtocolLink): void {
    const event = field(frame, 'event');
    if (event === 'login') {
      if (field(frame, 'code') !== '0') {
        link.fail(`login rejected: code ${String(field(frame, 'code'))}`);
        return;
      }
      link.authenticated();
      link.send(JSON.stringify({ op: 'subscribe', args: OKX_CHANNELS.map((channel) => ({ channel, instType: 'ANY' })) }));
    } else if (event === 'subscribe') {
      const channel = field(field(frame, 'arg'), 'channel');
      if (typeof channel === 'string') this.#acked.add(channel);
      if (OKX_CHANNELS.every((c) => this.#acked.has(c))) link.subscribed();
    } else if (event === 'error') {
      link.fail(`venue error: code ${String(field(frame, 'code'))} ${String(field(frame, 'msg')).slice(0, 80)}`);
    }
  }

  onPingTimer(link: ProtocolLink): void {
    link.send('ping');
  }

  onClose(): void {}
}
