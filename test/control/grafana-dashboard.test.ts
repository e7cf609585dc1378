/**
 * The Grafana dashboard the package ships (grafana/riskgate-dashboard.json) queries only metrics
 * that `/metrics` exposes: every metric name in every panel's query is compared with the
 * samples of a real threaded engine's control server (a journal, two supervised feeds, one of
 * which restarts, a strategy's decision), so a renamed metric breaks this test, not a desk's
 * dashboard. The same engine shows the feed reconnects per feed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskGate } from '../../src/gate/index.js';
import { SCENARIO_FEED_SOURCE } from '../../src/engine/index.js';
import { DenyReason } from '../../src/risk/deny-reason.js';
import { snapshotSlots } from '../engine/support/slots.js';
import { http, TOKEN, waitFor } from './support/control-fixture.js';
import { parseMetrics, samplesOf } from './support/metrics-text.js';
import { testServerKind } from '../server/support/test-server.js';

const root = new URL('../../../', import.meta.url);
const DASHBOARD = 'grafana/riskgate-dashboard.json';
const SCRIPTED = new URL('../engine/fixtures/scripted-feed-source.js', import.meta.url).href;

interface Target { readonly expr?: string; readonly datasource?: { readonly uid?: string } }
interface Panel { readonly id: number; readonly type: string; readonly title: string; readonly datasource?: { readonly type?: string; readonly uid?: string }; readonly targets?: readonly Target[] }
interface Dashboard {
  readonly __inputs: readonly { readonly name: string; readonly pluginId: string }[];
  readonly schemaVersion: number;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly query?: { readonly query?: string } | string; readonly datasource?: { readonly uid?: string } }[] };
}

const dashboard = JSON.parse(readFileSync(new URL(DASHBOARD, root), 'utf8')) as Dashboard;

/** PromQL words that are not metric names: aggregation keywords and operators (functions are recognized by their parenthesis). */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression reads. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // grouping label lists
  const names: string[] = [];
  for (const m of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice(m.index + m[0].length);
    if (/^\s*\(/.test(after)) continue; // a function
    if (KEYWORDS.has(m[0].toLowerCase()) || /^\d/.test(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

/** Every query of the dashboard: each panel target's expression and each variable's query. */
function queries(): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of dashboard.panels) for (const t of p.targets ?? []) if (t.expr !== undefined) out.push({ where: `panel ${p.id} "${p.title}"`, expr: t.expr });
  for (const v of dashboard.templating.list) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    const m = q === undefined ? null : /^label_values\(\s*([^,)]+)/.exec(q);
    if (m !== null) out.push({ where: 'variable', expr: m[1]! });
  }
  return out;
}

test('when the metric names of a query are read then names count and functions, labels, ranges and keywords do not', () => {
  assert.deepEqual(metricNames('sum by (reason) (rate(riskgate_decisions_total{instance=~"$instance",reason!="APPROVED"}[$__rate_interval]))'), ['riskgate_decisions_total']);
  assert.deepEqual(metricNames('riskgate_position_max_lots{a="b"} + riskgate_open_buy_lots'), ['riskgate_position_max_lots', 'riskgate_open_buy_lots']);
  assert.deepEqual(metricNames('histogram_quantile(0.99, sum by (le) (rate(riskgat_typo_bucket[5m])))'), ['riskgat_typo_bucket']);
  assert.deepEqual(metricNames('1 - riskgate_journal_up == 1'), ['riskgate_journal_up']);
});

test('when the dashboard file is read then it is a Grafana 10 dashboard on a ${DS_PROMETHEUS} input, in the package\'s files', () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.some((f) => DASHBOARD === f || DASHBOARD.startsWith(`${f.replace(/\/$/, '')}/`)), `${DASHBOARD} is not in package.json "files"`);
  assert.ok(dashboard.schemaVersion >= 37, `schemaVersion ${dashboard.schemaVersion}: Grafana 10 writes 37 and up`);
  assert.deepEqual(dashboard.__inputs.map((i) => [i.name, i.pluginId]), [['DS_PROMETHEUS', 'prometheus']]);
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  for (const p of dashboard.panels.filter((q) => q.type !== 'row')) {
    assert.equal(p.datasource?.uid, '${DS_PROMETHEUS}', `panel ${p.id} "${p.title}" datasource`);
    assert.ok((p.targets ?? []).length > 0, `panel ${p.id} "${p.title}" has no query`);
    for (const t of p.targets ?? []) assert.equal(t.datasource?.uid, '${DS_PROMETHEUS}', `panel ${p.id} target datasource`);
  }
  for (const title of ['Decisions/s by code', 'Denial share', 'Decision latency quantiles', 'Positions vs limits', 'Feed up', 'Feed reconnects by feed', 'Journal errors and losses', 'Risk-loop age', 'Event-loop lag', 'Build']) {
    assert.ok(dashboard.panels.some((p) => p.title === title), `no panel "${title}"`);
  }
});

test('when a threaded engine with a journal, two feeds and a strategy serves /metrics then every metric the dashboard queries is there, and reconnects count per feed', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-grafana-'));
  const gate = new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 10, maxShort: 10 }] }, {
    control: { port: 0, token: TOKEN, streamIntervalMs: 10, server: testServerKind() },
    journal: { path: join(dir, 'j.rgj') },
    supervisor: { backoffMs: 10, readyTimeoutMs: 5000 },
  });
  await gate.start();
  try {
    const port = gate.controlServer!.port;
    gate.attachFeed({ name: 'steady', source: { module: SCENARIO_FEED_SOURCE, options: { slots: snapshotSlots(0), stayOpen: true } } });
    // Exits after its first snapshot: the supervisor restarts it once.
    gate.attachFeed({ name: 'flaky', source: { module: SCRIPTED, options: { phases: [snapshotSlots(0)], control: new SharedArrayBuffer(8), fault: 'exit-after-phase0' } } });
    await gate.waitForFeed('flaky', ['ready'], 10_000);
    await waitFor(() => gate.feeds.find((f) => f.name === 'flaky')?.restarts === 1, 'the flaky feed restarted', 10_000);
    const client = gate.client(gate.createStrategy('mm'));
    // The flaky feed's new incarnation has sent no snapshot: the order is denied, and timed all the same.
    assert.equal(client.decideOrder(1, 0, 1, 1, 100), DenyReason.FEED_STALE);
    const metrics = async () => parseMetrics((await http(port, 'GET', '/metrics')).body);
    await waitFor(async () => {
      const t = await metrics();
      return samplesOf(t, 'riskgate_feed_reconnects_total', { feed: 'flaky' })[0]?.value === 1
        && samplesOf(t, 'nodejs_heap_size_used_bytes', { thread: 'main' }).length === 1
        && samplesOf(t, 'riskgate_decision_latency_seconds_count')[0]!.value >= 1;
    }, 'the restart, the main thread\'s runtime and the decision in /metrics', 10_000);
    const t = await metrics();
    const reconnects = samplesOf(t, 'riskgate_feed_reconnects_total');
    assert.deepEqual(reconnects.map((s) => Object.keys(s.labels)), [['feed'], ['feed']], 'labelled by feed only: sum() is the total');
    assert.deepEqual(reconnects.map((s) => [s.labels['feed'], s.value]).sort(), [['flaky', 1], ['steady', 0]], 'one series per feed');
    const state = JSON.parse((await http(port, 'GET', '/state')).body) as { feedReconnects: number; feedReconnectsByFeed: Record<string, number>; clock: { kind: string; epochMs?: number } };
    assert.equal(state.feedReconnects, 1, 'the total, as before');
    assert.deepEqual(state.feedReconnectsByFeed, { steady: 0, flaky: 1 });
    assert.equal(state.clock.kind, 'system', 'the default clock is the system clock: the state says how to convert');
    assert.equal(state.clock.epochMs, gate.clockEpochMs);

    const exposed = new Set(t.samples.map((s) => s.name));
    const all = queries();
    const names = new Set(all.flatMap((q) => metricNames(q.expr)));
    assert.ok(names.size >= 25, `only ${names.size} metric names read from the dashboard`);
    const missing = all.flatMap((q) => metricNames(q.expr).filter((n) => !exposed.has(n)).map((n) => `${q.where}: ${n}`));
    assert.deepEqual(missing, [], 'metrics the dashboard queries that /metrics does not expose');
  } finally {
    await gate.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
