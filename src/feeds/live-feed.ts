/**
 * One live private feed: one venue connection, from socket to normalized events.
 *
 * Owns the WebSocket (the `ws` client), drives the venue's `VenueProtocol` (login, subscribe,
 * keep-alive), decodes every frame with the venue's `VenueDecoder`, and reports:
 * - `onEvent(event)`: the decoded `VenueEvent`s in arrival order, and `feed` up/down events;
 * - `onStatus(status, reason)`: the same up/down transitions, with a reason for logs/metrics.
 *
 * Up/down: the feed is down until the venue has accepted the login and the subscription (or a
 * private push proves it); `up` is emitted before the first data event of the connection.
 * It goes down (one `down` event) when the socket closes or errors, when nothing (not even a
 * pong) arrives for `deadAfterMs`, when a fill is followed by no position update for
 * `positionSilentMs` (the position subscription died on a live connection: reconnecting
 * subscribes afresh), when the protocol fails (auth rejected, listen key expired),
 * when malformed frames persist (degraded), and on `stop()`. Each transition is emitted once:
 * the events alternate down/up. After a reconnect the engine treats the instrument as awaiting a
 * fresh snapshot (the venue's subscription image, or the REST reconciler).
 *
 * Reconnects use exponential back-off with jitter (`Backoff`, seeded `Random`), reset once a
 * connection comes up. Time and timers are injected (`FeedTimers`); no globals: several feeds
 * run side by side in one thread. Never throws out of a socket callback: malformed frames are
 * counted (`MalformedMonitor`), a callback error becomes a reconnect. Secrets never reach the
 * logger (every message passes `redact`).
 *
 * Plugging into a feed-handler worker: see `startLiveFeed` in create-live-feed.ts.
 */
import WebSocket from 'ws';
import type { FeedEvent, VenueEvent } from '../events/market-events.js';
import type { VenueDecoder } from '../venues/venue-decoder.js';
import { Outcome, type ByteDecoder } from '../venues/scan/byte-decoder.js';
import { SlotType } from '../codec/slot-type.js';
import { EVENT_SLOT_BYTES, TAG_WORD } from '../codec/event-slot-layout.js';
import { Backoff } from './backoff.js';
import { redact, silentLogger, type FeedLogger } from './feed-logger.js';
import { realTimers, type FeedTimers, type TimerHandle } from './feed-timers.js';
import { MalformedMonitor } from './malformed-monitor.js';
import { seededRandom, type Random } from './random.js';
import type { VenueFeedConfig } from './venue-config.js';
import type { ProtocolLink, VenueProtocol } from './venue-protocol.js';

export type FeedStatus = 'up' | 'down';

export interface LiveFeedOptions {
  readonly protocol: VenueProtocol;
  readonly decoder: VenueDecoder;
  /**
   * Reads every frame from its bytes instead of `decoder` (src/venues/scan/byte-decoder.ts): no
   * `JSON.parse` of data pushes, events handed over as ring slots through `onDecoded` (the
   * session protocol still sees every other frame, parsed). `onEvent` then carries only the
   * feed's up/down transitions.
   */
  readonly byteDecoder?: { readonly decoder: ByteDecoder; readonly onDecoded: (decoder: ByteDecoder) => void };
  readonly config: Pick<VenueFeedConfig, 'reconnect' | 'pingIntervalMs' | 'deadAfterMs' | 'malformed'> & Partial<Pick<VenueFeedConfig, 'positionSilentMs'>>;
  readonly onEvent: (event: VenueEvent | FeedEvent) => void;
  readonly onStatus?: (status: FeedStatus, reason: string) => void;
  readonly timers?: FeedTimers;
  /** Jitter source; default seeded from the clock (pass a seeded one in tests). */
  readonly random?: Random;
  readonly logger?: FeedLogger;
  /** Values never to log: the credentials (`Credentials.sensitive()`). */
  readonly secrets?: readonly string[];
}

export interface LiveFeedStats {
  connectAttempts: number;
  connections: number;
  disconnects: number;
  frames: number;
  events: number;
  malformed: number;
  /** Connections dropped because a fill was followed by no position update (`positionSilentMs`). */
  positionSilences: number;
}

const EMPTY = new Uint8Array(0);
const DOWN: FeedEvent = Object.freeze({ type: 'feed', status: 'down' });
const UP: FeedEvent = Object.freeze({ type: 'feed', status: 'up' });

export class LiveFeed {
  readonly stats: LiveFeedStats = { connectAttempts: 0, connections: 0, disconnects: 0, frames: 0, events: 0, malformed: 0, positionSilences: 0 };
  readonly malformed: MalformedMonitor;
  readonly #o: LiveFeedOptions;
  readonly #timers: FeedTimers;
  readonly #backoff: Backoff;
  readonly #secrets: string[];
  readonly #log: FeedLogger;
  #ws: WebSocket | undefined;
  #gen = 0;
  #up = false;
  #authenticated = false;
  #lastRx = 0;
  /** Arrival time of the oldest fill on this connection that no position update has followed; -1: none. */
  #fillWaitingSince = -1;
  #started = false;
  #stopped = false;
  #pingTimer: TimerHandle | undefined;
  #watchTimer: TimerHandle | undefined;
  #retryTimer: TimerHandle | undefined;
  #resolveDone: () => void = () => {};
  /** Resolves when `stop()` has closed the feed. */
  readonly done: Promise<void>;

  constructor(options: LiveFeedOptions) {
    this.#o = options;
    this.#timers = options.timers ?? realTimers;
    this.#secrets = [...(options.secrets ?? [])];
    const inner = options.logger ?? silentLogger;
    this.#log = { info: (m) => inner.info(this.#redact(m)), warn: (m) => inner.warn(this.#redact(m)) };
    this.#backoff = new Backoff(options.config.reconnect, options.random ?? seededRandom(this.#timers.nowMs()));
    this.malformed = new MalformedMonitor(options.protocol.venue, options.config.malformed, this.#log);
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  get status(): FeedStatus {
    return this.#up ? 'up' : 'down';
  }

  get venue(): string {
    return this.#o.protocol.venue;
  }

  /** Connects (and keeps reconnecting until `stop`). Emits nothing until the venue accepts the session. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#log.info(`${this.venue}: frames read ${this.#o.byteDecoder !== undefined ? 'from their bytes (byte decoder)' : 'with JSON.parse and the reference decoder'}`);
    void this.#connect();
  }

  /** Closes the connection for good; emits `down` if the feed was up. Resolves once closed. */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#retryTimer?.cancel();
      this.#drop('stopped', false);
      this.#resolveDone();
    }
    return this.done;
  }

  #redact(text: string): string {
    return redact(text, this.#secrets);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const gen = ++this.#gen;
    this.stats.connectAttempts++;
    let url: string;
    try {
      url = await this.#o.protocol.connectUrl();
    } catch (e) {
      if (gen === this.#gen) this.#retry(`cannot prepare the connection: ${(e as Error).message}`);
      return;
    }
    if (this.#stopped || gen !== this.#gen) return;
    const ws = new WebSocket(url, { handshakeTimeout: this.#o.config.deadAfterMs });
    this.#ws = ws;
    this.#authenticated = false;
    const link = this.#link(gen);
    ws.on('open', () => this.#guard(gen, () => {
      this.stats.connections++;
      this.#lastRx = this.#timers.nowMs();
      this.malformed.reset();
      this.#log.info(`${this.venue}: connected`);
      this.#schedulePing(gen, link);
      this.#scheduleWatch(gen);
      this.#o.protocol.onOpen(link);
    }));
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => this.#guard(gen, () => this.#onMessage(data, isBinary, link)));
    ws.on('pong', () => {
      if (gen === this.#gen) this.#lastRx = this.#timers.nowMs();
    });
    ws.on('error', (err: Error) => {
      if (gen === this.#gen) this.#log.warn(`${this.venue}: socket error: ${err.message}`);
    });
    ws.on('close', (code: number) => {
      if (gen === this.#gen && !this.#stopped) this.#retry(`connection closed (${code})`);
    });
  }

  /** Runs a socket callback; a throw (a bug) drops the connection instead of escaping into `ws`. */
  #guard(gen: number, fn: () => void): void {
    if (gen !== this.#gen || this.#stopped) return;
    try {
      fn();
    } catch (e) {
      this.#retry(`internal error: ${(e as Error).message}`);
    }
  }

  #link(gen: number): ProtocolLink {
    const live = (): WebSocket | undefined => (gen === this.#gen && this.#ws?.readyState === WebSocket.OPEN ? this.#ws : undefined);
    return {
      send: (text) => live()?.send(text),
      sendPing: () => live()?.ping(),
      authenticated: () => {
        if (gen !== this.#gen) return;
        this.#authenticated = true;
        this.#log.info(`${this.venue}: authenticated`);
      },
      subscribed: () => {
        if (gen === this.#gen) this.#setUp('subscribed');
      },
      fail: (reason) => {
        if (gen === this.#gen && !this.#stopped) this.#retry(reason);
      },
      sensitive: (value) => {
        if (value.length >= 4 && !this.#secrets.includes(value)) this.#secrets.push(value);
      },
      timers: this.#timers,
      log: this.#log,
    };
  }

  #onMessage(data: WebSocket.RawData, isBinary: boolean, link: ProtocolLink): void {
    const now = this.#timers.nowMs();
    this.#lastRx = now;
    this.stats.frames++;
    if (this.#o.byteDecoder !== undefined) {
      this.#onBytes(isBinary ? EMPTY : Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data, link, now);
      return;
    }
    const text = isBinary ? '' : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let frame: unknown = text;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = text; // plain-text pongs; anything else the decoder counts as malformed
    }
    this.#o.protocol.onFrame(frame, link);
    if (this.#stopped) return;
    const result = this.#o.decoder.decode(frame);
    if (result.error !== undefined) {
      this.stats.malformed++;
      const colon = result.error.indexOf(':');
      const kind = colon > 0 ? result.error.slice(0, colon) : 'frame';
      if (this.malformed.record(kind, result.error, this.#redact(text), now)) this.#setDown('malformed frames persist (degraded)');
      return;
    }
    // rows dropped as malformed count toward degradation like malformed frames; their good neighbours still flow
    for (const rowError of result.rowErrors ?? []) {
      this.stats.malformed++;
      const colon = rowError.indexOf(':');
      if (this.malformed.record(colon > 0 ? rowError.slice(0, colon) : 'row', rowError, this.#redact(text), now)) this.#setDown('malformed frames persist (degraded)');
    }
    if (result.rowErrors === undefined && this.malformed.recovered(now) && this.#authenticated) this.#setUp('malformed frames stopped');
    let fills = 0;
    let positions = 0;
    for (const event of result.events) {
      if (event.type !== 'heartbeat' && this.#authenticated && !this.#up) this.#setUp('private data received');
      if (event.type === 'fill') fills++;
      else if (event.type === 'snapshot') positions++;
      this.stats.events++;
      this.#o.onEvent(event);
    }
    this.#positionWatch(fills, positions, now);
  }

  /**
   * A frame through the byte decoder. Decoding is pure, so it runs first; a frame that is not a
   * data push (or is malformed) is then parsed for the session protocol exactly as before.
   */
  #onBytes(bytes: Uint8Array, link: ProtocolLink, now: number): void {
    const { decoder, onDecoded } = this.#o.byteDecoder!;
    const r = decoder.decode(bytes, 0, bytes.length);
    let text = '';
    if (decoder.control || r === Outcome.MALFORMED) {
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
      let frame: unknown = text;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = text;
      }
      this.#o.protocol.onFrame(frame, link);
      if (this.#stopped) return;
    }
    if (r === Outcome.MALFORMED) {
      this.stats.malformed++;
      if (this.malformed.record(decoder.lastKind(), decoder.lastError(), this.#redact(text), now)) this.#setDown('malformed frames persist (degraded)');
      return;
    }
    if (decoder.rowErrorCount > 0) {
      // rows dropped as malformed count toward degradation like malformed frames; their good neighbours still flow
      if (text === '') text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
      for (const rowError of decoder.lastRowErrors()) {
        this.stats.malformed++;
        const colon = rowError.indexOf(':');
        if (this.malformed.record(colon > 0 ? rowError.slice(0, colon) : 'row', rowError, this.#redact(text), now)) this.#setDown('malformed frames persist (degraded)');
      }
    } else if (this.malformed.recovered(now) && this.#authenticated) this.#setUp('malformed frames stopped');
    const slots = decoder.slots;
    if (slots.count === 0) return;
    if (this.#authenticated && !this.#up) {
      for (let k = 0; k < slots.count; k++) {
        if (slots.i32[((k * EVENT_SLOT_BYTES) >> 2) + TAG_WORD] !== SlotType.HEARTBEAT) {
          this.#setUp('private data received');
          break;
        }
      }
    }
    let fills = 0;
    let positions = 0;
    for (let k = 0; k < slots.count; k++) {
      const tag = slots.i32[((k * EVENT_SLOT_BYTES) >> 2) + TAG_WORD];
      if (tag === SlotType.FILL) fills++;
      else if (tag === SlotType.SNAPSHOT) positions++;
    }
    this.stats.events += slots.count;
    onDecoded(decoder);
    this.#positionWatch(fills, positions, now);
  }

  /**
   * One frame's fills and position updates: a position update answers every fill before it and
   * those in its own frame (Deribit sends an execution's trades and position together).
   */
  #positionWatch(fills: number, positions: number, now: number): void {
    if (positions > 0) this.#fillWaitingSince = -1;
    else if (fills > 0 && this.#fillWaitingSince < 0) this.#fillWaitingSince = now;
    this.#checkPositionSilence(now);
  }

  /**
   * Every venue pushes the account's position after each of its executions; a fill followed by
   * none for `positionSilentMs` means the position subscription died while the connection lives
   * (pings still answered): only a new connection subscribes afresh. Until the engine has a
   * fresh snapshot it treats the instrument as awaiting one, as after any reconnect.
   */
  #checkPositionSilence(now: number): void {
    const limit = this.#o.config.positionSilentMs ?? 0;
    if (limit <= 0 || this.#fillWaitingSince < 0 || now - this.#fillWaitingSince <= limit) return;
    this.stats.positionSilences++;
    this.#retry(`no position update for ${now - this.#fillWaitingSince} ms after a fill: the position subscription is silent`);
  }

  #schedulePing(gen: number, link: ProtocolLink): void {
    const period = Math.max(1, Math.min(this.#o.config.pingIntervalMs, this.#o.config.deadAfterMs));
    this.#pingTimer = this.#timers.after(period, () => this.#guard(gen, () => {
      const silent = this.#timers.nowMs() - this.#lastRx;
      if (silent > this.#o.config.deadAfterMs) {
        this.#retry(`no frame for ${silent} ms`);
        return;
      }
      this.#o.protocol.onPingTimer(link);
      this.#schedulePing(gen, link);
    }));
  }

  /**
   * Checks the position watch twice per `positionSilentMs` on a quiet connection too (the keep-alive
   * period may be far longer: Deribit's is at least 10 s). One timer per period, not per fill.
   */
  #scheduleWatch(gen: number): void {
    const limit = this.#o.config.positionSilentMs ?? 0;
    if (limit <= 0) return;
    this.#watchTimer = this.#timers.after(Math.max(1, Math.floor(limit / 2)), () => this.#guard(gen, () => {
      const since = this.#fillWaitingSince;
      if (since >= 0 && this.#timers.nowMs() - since > limit) {
        // Timers run before the socket's pending frames are read: a thread starved past the
        // deadline wakes here first, with the position update already waiting in the socket.
        // Decide one turn later, after those frames.
        this.#watchTimer = this.#timers.after(0, () => this.#guard(gen, () => {
          if (this.#fillWaitingSince === since) this.#checkPositionSilence(this.#timers.nowMs());
          if (gen === this.#gen) this.#scheduleWatch(gen);
        }));
        return;
      }
      this.#scheduleWatch(gen);
    }));
  }

  #setUp(reason: string): void {
    if (this.#up || this.#stopped || this.malformed.degraded) return;
    this.#up = true;
    this.#backoff.reset();
    this.#log.info(`${this.venue}: feed up (${reason})`);
    this.#o.onEvent(UP);
    this.#o.onStatus?.('up', reason);
  }

  #setDown(reason: string): void {
    if (!this.#up) return;
    this.#up = false;
    const r = this.#redact(reason);
    this.#log.warn(`${this.venue}: feed down (${r})`);
    this.#o.onEvent(DOWN);
    this.#o.onStatus?.('down', r);
  }

  /** Ends the current connection (if any) and marks the feed down. */
  #drop(reason: string, counted = true): void {
    this.#gen++;
    this.#pingTimer?.cancel();
    this.#pingTimer = undefined;
    this.#watchTimer?.cancel();
    this.#watchTimer = undefined;
    this.#o.protocol.onClose();
    const ws = this.#ws;
    this.#ws = undefined;
    this.#authenticated = false;
    this.#fillWaitingSince = -1;
    if (ws !== undefined) {
      if (counted) this.stats.disconnects++;
      ws.removeAllListeners('message');
      ws.on('error', () => {}); // late errors of a dropped socket are not ours to report
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      ws.terminate();
    }
    this.#setDown(reason);
  }

  #retry(reason: string): void {
    this.#drop(reason);
    if (this.#stopped) return;
    const delay = this.#backoff.next();
    this.#log.info(`${this.venue}: reconnecting in ${delay} ms (${this.#redact(reason)})`);
    this.#retryTimer?.cancel();
    this.#retryTimer = this.#timers.after(delay, () => void this.#connect());
  }
}
