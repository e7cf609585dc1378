/**
 * Binance USD-M user data stream listen keys
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams):
 * `POST /fapi/v1/listenKey` creates (or returns the live) key, `PUT /fapi/v1/listenKey` extends it
 * by 60 minutes (riskgate: every 30 minutes while connected). Both need only the `X-MBX-APIKEY`
 * header (security type USER_STREAM: no signature). The key itself is a bearer credential for
 * the stream: registered as sensitive, never logged.
 */
import type { Credentials } from '../credentials.js';
import type { RestClient } from '../rest-client.js';
import { field, jsonBody, restError } from '../rest-body.js';

export const LISTEN_KEY_KEEPALIVE_MS = 30 * 60_000;

export class BinanceListenKey {
  constructor(private readonly client: RestClient, private readonly credentials: Credentials) {}

  async create(): Promise<string> {
    const what = 'POST /fapi/v1/listenKey';
    const body = jsonBody(await this.client.call('POST', '/fapi/v1/listenKey', { 'X-MBX-APIKEY': this.credentials.apiKey }), what);
    const key = field(body, 'listenKey');
    if (typeof key !== 'string' || key.length === 0) throw restError(what, 'no listenKey in the answer');
    return key;
  }

  async keepAlive(): Promise<void> {
    jsonBody(await this.client.call('PUT', '/fapi/v1/listenKey', { 'X-MBX-APIKEY': this.credentials.apiKey }), 'PUT /fapi/v1/listenKey');
  }
}
