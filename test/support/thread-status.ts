/**
 * The kernel's view of a thread, for pinning tests: a thread reports its tid (the addon's
 * `threadId()`), the test reads /proc/self/task/<tid>/status while that thread still lives.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDON_DIR, DEFAULT_ADDON_PATH } from '../../src/native/native-addon.js';
import { nativeAvailable } from '../../src/native/index.js';

/**
 * `skip` of a test that needs the native addon: skipped when it is not built, unless CI demands
 * the real addon (RISKGATE_REQUIRE_NATIVE=1): then a missing build fails instead.
 */
export const skipWithoutNative: false | string = nativeAvailable() || process.env['RISKGATE_REQUIRE_NATIVE'] === '1' ? false : 'native addon not built';

/**
 * Whether threads must come out pinned here: the addon was built or a prebuild is there (the file on disk, looked at
 * directly rather than through the loader under test) or CI demands it. A placement test then
 * has one right outcome: pinned where the map says when this is true, unpinned because the
 * addon is not built when it is false. (`pinned === nativeAvailable()` would accept a loader
 * that fails to load a built addon.)
 */
export const expectPinned: boolean = existsSync(DEFAULT_ADDON_PATH)
  || existsSync(join(ADDON_DIR, 'prebuilds', `${process.platform}-${process.arch}`, 'node.napi.node'))
  || process.env['RISKGATE_REQUIRE_NATIVE'] === '1';

/** Asserts the one placement this environment allows (see `expectPinned`). */
export function assertPlacement(
  role: string,
  p: { readonly pinned: boolean; readonly cpus?: readonly number[] | undefined; readonly reason?: string | undefined } | undefined,
  cpus: readonly number[],
): void {
  assert.ok(p !== undefined, `${role}: no placement reported`);
  if (expectPinned) {
    assert.equal(p.pinned, true, `${role} placement (the addon is built, so it must pin): ${JSON.stringify(p)}`);
    assert.deepEqual(p.cpus, cpus, `${role} runs on its CPU of the map`);
  } else {
    assert.equal(p.pinned, false, `${role} placement (no addon, so it cannot pin): ${JSON.stringify(p)}`);
    assert.match(p.reason ?? '', /addon not built/, `${role}: the fallback says why it is unpinned`);
  }
}

/** A field of a /proc status file (`Cpus_allowed_list`), trimmed; fails the test when absent. */
export function statusField(path: string, field: string): string {
  const line = readFileSync(path, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  assert.ok(line !== undefined, `${field} in ${path}`);
  return line.slice(field.length + 1).trim();
}

/** Where this process's thread `tid` may run, as the kernel says (`Cpus_allowed_list`, e.g. "0-1"). */
export const taskCpusAllowed = (tid: number): string => statusField(`/proc/self/task/${tid}/status`, 'Cpus_allowed_list');

/** A kernel CPU list ("0-2,5") as ids ([0, 1, 2, 5]). */
export function expandCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [lo, hi] = part.split('-').map(Number);
    if (lo === undefined) return [];
    const out: number[] = [];
    for (let c = lo; c <= (hi ?? lo); c++) out.push(c);
    return out;
  });
}
