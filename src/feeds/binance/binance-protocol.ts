/**
 * Binance USD-M user data stream session. There is no login message: the listen key (created
 * over REST right before each connection) is the stream's credential, in the URL
 * `<ws base>/ws/<listenKey>`. Nothing to subscribe: the feed is up once the socket opens.
 * - Keep-alive: the server sends WebSocket pings (answered by `ws` automatically); riskgate also
 *   sends a WebSocket ping every pingIntervalMs so a silent account still proves the connection
 *   (pongs count as traffic). The listen key is extended with `PUT` every 30 minutes.
 * - `listenKeyExpired`: the stream delivers nothing more: drop, reconnect with a new key.
 */
import type { BinanceListenKey } from './binance-listen-key.js';
import { LISTEN_KEY_KEEPALIVE_MS } from './binance-listen-key.js';
import type { ProtocolLink, VenueProtocol } from '../venue-protocol.js';
import type { TimerHandle } from '../feed-timers.js';
import { field } from '../rest-body.js';

export class BinanceProtocol implements VenueProtocol {
  readonly venue = 'binance-usdm';
  #keepAlive: TimerHandle | undefined;
  #key = '';

  constructor(private readonly wsBase: string, private readonly listenKey: BinanceListenKey, private readonly keepAliveMs = LISTEN_KEY_KEEPALIVE_MS) {}

  async connectUrl(): Promise<string> {
    this.#key = await this.listenKey.create();
    return `${this.wsBase}/ws/${this.#key}`;
  }

  onOpen(link: ProtocolLink): void {
    link.sensitive(this.#key);
    link.authenticated();
    link.subscribed();
    this.#scheduleKeepAlive(link);
  }

  #scheduleKeepAlive(link: ProtocolLink): void {
    this.#keepAlive = link.timers.after(this.keepAliveMs, () => {
      this.listenKey.keepAlive().then(
        () => this.#scheduleKeepAlive(link),
        (e: unknown) => link.fail(`listen key keep-alive failed: ${(e as Error).message}`),
      );
    });
  }

  onFrame(frame: unknown, link: ProtocolLink): void {
    const body = typeof field(frame, 'stream') === 'string' ? field(frame, 'data') : frame;
    if (field(body, 'e') === 'listenKeyExpired') link.fail('listen key expired');
  }

  onPingTimer(link: ProtocolLink): void {
    link.sendPing();
  }

  onClose(): void {
    this.#keepAlive?.cancel();
    this.#keepAlive = undefined;
  }
}
