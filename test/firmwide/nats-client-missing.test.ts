/**
 * With the NATS clients missing from the install (a resolve hook refuses every `@nats-io/`
 * package), a firm-wide command says which package is missing and what to install, in one line,
 * exit 2; a single-host command runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../../../', import.meta.url);
const HOOK = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@nats-io/')) {
    const e = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}\`));
`;

function run(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(HOOK)}`, 'dist/src/cli/main.js', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

test('when the NATS client packages are not installed then a firm-wide command names the missing one and the install, exit 2', () => {
  for (const args of [['monitor', '--servers', 'nats://127.0.0.1:1'], ['firmwide', '--seconds', '1'], ['allocator', '--config', '/nonexistent/allocator.json']]) {
    const r = run(args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /need the NATS client packages.*\(@nats-io\/[a-z-]+ is missing\): npm install @nats-io\/transport-node@3\.4\.0 @nats-io\/jetstream@3\.4\.0 @nats-io\/kv@3\.4\.0/);
    // One line says it (a note about the simulator's server may come first, on a Node without a uWS build).
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.filter((l) => l.includes('NATS')).length, 1, `one line: ${r.stderr}`);
    assert.match(lines.at(-1)!, /need the NATS client packages/, r.stderr);
  }
});

test('when the NATS client packages are not installed then a single-host command still runs', () => {
  const r = run(['scenario', 'scenarios/01-order-update-before-position.json']);
  assert.equal(r.status, 0, r.stderr);
});
