import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ADDON_PATH, loadNativeAddon } from '../../src/native/native-addon.js';
import { NativeErrorCode } from '../../src/native/native-error-code.js';
import { type PinResult, createThreadAffinity } from '../../src/native/thread-affinity.js';
import { hostCpuCount } from '../../src/native/cpu-map.js';
import type { PinWorkerInput } from './fixtures/pin-worker.js';
import { expandCpuList, skipWithoutNative as skipNative, statusField } from '../support/thread-status.js';

// Thread topology: the test's main thread plus one short-lived worker per case, which pins
// itself; the main thread reads the worker's kernel view from /proc and is never pinned.

const WORKER = new URL('./fixtures/pin-worker.js', import.meta.url);
const BOGUS = '/nonexistent/riskgate_native.node';

interface WorkerReport {
  readonly pin: PinResult;
  readonly before: readonly number[] | undefined;
  readonly after: readonly number[] | undefined;
  readonly cpu: number | undefined;
  readonly tid: number | undefined;
  readonly available: boolean;
}

/** Starts the pin worker, waits for its report, hands it to `inspect` while it lives, then ends it. */
async function withPinWorker(input: PinWorkerInput, inspect: (r: WorkerReport) => void): Promise<WorkerReport> {
  const worker = new Worker(WORKER, { workerData: input });
  try {
    const report = await new Promise<WorkerReport>((resolve, reject) => {
      worker.once('message', (m: WorkerReport) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`pin worker exited (${code}) before reporting`)));
    });
    inspect(report);
    return report;
  } finally {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('exit');
    await exited;
  }
}

const mainAllowed = (): string => statusField('/proc/thread-self/status', 'Cpus_allowed_list');

for (let cpu = 0; cpu < Math.min(hostCpuCount(), 2); cpu++) {
  test(`when a worker pins itself to CPU ${cpu} then the kernel shows only CPU ${cpu} for that thread and currentCpu() is ${cpu}`, { skip: skipNative }, async () => {
    const mainBefore = mainAllowed();
    const report = await withPinWorker({ cpus: [cpu] }, (r) => {
      assert.ok(r.tid !== undefined && r.tid > 0 && r.tid !== process.pid, `worker tid ${String(r.tid)} is its own thread`);
      assert.equal(statusField(`/proc/self/task/${r.tid}/status`, 'Cpus_allowed_list'), String(cpu));
    });
    assert.equal(report.available, true);
    assert.deepEqual(report.pin, { pinned: true, cpus: [cpu], tid: report.tid });
    assert.deepEqual(report.after, [cpu]);
    assert.equal(report.cpu, cpu);
    assert.equal(mainAllowed(), mainBefore, 'pinning a worker leaves the main thread alone');
  });
}

test('when the addon loads then the main thread tid is the pid and the affinity matches /proc', { skip: skipNative }, () => {
  const a = createThreadAffinity();
  assert.equal(a.nativeAvailable(), true);
  assert.equal(a.unavailableReason(), undefined);
  assert.equal(a.threadId(), process.pid);
  const cpus = a.currentAffinity();
  assert.ok(cpus !== undefined);
  assert.equal(cpus.join(','), expandCpuList(mainAllowed()).join(','));
  const cpu = a.currentCpu();
  assert.ok(cpu !== undefined && cpus.includes(cpu));
});

test('when the CPU list is empty, fractional, negative or past CPU_SETSIZE then INVALID_CPUS, nothing pinned', { skip: skipNative }, () => {
  const a = createThreadAffinity();
  const before = mainAllowed();
  for (const cpus of [[], [1.5], [-1], [1 << 20], [Number.NaN]]) {
    const r = a.pinCurrentThread(cpus);
    assert.equal(r.pinned, false, JSON.stringify(cpus));
    if (!r.pinned) assert.equal(r.code, NativeErrorCode.INVALID_CPUS);
  }
  assert.equal(mainAllowed(), before);
});

test('when every CPU in the list is offline then CPU_NOT_ALLOWED with EINVAL, affinity unchanged', { skip: skipNative }, () => {
  const a = createThreadAffinity();
  const before = mainAllowed();
  const r = a.pinCurrentThread([hostCpuCount() + 7]);
  assert.equal(r.pinned, false);
  if (!r.pinned) {
    assert.equal(r.code, NativeErrorCode.CPU_NOT_ALLOWED);
    assert.equal(r.errno, 22);
    assert.match(r.reason, /Invalid argument/);
  }
  assert.equal(mainAllowed(), before);
});

test('when the addon path is bogus then the fallback reports unpinned with ERR_RISKGATE_NATIVE_UNAVAILABLE and never throws', () => {
  const a = createThreadAffinity(() => loadNativeAddon(BOGUS));
  assert.equal(a.nativeAvailable(), false);
  assert.equal(a.unavailableReason(), 'addon not built');
  assert.deepEqual(a.pinCurrentThread([0]), {
    pinned: false, code: NativeErrorCode.UNAVAILABLE, reason: 'addon not built', errno: 0,
  });
  assert.equal(a.currentCpu(), undefined);
  assert.equal(a.threadId(), undefined);
  assert.equal(a.currentAffinity(), undefined);
  assert.deepEqual(a.lockMemory(), { locked: false, code: NativeErrorCode.UNAVAILABLE, reason: 'addon not built', errno: 0 });
  assert.deepEqual(a.unlockMemory(), { unlocked: false, code: NativeErrorCode.UNAVAILABLE, reason: 'addon not built', errno: 0 });
});

test('when a worker loads a bogus addon path then it runs unpinned and the kernel affinity is untouched', async () => {
  const main = mainAllowed();
  const tids = new Set(readdirSync('/proc/self/task'));
  const report = await withPinWorker({ cpus: [0], addonPath: BOGUS }, () => {
    const fresh = readdirSync('/proc/self/task').filter((t) => !tids.has(t));
    assert.ok(fresh.length > 0, 'the worker has its own task');
    for (const t of fresh) assert.equal(statusField(`/proc/self/task/${t}/status`, 'Cpus_allowed_list'), main);
  });
  assert.equal(report.available, false);
  assert.deepEqual(report.pin, { pinned: false, code: NativeErrorCode.UNAVAILABLE, reason: 'addon not built', errno: 0 });
  assert.equal(report.cpu, undefined);
  assert.equal(report.tid, undefined);
});

test('when the file exists but is not a shared object then the load fails with a reason, not an exception', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-native-'));
  try {
    const path = join(dir, 'riskgate_native.node');
    writeFileSync(path, 'not an ELF file');
    const load = loadNativeAddon(path);
    assert.equal(load.loaded, false);
    if (!load.loaded) assert.match(load.reason, /^addon failed to load: .*(ELF|too short)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when lockMemory runs in a child process then mlockall succeeds (root) and VmLck grows', { skip: skipNative }, () => {
  const affinityModule = new URL('../../src/native/thread-affinity.js', import.meta.url).href;
  const script = `
    import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
    import { lockMemory, createThreadAffinity } from ${JSON.stringify(affinityModule)};
    const vmLck = () => Number(/VmLck:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    const before = vmLck();
    const lock = lockMemory({ onFault: true });
    const during = vmLck();
    const unlock = createThreadAffinity().unlockMemory();
    console.log(JSON.stringify({ before, lock, during, unlock, after: vmLck() }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { before: number; lock: unknown; during: number; unlock: unknown; after: number };
  if (process.getuid?.() !== 0) return; // without CAP_IPC_LOCK the result depends on RLIMIT_MEMLOCK
  assert.deepEqual(out.lock, { locked: true });
  assert.deepEqual(out.unlock, { unlocked: true });
  assert.equal(out.before, 0);
  assert.ok(out.during > 0, `VmLck ${out.during} kB while locked`);
  assert.equal(out.after, 0);
});

test('when the default addon path is resolved then it points into native-bindings/build/Release', () => {
  assert.match(DEFAULT_ADDON_PATH, /native-bindings\/build\/Release\/riskgate_native\.node$/);
  assert.ok(!DEFAULT_ADDON_PATH.includes('/dist/'), DEFAULT_ADDON_PATH);
});

test('when a CPU map is set and the addon cannot load then a RiskGateWarning says so, once per process', async () => {
  const { warnIfPinningUnavailable } = await import('../../src/engine/riskgate-options.js');
  const seen: Error[] = [];
  const onWarning = (w: Error): void => { seen.push(w); };
  process.on('warning', onWarning);
  try {
    assert.equal(warnIfPinningUnavailable('options.cpuMap', () => ({ loaded: true, addon: {} as never, path: '/x.node' })), undefined, 'a loaded addon: no warning');
    const failing = () => loadNativeAddon('/nonexistent/riskgate_native.node');
    const text = warnIfPinningUnavailable('options.cpuMap', failing);
    assert.match(text ?? '', /CPU map is set \(options\.cpuMap\) but threads cannot be pinned: addon not built \(\/nonexistent\/riskgate_native\.node\); every thread runs unpinned/);
    assert.equal(warnIfPinningUnavailable('options.cpuMap', failing), undefined, 'said once per process');
    await new Promise((r) => setImmediate(r));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.name, 'RiskGateWarning');
    assert.equal((seen[0] as Error & { code?: string }).code, 'RISKGATE_PINNING_UNAVAILABLE');
  } finally {
    process.off('warning', onWarning);
  }
});
