/**
 * uWebSockets.js loading (src/server/uws-build.ts): where a build loads it is a native `.node`
 * binary for this Node ABI (never the packages' JavaScript imitation); where none does, every
 * component that asked for `uws` refuses with one message naming this host's Node, ABI and
 * glibc, each build tried and why it failed, and what would work, never an internal error.
 * `RISKGATE_REQUIRE_UWS=1` (CI on Node 20) makes a host without a build a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listenControlServer } from '../../src/control/control-server.js';
import { validateControlConfig } from '../../src/control/control-config.js';
import { controlServerSettings } from '../../src/control/control-server-settings.js';
import { ControlErrorCode } from '../../src/control/control-error.js';
import { createHttpApp, hostGlibc, loadUws } from '../../src/server/index.js';
import { SimServer, uwsIsNative } from '../../src/sim/index.js';

const load = loadUws();

test('when RISKGATE_REQUIRE_UWS=1 then a native uWebSockets.js build loads on this host', { skip: process.env['RISKGATE_REQUIRE_UWS'] !== '1' ? 'RISKGATE_REQUIRE_UWS is not 1' : false }, () => {
  assert.ok(load.module !== undefined, `no build loaded: ${load.attempts.map((a) => `${a.build}: ${a.reason}`).join('; ')}`);
});

test('when a uWebSockets.js build loads then it is a native binary for this platform and Node ABI, and the servers run on it', { skip: load.module === undefined ? `no build runs on ${load.host}` : false }, () => {
  assert.ok(load.file!.endsWith(`uws_${process.platform}_${process.arch}_${process.versions.modules}.node`), load.file);
  assert.equal(typeof (load.module as unknown as { H3App?: unknown }).H3App, 'function', 'the native module (the JavaScript imitation has no H3App)');
  assert.equal(uwsIsNative(), true);
  const app = createHttpApp('uws', 'x', (m) => new Error(m));
  assert.equal(app.kind, 'uws');
  assert.match(app.implementation, new RegExp(load.build!.split(' ')[0]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  app.close();
});

test('when no uWebSockets.js build loads then the control server and the simulator refuse uws with a message naming the host and what works', { skip: load.module !== undefined ? `a build runs here (${load.build})` : false }, async () => {
  assert.equal(uwsIsNative(), false);
  const expectations = (message: string, hint: RegExp): void => {
    assert.match(message, new RegExp(`Node ${process.versions.node.replace(/\./g, '\\.')} \\(ABI ${process.versions.modules}\\)`));
    const glibc = hostGlibc();
    if (glibc !== undefined) assert.match(message, new RegExp(`glibc ${glibc.replace(/\./g, '\\.')}`));
    for (const a of load.attempts) assert.ok(message.includes(a.build) && message.includes(a.reason!), `${a.build}: ${a.reason}`);
    assert.match(message, /What works: /);
    assert.match(message, hint);
    assert.doesNotMatch(message, /TOOLCHAIN|\.md\b/, 'names no file the package does not ship');
  };
  const settings = controlServerSettings(validateControlConfig({ port: 0, server: 'uws' }));
  assert.throws(() => listenControlServer({ settings, source: undefined as never, killSink: undefined as never }), (e: Error & { code?: string }) => {
    assert.equal(e.code, ControlErrorCode.NATIVE);
    expectations(e.message, /control\.server to "node"/);
    return true;
  });
  await assert.rejects(SimServer.start({ server: 'uws', instruments: [{ symbol: 'X', lotSize: '1', tickSize: '1', startPrice: '100' }], accounts: [{ name: 'a', apiKey: 'k' }] }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'ERR_SIM_UWS_NATIVE');
    expectations(e.message, /server: "node"/);
    return true;
  });
});

test('when a build is tried then the attempt says which and, when it failed, why', () => {
  assert.ok(load.attempts.length >= 1);
  assert.equal(load.attempts[0]!.build, '@trufflesuite/uws-js-unofficial 20.30.0', 'the build the tests run on is tried first');
  for (const a of load.attempts) assert.ok(a.loaded === (a.reason === undefined), JSON.stringify(a));
  assert.equal(load.attempts.filter((a) => a.loaded).length, load.module === undefined ? 0 : 1);
  assert.ok(load.attempts.at(-1)!.loaded || load.module === undefined, 'stops at the first build that loads');
});
