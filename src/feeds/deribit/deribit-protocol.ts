/**
 * Deribit JSON-RPC WebSocket session (https://docs.deribit.com).
 *
 * - Login: `public/auth` with `grant_type: "client_signature"`: `client_id`, `timestamp` (ms),
 *   `nonce`, `data` ("") and `signature = hex(HMAC_SHA256(client_secret, timestamp + "\n" +
 *   nonce + "\n" + data))`. A reply with `result.access_token` accepts it; `error` rejects it.
 * - Then `public/set_heartbeat {interval}` (seconds, >= 10: pingIntervalMs / 1000) and
 *   `private/subscribe {channels: ["user.changes.<instrument>.raw", ...]}`; the subscribe reply
 *   lists the channels: up.
 * - Keep-alive: the server sends `heartbeat` notifications; a `test_request` must be answered
 *   with `public/test` or the server closes the connection. No client ping otherwise.
 */
import { randomBytes } from 'node:crypto';
import type { Credentials } from '../credentials.js';
import { hmacSha256Hex } from '../signing.js';
import type { ProtocolLink, VenueProtocol } from '../venue-protocol.js';
import { field } from '../rest-body.js';

const AUTH_ID = 9001;
const HEARTBEAT_ID = 9002;
const SUBSCRIBE_ID = 9003;
const TEST_ID = 9004;

export function deribitAuthSignature(secret: string, timestamp: number, nonce: string, data: string): string {
  return hmacSha256Hex(secret, `${timestamp}\n${nonce}\n${data}`);
}

export class DeribitProtocol implements VenueProtocol {
  readonly venue = 'deribit';
  readonly channels: readonly string[];

  constructor(
    private readonly url: string,
    private readonly credentials: Credentials,
    venueSymbols: readonly string[],
    private readonly heartbeatSec: number,
  ) {
    this.channels = venueSymbols.map((s) => `user.changes.${s}.raw`);
  }

  connectUrl(): Promise<string> {
    return Promise.resolve(this.url);
  }

  onOpen(link: ProtocolLink): void {
    const timestamp = link.timers.nowMs();
    const nonce = randomBytes(8).toString('hex');
    const signature = deribitAuthSignature(this.credentials.secret, timestamp, nonce, '');
    link.sensitive(signature);
    link.send(JSON.stringify({
      jsonrpc: '2.0', id: AUTH_ID, method: 'public/auth',
      params: { grant_type: 'client_signature', client_id: this.credentials.apiKey, timestamp, signature, nonce, data: '' },
    }));
  }

  onFrame(frame: unknown, link: ProtocolLink): void {
    const id = field(frame, 'id');
    if (id === AUTH_ID || id === SUBSCRIBE_ID || id === HEARTBEAT_ID) {
      const error = field(frame, 'error');
      if (error !== undefined) {
        link.fail(`${id === AUTH_ID ? 'auth' : id === SUBSCRIBE_ID ? 'subscribe' : 'set_heartbeat'} rejected: code ${String(field(error, 'code'))} ${String(field(error, 'message')).slice(0, 80)}`);
        return;
      }
      if (id === AUTH_ID) {
        const token = field(field(frame, 'result'), 'access_token');
        if (typeof token === 'string') link.sensitive(token);
        link.authenticated();
        link.send(JSON.stringify({ jsonrpc: '2.0', id: HEARTBEAT_ID, method: 'public/set_heartbeat', params: { interval: this.heartbeatSec } }));
        link.send(JSON.stringify({ jsonrpc: '2.0', id: SUBSCRIBE_ID, method: 'private/subscribe', params: { channels: this.channels } }));
      } else if (id === SUBSCRIBE_ID) {
        link.subscribed();
      }
      return;
    }
    if (field(frame, 'method') === 'heartbeat' && field(field(frame, 'params'), 'type') === 'test_request') {
      link.send(JSON.stringify({ jsonrpc: '2.0', id: TEST_ID, method: 'public/test', params: {} }));
    }
  }

  onPingTimer(): void {}

  onClose(): void {}
}
