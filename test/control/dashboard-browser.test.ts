import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { validateControlConfig } from '../../src/control/control-config.js';
import { startControlServerThread } from '../../src/control/control-server-thread.js';
import type { FirmExposure, StateSource } from '../../src/control/state-source.js';
import { RecordingGate } from '../../src/control/recording-gate.js';
import { KillMode } from '../../src/risk/codes.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { EngineRig, INSTRUMENTS, TOKEN, waitFor } from './support/control-fixture.js';
import { testServerKind } from '../server/support/test-server.js';

/** Debian's chromium (installed by .ci/run); playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const required = process.env['RISKGATE_REQUIRE_BROWSER'] === '1';
const absent = !existsSync(CHROMIUM);
const skip = absent && !required ? `${CHROMIUM} is absent (apt-get install -y chromium); set RISKGATE_REQUIRE_BROWSER=1 to make this a failure` : false;
/** Where the test leaves its screenshot of the dashboard. */
export const SCREENSHOT = join(tmpdir(), 'riskgate-dashboard.png');

/** The little of the DOM the predicates use (the test compiles without DOM types). */
interface PageDocument {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
}

/**
 * Waits (bounded by the page's default timeout) until the element's text is `text`. A function,
 * not a string: the page's CSP forbids eval, and a CSP error here would be a real finding.
 */
async function textIs(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, t]) => (globalThis as unknown as { document: PageDocument }).document.querySelector(sel!)?.textContent === t,
    [selector, text],
  );
}

/** A position change and a denial, on the rig's instruments. */
const SCENARIO = {
  description: 'A buy fills (order update first), the snapshot confirms it; a second buy would pass the limit; a short on ETH.',
  config: { instruments: INSTRUMENTS },
  steps: [
    { at: 100, type: 'snapshot', symbol: 'BTCUSDT', position: 0 },
    { at: 100, type: 'snapshot', symbol: 'ETHUSDT', position: 0 },
    { at: 110, type: 'order', orderId: 'b1', symbol: 'BTCUSDT', side: 'buy', qty: 3, price: 100, tif: 'IOC', expect: 'approve' },
    { at: 112, type: 'orderUpdate', symbol: 'BTCUSDT', orderId: 'b1', status: 'filled', cumQty: 3, leavesQty: 0 },
    { at: 113, type: 'fill', symbol: 'BTCUSDT', orderId: 'b1', execId: 'e1', side: 'buy', qty: 3, price: 100 },
    { at: 120, type: 'snapshot', symbol: 'BTCUSDT', position: 3 },
    { at: 121, type: 'order', orderId: 'b2', symbol: 'BTCUSDT', side: 'buy', qty: 3, price: 100, tif: 'IOC', expect: 'POSITION_LIMIT' },
    { at: 122, type: 'order', orderId: 's1', symbol: 'ETHUSDT', side: 'sell', qty: 4, price: 100, tif: 'GTC', expect: 'approve' },
  ],
};

test('the dashboard shows a scenario\'s position change live, and its kill button (token typed in) halts the engine', { skip, timeout: 60_000 }, async () => {
  if (absent) assert.fail(`RISKGATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is absent: apt-get install -y chromium`);
  const rig = new EngineRig();
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 20, server: testServerKind() }), source: rig.source, killSink: rig.killSink });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The wrong-token attempt below is logged by Chromium as a failed load: expected.
      if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text());
    });
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await textIs(page, '#conn', 'live');
    const btcPos = page.locator('tr[data-symbol="BTCUSDT"] td.pos');
    await textIs(page, 'tr[data-symbol="BTCUSDT"] td.pos', 'no snapshot');

    const run = runScenario(parseScenario(SCENARIO), rig.gate);
    assert.deepEqual(run.failures, []);
    await textIs(page, 'tr[data-symbol="BTCUSDT"] td.pos', '3');
    assert.equal(await btcPos.textContent(), '3');
    assert.equal(await page.locator('tr[data-symbol="ETHUSDT"] td.open').textContent(), '+0 / -4');
    await textIs(page, 'tr[data-reason="POSITION_LIMIT"] td.num', '1');
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('#decisions tr').length === 3);
    assert.notEqual(await page.locator('#lat-p99').textContent(), '–');

    // A wrong token: refused, the engine untouched.
    await page.click('#kill-button');
    await page.fill('#kill-token', 'not-the-token-at-all');
    await page.click('#kill-confirm');
    await textIs(page, '#kill-result', 'refused: UNAUTHORIZED');
    assert.equal(rig.engine.globalKillMode, KillMode.RESUME);

    // The right token: the engine halts.
    await page.click('#kill-button');
    await page.fill('#kill-token', TOKEN);
    await page.click('#kill-confirm');
    await waitFor(() => rig.engine.globalKillMode === KillMode.HALT, 'the engine halted by the kill button', 10_000);
    rig.gate.setTime(200);
    assert.deepEqual(rig.gate.request({ type: 'order', orderId: 'after-kill', symbol: 'ETHUSDT', side: 'buy', qty: 1, price: 100, tif: 'GTC' }), { decision: 'deny', reason: 'KILL_SWITCH' });
    await textIs(page, '#global-kill', 'global: halt');
    await textIs(page, 'tr[data-symbol="BTCUSDT"] .state', 'HALTED');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(errors, [], 'no script or CSP error on the page');
  } finally {
    await browser?.close();
    assert.equal(await server.stop(), 0);
  }
});

test('when the state carries the firm\'s exposure then the dashboard shows it per instrument, over-limit marked; without it the section stays hidden', { skip, timeout: 60_000 }, async () => {
  if (absent) assert.fail(`RISKGATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is absent: apt-get install -y chromium`);
  const rig = new EngineRig();
  let firm: FirmExposure | undefined;
  const source: StateSource = {
    snapshot: () => ({ ...rig.source.snapshot(), ...(firm === undefined ? {} : { firm }) }),
    decisionsSince: (after, max) => rig.source.decisionsSince(after, max),
  };
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 20, server: testServerKind() }), source, killSink: rig.killSink });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await textIs(page, '#conn', 'live');
    assert.equal(await page.locator('#firm').isHidden(), true, 'no firm exposure known: no section');
    firm = {
      at: 1, hosts: [{ host: 'h1', ageMs: 120 }, { host: 'h2', ageMs: 80 }],
      instruments: [
        { symbol: 'BTCUSDT', posMin: 4, posMax: 6, openBuy: 7, openSell: 0, worstLong: 13, worstShort: 0, firmLong: 12, firmShort: 12, hosts: 2 },
        { symbol: 'ETHUSDT', posMin: -3, posMax: -3, openBuy: 0, openSell: 1, worstLong: 0, worstShort: 4, firmLong: null, firmShort: null, hosts: 1 },
      ],
    };
    await textIs(page, '#firm tr[data-symbol="BTCUSDT"] td.pos', '[4, 6]');
    assert.equal(await page.locator('#firm').isVisible(), true);
    assert.equal(await page.locator('#firm tr[data-symbol="BTCUSDT"] td.worst').textContent(), '+13 / -0');
    assert.match((await page.locator('#firm tr[data-symbol="BTCUSDT"] td.worst').getAttribute('class')) ?? '', /deny/, 'beyond the firm limit: marked');
    assert.equal(await page.locator('#firm tr[data-symbol="BTCUSDT"] td.limit').textContent(), '-12 / +12');
    assert.equal(await page.locator('#firm tr[data-symbol="ETHUSDT"] td.pos').textContent(), '-3');
    assert.doesNotMatch((await page.locator('#firm tr[data-symbol="ETHUSDT"] td.worst').getAttribute('class')) ?? '', /deny/);
    assert.equal(await page.locator('#firm tr[data-symbol="ETHUSDT"] td.limit').textContent(), '–');
    assert.equal(await page.locator('#firm-hosts').textContent(), 'h1 120 ms ago, h2 80 ms ago');
    assert.deepEqual(errors, [], 'no script or CSP error on the page');
  } finally {
    await browser?.close();
    assert.equal(await server.stop(), 0);
  }
});

/** The decision table's rows, newest first: [time cell, strategy cell, request, decision]. */
async function decisionRows(page: Page): Promise<string[][]> {
  return page.locator('#decisions tr').evaluateAll((rows) => rows.map((r) => Array.from((r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (c) => c.textContent ?? '')));
}

test('when the page opens after decisions were made then it shows them (backfilled), in engine ms, with the lane or strategy they came from, and then the live ones', { skip, timeout: 60_000 }, async () => {
  if (absent) assert.fail(`RISKGATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is absent: apt-get install -y chromium`);
  const rig = new EngineRig();
  // A strategy name on b2 only: the hook a source fills once orders carry their strategy.
  const source: StateSource = {
    snapshot: () => rig.source.snapshot(),
    decisionsSince: (after, max) => {
      const b = rig.source.decisionsSince(after, max);
      return { ...b, decisions: b.decisions.map((d) => (d.orderId === 'b2' ? { ...d, strategy: 'mm-btc' } : d)) };
    },
  };
  const gate = new RecordingGate(rig.engineGate, rig.log, 'gateway');
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 20, server: testServerKind() }), source, killSink: rig.killSink });
  let browser: Browser | undefined;
  try {
    const run = runScenario(parseScenario(SCENARIO), gate);
    assert.deepEqual(run.failures, []);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('#decisions tr').length === 3);
    await textIs(page, '#decisions-time', 'engine ms');
    assert.deepEqual(await decisionRows(page), [
      ['122', 'gateway', 'sell 4 ETHUSDT @ 100 (s1)', 'approve'],
      ['121', 'mm-btc', 'buy 3 BTCUSDT @ 100 (b2)', 'POSITION_LIMIT'],
      ['110', 'gateway', 'buy 3 BTCUSDT @ 100 (b1)', 'approve'],
    ]);
    await textIs(page, '#conn', 'live');
    gate.setTime(130);
    gate.request({ type: 'cancel', orderId: 's1' });
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('#decisions tr').length === 4);
    assert.deepEqual((await decisionRows(page))[0], ['130', 'gateway', 'cancel s1', 'approve'], 'the live one on top, each once');
    assert.deepEqual(errors, [], 'no script or CSP error on the page');
  } finally {
    await browser?.close();
    assert.equal(await server.stop(), 0);
  }
});

test('when the engine runs on the system clock then decisions show their wall-clock time, not engine ms', { skip, timeout: 60_000 }, async () => {
  if (absent) assert.fail(`RISKGATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is absent: apt-get install -y chromium`);
  const rig = new EngineRig();
  const epochMs = Date.UTC(2026, 0, 2, 3, 4, 5, 0);
  const source: StateSource = {
    snapshot: () => ({ ...rig.source.snapshot(), clock: { kind: 'system', epochMs } }),
    decisionsSince: (after, max) => rig.source.decisionsSince(after, max),
  };
  const server = await startControlServerThread({ config: validateControlConfig({ port: 0, token: TOKEN, streamIntervalMs: 20, server: testServerKind() }), source, killSink: rig.killSink });
  let browser: Browser | undefined;
  try {
    assert.deepEqual(runScenario(parseScenario(SCENARIO), rig.gate).failures, []);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 }, timezoneId: 'UTC' });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await textIs(page, '#decisions-time', 'time');
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('#decisions tr').length === 3);
    assert.deepEqual((await decisionRows(page)).map((r) => r.slice(0, 2)), [['03:04:05.122', '–'], ['03:04:05.121', '–'], ['03:04:05.110', '–']]);
    assert.equal(await page.locator('#decisions tr td.at').first().getAttribute('title'), '2026-01-02T03:04:05.122Z (engine 122 ms)');
    assert.match((await page.locator('#engine-time').textContent()) ?? '', /^03:04:05\.122 \(engine 122 ms\)$/);
    assert.deepEqual(errors, [], 'no script or CSP error on the page');
  } finally {
    await browser?.close();
    assert.equal(await server.stop(), 0);
  }
});
