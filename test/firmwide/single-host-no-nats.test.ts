/**
 * The single-host product does not load the firm-wide pieces: importing the library, and running
 * a single-host command, never resolves a NATS module (they load only when a firm-wide command
 * runs: dynamic import). Checked with a module resolve hook in a fresh process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../../../', import.meta.url);
const HOOK = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.includes('@nats-io') || r.url.includes('/src/firmwide/')) process.stderr.write('LOADED ' + r.url + '\\\\n');
  return r;
}\`));
`;

function loaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(HOOK)}`, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
}

test('when the library is imported then no NATS client module and no firm-wide module is loaded', () => {
  assert.deepEqual(loaded(['-e', "await import('./dist/src/index.js')", '--input-type=module']), []);
});

test('when a single-host command runs then no NATS module is loaded; a firm-wide command loads them (the hook sees it)', () => {
  assert.deepEqual(loaded(['dist/src/cli/main.js', 'scenario', 'scenarios/01-order-update-before-position.json']), []);
  assert.deepEqual(loaded(['dist/src/cli/main.js', '--help']), [], 'the command list names the firm-wide commands without loading them');
  const usage = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(HOOK)}`, 'dist/src/cli/main.js', 'allocator', '--config', '/nonexistent.json'], { cwd: root, encoding: 'utf8' });
  assert.match(usage.stderr, /LOADED .*firmwide\/allocator\.js/, 'the hook does see a firm-wide load');
});
