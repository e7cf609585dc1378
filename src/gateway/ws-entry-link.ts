/**
 * One authenticated WebSocket to a venue's order API (OKX `op: "order"` on the private socket,
 * Deribit JSON-RPC `private/buy`), or to its private stream for a dead-man switch that lives on
 * a socket (Bybit's disconnection protection, Deribit's cancel-on-disconnect).
 *
 * The socket is opened on first use (`ready()`), logged in by the venue's `EntrySession`, and
 * kept open; requests are matched to replies by the id the venue echoes. A request with no reply
 * within `timeoutMs`, or pending when the socket closes, fails with `EntryLinkError` whose
 * `sent` says whether the request left: the caller reads a sent one as "unknown" (the venue may
 * have acted on it) and an unsent one as refused. A closed socket is reopened by the next
 * `ready()`; the owner learns of every close through `onClose` (a dead-man switch on the socket
 * must re-arm on the new one).
 *
 * Secrets: error texts are built from venue codes and the socket's close code only, and pass
 * `redact` with the credentials before they leave.
 */
import WebSocket from 'ws';
import { redact } from '../feeds/feed-logger.js';
import type { FeedTimers, TimerHandle } from '../feeds/feed-timers.js';

/** A venue's login and framing on the link. */
export interface EntrySession {
  /** Sends the login (and whatever else goes first) on a freshly opened socket. */
  open(link: EntryLinkControl): void;
  /** A frame before the session is ready: `ready`, a failure reason (the socket is closed), or undefined (keep waiting). */
  handshake(frame: unknown, link: EntryLinkControl): 'ready' | { readonly failed: string } | undefined;
  /** The request id a frame answers (as a string), or undefined for frames that answer none. */
  replyId(frame: unknown): string | undefined;
  /** Frames that answer no request once ready (heartbeats, pongs): may answer them. */
  other?(frame: unknown, link: EntryLinkControl): void;
  /** The client keep-alive the venue asks for, sent every `everyMs` while the session is ready. */
  readonly keepAlive?: { readonly text: () => string; readonly everyMs: number };
}

export interface EntryLinkControl {
  send(text: string): void;
  readonly timers: FeedTimers;
  /** A value never to show (a signature, a token). */
  sensitive(value: string): void;
}

export class EntryLinkError extends Error {
  readonly code = 'ERR_RISKGATE_GATEWAY_LINK';
  /** The request had been written to the socket: the venue may have acted on it. */
  readonly sent: boolean;

  constructor(message: string, sent: boolean) {
    super(message);
    this.sent = sent;
  }
}

interface Pending {
  readonly resolve: (frame: unknown) => void;
  readonly reject: (e: EntryLinkError) => void;
  readonly timer: TimerHandle;
}

export class WsEntryLink {
  readonly #url: string;
  readonly #session: EntrySession;
  readonly #timers: FeedTimers;
  readonly #timeoutMs: number;
  readonly #secrets: string[];
  readonly #pending = new Map<string, Pending>();
  #ws: WebSocket | undefined;
  #ready: Promise<void> | undefined;
  #isReady = false;
  #closed = false;
  /** Called after every close of an opened socket (not after `close()`). */
  onClose: ((reason: string) => void) | undefined;

  constructor(url: string, session: EntrySession, timers: FeedTimers, timeoutMs: number, secrets: readonly string[]) {
    this.#url = url;
    this.#session = session;
    this.#timers = timers;
    this.#timeoutMs = timeoutMs;
    this.#secrets = [...secrets];
  }

  /** True while a logged-in socket is open. */
  get isReady(): boolean {
    return this.#isReady;
  }

  /** Resolves once a logged-in socket is open (opening one when none is); rejects with `EntryLinkError` (sent false). */
  ready(): Promise<void> {
    if (this.#closed) return Promise.reject(new EntryLinkError('the link is closed', false));
    this.#ready ??= this.#connect();
    return this.#ready;
  }

  /** Writes `text` (a request carrying `id`) and resolves with the venue's reply frame. */
  async request(id: string, text: string): Promise<unknown> {
    await this.ready();
    const ws = this.#ws;
    if (ws === undefined || ws.readyState !== WebSocket.OPEN) throw new EntryLinkError('socket not open', false);
    return new Promise<unknown>((resolve, reject) => {
      const timer = this.#timers.after(this.#timeoutMs, () => {
        if (this.#pending.delete(id)) reject(new EntryLinkError(`no answer within ${this.#timeoutMs} ms`, true));
      });
      this.#pending.set(id, { resolve, reject, timer });
      try {
        ws.send(text);
      } catch (e) {
        this.#pending.delete(id);
        timer.cancel();
        reject(new EntryLinkError(this.#redact(`send failed: ${(e as Error).message}`), false));
      }
    });
  }

  /** Writes a frame that expects no reply (a ping). False when no socket is open. */
  send(text: string): boolean {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(text);
    return true;
  }

  /** Closes the socket for good: pending requests fail (sent), later calls are refused. */
  close(): void {
    this.#closed = true;
    const ws = this.#ws;
    this.#drop('link closed');
    ws?.close(1000);
  }

  #redact(text: string): string {
    return redact(text, this.#secrets);
  }

  #connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(this.#url, { handshakeTimeout: this.#timeoutMs });
      this.#ws = ws;
      let settled = false;
      const fail = (reason: string): void => {
        if (settled) return;
        settled = true;
        if (this.#ws === ws) this.#ready = undefined;
        reject(new EntryLinkError(this.#redact(reason), false));
      };
      const loginTimer = this.#timers.after(this.#timeoutMs, () => {
        fail(`login not answered within ${this.#timeoutMs} ms`);
        ws.terminate();
      });
      const control: EntryLinkControl = {
        send: (text) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(text);
        },
        timers: this.#timers,
        sensitive: (v) => {
          if (v.length >= 4) this.#secrets.push(v);
        },
      };
      ws.on('open', () => this.#session.open(control));
      ws.on('message', (data: Buffer) => {
        const frame = parse(data.toString('utf8'));
        if (!settled) {
          const step = this.#session.handshake(frame, control);
          if (step === 'ready') {
            settled = true;
            loginTimer.cancel();
            this.#isReady = true;
            this.#keepAlive(ws);
            resolve();
          } else if (step !== undefined) {
            loginTimer.cancel();
            fail(step.failed);
            ws.close(1000);
          }
          return;
        }
        const id = this.#session.replyId(frame);
        const p = id === undefined ? undefined : this.#pending.get(id);
        if (p !== undefined && id !== undefined) {
          this.#pending.delete(id);
          p.timer.cancel();
          p.resolve(frame);
        } else {
          this.#session.other?.(frame, control);
        }
      });
      ws.on('error', (e) => fail(`socket error: ${e.message}`));
      ws.on('close', (code) => {
        loginTimer.cancel();
        fail(`socket closed (${code}) before login`);
        if (this.#ws !== ws) return;
        const wasReady = this.#isReady;
        this.#drop(`socket closed (${code})`);
        if (wasReady && !this.#closed) this.onClose?.(`socket closed (${code})`);
      });
    });
  }

  /** Sends the session's keep-alive on `ws` every period while it is the open socket. */
  #keepAlive(ws: WebSocket): void {
    const k = this.#session.keepAlive;
    if (k === undefined) return;
    const tick = (): void => {
      if (this.#ws !== ws || ws.readyState !== WebSocket.OPEN) return;
      ws.send(k.text());
      this.#timers.after(k.everyMs, tick);
    };
    this.#timers.after(k.everyMs, tick);
  }

  /** Forgets the socket: every pending request fails as sent (its fate is unknown). */
  #drop(reason: string): void {
    this.#ws = undefined;
    this.#ready = undefined;
    this.#isReady = false;
    for (const [id, p] of this.#pending) {
      this.#pending.delete(id);
      p.timer.cancel();
      p.reject(new EntryLinkError(reason, true));
    }
  }
}

/** A frame as JSON, or its text when it is not JSON (OKX's `pong`). */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
