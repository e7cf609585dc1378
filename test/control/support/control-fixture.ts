import { request } from 'node:http';
import { connect } from 'node:net';
import { validateConfig } from '../../../src/config/validate-config.js';
import { validateControlConfig } from '../../../src/control/control-config.js';
import { listenControlServer, type ControlServer } from '../../../src/control/control-server.js';
import { controlServerSettings } from '../../../src/control/control-server-settings.js';
import { DecisionLog } from '../../../src/control/decision-log.js';
import { EngineKillSink } from '../../../src/control/engine-kill-sink.js';
import { EngineStateSource } from '../../../src/control/engine-state-source.js';
import { RecordingGate } from '../../../src/control/recording-gate.js';
import { EngineGate } from '../../../src/scenario/engine-gate.js';
import { testServerKind } from '../../server/support/test-server.js';

export const TOKEN = 'test-token-0123456789-abcdef';

export const INSTRUMENTS = [
  { symbol: 'BTCUSDT', maxLong: 5, maxShort: 5 },
  { symbol: 'ETHUSDT', maxLong: 10, maxShort: 8 },
];

/** An engine behind a scenario gate that records its decisions, and the seam objects over it. */
export class EngineRig {
  readonly engineGate = new EngineGate(validateConfig({ instruments: INSTRUMENTS, control: {} }, ['control']));
  readonly log = new DecisionLog();
  readonly gate = new RecordingGate(this.engineGate, this.log);
  readonly source = new EngineStateSource(this.engineGate.engine, this.log);
  readonly killSink = new EngineKillSink(this.engineGate.engine, this.log);

  get engine() {
    return this.engineGate.engine;
  }

  /** A snapshot for each instrument at time `at`. */
  snapshots(at: number, btc = 0, eth = 0): void {
    this.gate.setTime(at);
    this.gate.apply({ type: 'snapshot', symbol: 'BTCUSDT', position: btc });
    this.gate.apply({ type: 'snapshot', symbol: 'ETHUSDT', position: eth });
  }

  order(at: number, orderId: string, side: 'buy' | 'sell', qty: number, symbol = 'BTCUSDT') {
    this.gate.setTime(at);
    return this.gate.request({ type: 'order', orderId, symbol, side, qty, price: 100, tif: 'GTC' });
  }
}

/** An in-process control server over an `EngineRig` (the server thread's body, without the thread). */
export async function startRigServer(control: Record<string, unknown> = {}, rig = new EngineRig()): Promise<{ rig: EngineRig; server: ControlServer; base: string }> {
  const config = validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind(), ...control });
  const server = await listenControlServer({ settings: controlServerSettings(config), source: rig.source, killSink: rig.killSink });
  return { rig, server, base: `http://127.0.0.1:${server.port}` };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request with node:http (fetch cannot set Host); bounded by `timeoutMs`. */
export function http(port: number, method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: opts.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(opts.timeoutMs ?? 5000, () => req.destroy(new Error(`${method} ${path}: no response within ${opts.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Sends a raw request head, then up to `bodyBytes` of body as fast as the server takes it, and
 * returns what the server answered and how much of the body it accepted before answering.
 * `chunked`: the body is framed as `Transfer-Encoding: chunked` chunks.
 */
export function rawRequest(port: number, head: string, bodyBytes: number, chunked = false, timeoutMs = 5000): Promise<{ response: string; sentBeforeResponse: number }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let response = '';
    let sent = 0;
    let sentAtResponse = -1;
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no response within ${timeoutMs} ms (response so far: ${JSON.stringify(response.slice(0, 80))})`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve({ response, sentBeforeResponse: sentAtResponse < 0 ? sent : sentAtResponse });
    };
    const pump = (): void => {
      while (sent < bodyBytes && sentAtResponse < 0) {
        const n = Math.min(chunk.length, bodyBytes - sent);
        sent += n;
        const part = chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), chunk.subarray(0, n), Buffer.from('\r\n')]) : chunk.subarray(0, n);
        if (!s.write(part)) {
          s.once('drain', pump);
          return;
        }
      }
    };
    s.on('connect', () => {
      s.write(head);
      pump();
    });
    s.on('data', (d: Buffer) => {
      if (sentAtResponse < 0) sentAtResponse = sent;
      response += d.toString('latin1');
      if (response.includes('\r\n\r\n')) finish();
    });
    s.on('error', () => {
      // EPIPE / ECONNRESET: the server closed while we were still sending; the answer (if any) counts.
      if (response !== '') finish();
    });
    s.on('close', () => {
      if (response !== '') finish();
      else {
        clearTimeout(timer);
        reject(new Error('the connection closed without a response'));
      }
    });
  });
}

/** Polls `cond` every 10 ms until true, failing after `timeoutMs` with `what`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
