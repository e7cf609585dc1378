/**
 * The kernel's view of a thread, for pinning tests: a thread reports its tid (the addon's
 * `threadId()`), the test reads /proc/self/task/<tid>/status while that thread still lives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nativeAvailable } from '../../src/native/index.js';

/**
 * `skip` of a test that needs the native addon: skipped when it is not built, unless CI demands
 * the real addon (RISKGATE_REQUIRE_NATIVE=1): then a missing build fails instead.
 */
export const skipWithoutNative: false | string = nativeAvailable() || process.env['RISKGATE_REQUIRE_NATIVE'] === '1' ? false : 'native addon not built';

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
