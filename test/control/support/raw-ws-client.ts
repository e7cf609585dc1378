import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client on a bare TCP socket that can stop reading (`socket.pause()`): the kernel
 * buffers fill, then the server's. Parses the server's frames (unmasked) when it reads.
 */
export class RawWsClient {
  private buf = Buffer.alloc(0);
  private upgraded = false;
  readonly frames: { opcode: number; payload: Buffer }[] = [];
  closeCode: number | undefined;
  ended = false;

  private constructor(readonly socket: Socket) {}

  static open(port: number, path: string, timeoutMs = 5000): Promise<RawWsClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      const c = new RawWsClient(s);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error('no upgrade response'));
      }, timeoutMs);
      s.on('error', () => {});
      s.on('end', () => (c.ended = true));
      s.on('close', () => (c.ended = true));
      s.on('connect', () => {
        s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
      s.on('data', (d: Buffer) => {
        c.buf = Buffer.concat([c.buf, d]);
        if (!c.upgraded) {
          const end = c.buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = c.buf.subarray(0, end).toString('latin1');
          c.buf = c.buf.subarray(end + 4);
          clearTimeout(timer);
          if (!head.startsWith('HTTP/1.1 101')) {
            s.destroy();
            reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
            return;
          }
          c.upgraded = true;
          resolve(c);
        }
        c.parse();
      });
    });
  }

  private parse(): void {
    for (;;) {
      if (this.buf.length < 2) return;
      const opcode = this.buf[0]! & 0x0f;
      let len = this.buf[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      if (this.buf.length < off + len) return;
      const payload = this.buf.subarray(off, off + len);
      this.buf = this.buf.subarray(off + len);
      if (opcode === 8) this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      else this.frames.push({ opcode, payload: Buffer.from(payload) });
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}
