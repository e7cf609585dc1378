/**
 * Node's http + ws server (src/server/node-http-app.ts) routes and answers as uWebSockets.js
 * does for what the control server and the simulator use: the most specific route wins whatever
 * the order, `:name` parameters, `del` for DELETE, an upgrade refused by a plain answer, user
 * data, the close handler run at once when the server ends a socket. (The control server's and
 * the simulator's own suites run on it too: scripts/run-tests.mjs.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { NodeHttpApp, type HttpResponse } from '../../src/server/index.js';

function get(port: number, method: string, path: string): Promise<{ status: number; body: string; reason: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, reason: res.statusMessage ?? '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

const answer = (text: string) => (res: HttpResponse) => {
  res.writeStatus('200 OK').writeHeader('X-Route', text).end(text);
};

test('when routes overlap then the most specific wins, whatever the order, and parameters and queries read as on uWS', async () => {
  const app = new NodeHttpApp();
  app.any('/*', answer('any'));
  app.get('/ws/:key', (res, req) => res.end(`param ${req.getParameter(0)} ${req.getQuery('a')} ${req.getQuery()}`));
  app.get('/exact', answer('get exact'));
  app.del('/exact', answer('del exact'));
  app.get('/status', (res) => res.writeStatus('418 I\'m a teapot').end('tea'));
  const port = await app.listen('127.0.0.1', 0);
  try {
    assert.equal((await get(port, 'GET', '/exact')).body, 'get exact');
    assert.equal((await get(port, 'DELETE', '/exact')).body, 'del exact');
    assert.equal((await get(port, 'POST', '/exact')).body, 'any');
    assert.equal((await get(port, 'GET', '/nothing/here')).body, 'any');
    assert.equal((await get(port, 'GET', '/ws/k%201?a=b&c=d')).body, 'param k 1 b a=b&c=d');
    const t = await get(port, 'GET', '/status');
    assert.deepEqual([t.status, t.reason, t.body], [418, 'I\'m a teapot', 'tea']);
  } finally {
    app.close();
  }
});

test('when an upgrade is answered instead then the client is refused with that status; else open, message, and end() runs close at once', async () => {
  const app = new NodeHttpApp();
  const events: string[] = [];
  app.ws<{ who: string }>('/s', {
    upgrade: (res, req, context) => {
      const who = req.getQuery('who') ?? '';
      if (who === '') {
        res.writeStatus('401 Unauthorized').end('who?');
        return;
      }
      res.upgrade({ who }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    open: (ws) => events.push(`open ${ws.getUserData().who}`),
    message: (ws, message) => {
      events.push(`message ${Buffer.from(message).toString('utf8')}`);
      assert.equal(ws.send(`echo ${ws.getUserData().who}`) === 2, false);
      ws.end(4008, 'bye');
      events.push('after end');
    },
    close: (_ws, code) => events.push(`close ${code}`),
  });
  const port = await app.listen('127.0.0.1', 0);
  try {
    const refused = new WebSocket(`ws://127.0.0.1:${port}/s`);
    const status = await new Promise<number>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    assert.equal(status, 401);
    const c = new WebSocket(`ws://127.0.0.1:${port}/s?who=ann`);
    const got: string[] = [];
    c.on('message', (d: Buffer) => got.push(d.toString('utf8')));
    await new Promise((resolve) => c.once('open', resolve));
    c.send('hi');
    const code = await new Promise<number>((resolve) => c.once('close', (n: number) => resolve(n)));
    assert.equal(code, 4008);
    assert.deepEqual(got, ['echo ann']);
    assert.deepEqual(events, ['open ann', 'message hi', 'close 4008', 'after end'], 'the close handler ran inside end(), as on uWS');
  } finally {
    app.close();
  }
});

test('when the port is taken then listen rejects with the reason', async () => {
  const a = new NodeHttpApp();
  const port = await a.listen('127.0.0.1', 0);
  const b = new NodeHttpApp();
  try {
    await assert.rejects(b.listen('127.0.0.1', port), /could not listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  } finally {
    a.close();
    b.close();
  }
});
