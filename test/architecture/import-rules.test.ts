import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cycles, folderGraph, importsBetween, readImportGraph, type ImportGraph } from '../support/import-graph.js';

/**
 * The layering of src/, checked over the import graph of the TypeScript sources (type-only
 * imports count: they are dependencies of the design):
 * - `feeds/` and `risk/` never import each other: they meet only in the ring layout and the
 *   event slot definitions (codec/, ring/);
 * - nothing outside `demo/` imports `demo/` (the demo is an application of the library, not a
 *   part of it);
 * - no file imports itself through others; no folder does either.
 *
 * The exceptions still standing are listed below with what would remove them. The list may only
 * shrink: an exception that no longer occurs fails the test until it is deleted here, so the
 * list always says exactly what is left.
 */

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Imports of demo/ from outside it, still standing. */
const KNOWN_DEMO_IMPORTS: readonly string[] = [
  // The `riskgate demo` command runs the demo: a composition root that could load it by path.
  'cli/demo-command.ts -> demo/index.ts',
  // The firm-wide simulation reuses the demo's market, strategy and guards for its hosts.
  'firmwide/host-main.ts -> demo/demo-market.ts',
  'firmwide/host-main.ts -> demo/entry-client.ts',
  'firmwide/host-main.ts -> demo/order-guard.ts',
  'firmwide/host-main.ts -> demo/riskgate-guard.ts',
  'firmwide/host-main.ts -> demo/run-demo.ts',
  'firmwide/host-main.ts -> demo/taker-signal.ts',
  'firmwide/host-main.ts -> demo/taker-strategy.ts',
  'firmwide/run-firmwide.ts -> demo/breach-stats.ts',
  'firmwide/run-firmwide.ts -> demo/demo-market.ts',
  'firmwide/run-firmwide.ts -> demo/demo-profile.ts',
];

/** Folder cycles still standing, each as its sorted folders joined by ` <-> `. */
const KNOWN_FOLDER_CYCLES: readonly string[] = [];

function demoImports(g: ImportGraph): string[] {
  const out: string[] = [];
  for (const [f, targets] of g.edges) {
    if (f.startsWith('demo/')) continue;
    for (const t of targets) if (t.startsWith('demo/')) out.push(`${f} -> ${t}`);
  }
  return out.sort();
}

/** Fails on a new violation (not in `known`) and on a listed one that is gone. */
function assertOnly(found: readonly string[], known: readonly string[], what: string): void {
  const fresh = found.filter((x) => !known.includes(x));
  const gone = known.filter((x) => !found.includes(x));
  assert.deepEqual(fresh, [], `new ${what}: ${fresh.join('; ')}`);
  assert.deepEqual(gone, [], `${what} listed as still standing but gone (delete them from the list): ${gone.join('; ')}`);
}

const graph = readImportGraph(SRC);

test('when src/ is read then its import graph is not empty (the rules below look at real files)', () => {
  assert.ok(graph.edges.size > 100, `only ${graph.edges.size} files read from ${SRC}`);
  assert.ok(graph.edges.get('engine/risk-loop.ts')?.includes('risk/risk-engine.ts'), 'engine/risk-loop.ts -> risk/risk-engine.ts not seen: the import reader is broken');
  assert.ok(graph.edges.get('gate/riskgate.ts')?.includes('control/control-server-thread.ts'), 'a multi-name import not seen: the import reader is broken');
});

test('when feeds/ and risk/ are compared then neither imports the other', () => {
  assert.deepEqual(importsBetween(graph, 'feeds', 'risk'), []);
  assert.deepEqual(importsBetween(graph, 'risk', 'feeds'), []);
});

test('when every import of demo/ is listed then only the known ones come from outside demo/', () => {
  assertOnly(demoImports(graph), KNOWN_DEMO_IMPORTS, 'imports of demo/');
});

test('when the files of src/ are walked then no file imports itself through others', () => {
  assert.deepEqual(cycles(graph.edges), []);
});

test('when the folders of src/ are walked then only the known folder cycles remain', () => {
  const found = cycles(folderGraph(graph)).map((c) => c.join(' <-> '));
  assertOnly(found, KNOWN_FOLDER_CYCLES, 'folder cycles');
});

test('when the rules meet a graph that breaks them then each one reports it', () => {
  const bad: ImportGraph = {
    edges: new Map([
      ['feeds/a.ts', ['risk/b.ts']],
      ['risk/b.ts', ['codec/c.ts']],
      ['codec/c.ts', ['feeds/a.ts']],
      ['cli/d.ts', ['demo/e.ts']],
      ['demo/e.ts', []],
    ]),
  };
  assert.deepEqual(importsBetween(bad, 'feeds', 'risk'), ['feeds/a.ts -> risk/b.ts']);
  assert.deepEqual(demoImports(bad), ['cli/d.ts -> demo/e.ts']);
  assert.deepEqual(cycles(bad.edges), [['codec/c.ts', 'feeds/a.ts', 'risk/b.ts']]);
  assert.deepEqual(cycles(folderGraph(bad)), [['codec', 'feeds', 'risk']]);
  assert.throws(() => assertOnly(['x'], [], 'rules'), /new rules: x/);
  assert.throws(() => assertOnly([], ['y'], 'rules'), /listed as still standing but gone/);
});
