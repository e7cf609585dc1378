import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// host-check and run-pinned run as the operator runs them: as child processes over a fake
// /proc + /sys tree written to a temp dir (--root), with --addon pointing at a bogus path so
// the verdicts do not depend on whether this machine built the addon.

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const HOST_CHECK = join(REPO, 'scripts/host-check.mjs');
const RUN_PINNED = join(REPO, 'scripts/run-pinned.mjs');
const NO_ADDON = '/nonexistent/riskgate_native.node';

type Verdict = 'OK' | 'WARN' | 'FAIL' | 'N/A';
interface Report {
  readonly root: string;
  readonly items: readonly { readonly id: string; readonly verdict: Verdict; readonly detail: string; readonly data: Record<string, unknown> }[];
  readonly suggestedMap: { readonly risk: number; readonly feeds: readonly number[]; readonly control: number; readonly clock: number };
  readonly configSection: { readonly cpuMap: Report['suggestedMap'] };
  readonly notes: readonly string[];
  readonly verdict: Verdict;
}

/** Writes `files` (path relative to the root -> content) into a fresh temp dir. */
function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'riskgate-host-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${content}\n`);
  }
  return root;
}

function cpuFiles(cpus: readonly number[], perCpu: (cpu: number) => Record<string, string>): Record<string, string> {
  return Object.fromEntries(cpus.flatMap((c) => Object.entries(perCpu(c)).map(([k, v]) => [`sys/devices/system/cpu/cpu${c}/${k}`, v])));
}

function hostCheck(root: string, ...extra: string[]): { status: number | null; report: Report; stderr: string } {
  const r = spawnSync(process.execPath, [HOST_CHECK, '--json', '--root', root, '--addon', NO_ADDON, ...extra], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const verdicts = (report: Report): Record<string, Verdict> => Object.fromEntries(report.items.map((i) => [i.id, i.verdict]));

/** A tuned 8-CPU host: 4 cores x 2 SMT threads (n and n+4), CPUs 2-7 isolated, IRQs on 0-1. */
const TUNED = {
  'proc/cmdline': 'BOOT_IMAGE=/vmlinuz ro isolcpus=nohz,domain,managed_irq,2-7 nohz_full=2-7 rcu_nocbs=2-7 -- rcu_nocbs=0',
  'sys/devices/system/cpu/online': '0-7',
  'sys/devices/system/cpu/isolated': '2-7',
  'sys/devices/system/cpu/nohz_full': '2-7',
  'sys/kernel/mm/transparent_hugepage/enabled': 'always madvise [never]',
  'proc/irq/0/smp_affinity_list': '0',
  'proc/irq/24/smp_affinity_list': '0-1',
  'proc/irq/25/smp_affinity_list': '1',
  ...cpuFiles([0, 1, 2, 3, 4, 5, 6, 7], (c) => ({
    'cpufreq/scaling_governor': 'performance',
    'topology/thread_siblings_list': `${c % 4},${(c % 4) + 4}`,
  })),
};

/** An untuned 2-CPU VM like the project's machines: no isolation, no cpufreq, THP always. */
const UNTUNED = {
  'proc/cmdline': 'console=ttyS0 quiet',
  'sys/devices/system/cpu/online': '0-1',
  'sys/devices/system/cpu/isolated': '',
  'sys/kernel/mm/transparent_hugepage/enabled': '[always] madvise never',
  'proc/irq/24/smp_affinity_list': '0-1',
  'proc/irq/25/smp_affinity_list': '0',
  ...cpuFiles([0, 1], (c) => ({ 'topology/thread_siblings_list': `${c}` })),
};

test('when the host is tuned then every item is OK but the bogus addon, and risk takes an isolated core with its sibling left idle', (t) => {
  const root = fakeRoot(TUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { status, report } = hostCheck(root);
  assert.equal(status, 0);
  assert.deepEqual(verdicts(report), {
    cpus: 'OK', isolated_cpus: 'OK', nohz_full: 'OK', rcu_nocbs: 'OK', cpu_governor: 'OK', transparent_hugepages: 'OK',
    irq_affinity: 'OK', smt_siblings: 'OK', native_addon: 'WARN', cpu_map: 'OK',
  });
  // 7's sibling is 3: both isolated. Feeds take the other isolated CPUs off that core; control a housekeeping CPU.
  assert.deepEqual(report.suggestedMap, { risk: 7, feeds: [2, 4, 5, 6], control: 0, clock: 0 });
  assert.deepEqual(report.configSection, { cpuMap: report.suggestedMap }, 'the same map as the config\'s cpuMap section');
  assert.deepEqual(report.notes, []);
  assert.equal(report.verdict, 'WARN');
});

test('when the host is an untuned 2-CPU VM then isolation, tick, RCU, THP and IRQs WARN, cpufreq is N/A, and the map is risk 1, feeds and control 0', (t) => {
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { status, report } = hostCheck(root);
  assert.equal(status, 0);
  assert.deepEqual(verdicts(report), {
    cpus: 'WARN', isolated_cpus: 'WARN', nohz_full: 'WARN', rcu_nocbs: 'WARN', cpu_governor: 'N/A', transparent_hugepages: 'WARN',
    irq_affinity: 'WARN', smt_siblings: 'OK', native_addon: 'WARN', cpu_map: 'OK',
  });
  assert.deepEqual(report.suggestedMap, { risk: 1, feeds: [0], control: 0, clock: 0 }, 'the clock ticker shares the control CPU');
  const irq = report.items.find((i) => i.id === 'irq_affinity');
  assert.deepEqual(irq?.data, { irqsOnRiskCpu: [24] });
  assert.equal(report.verdict, 'WARN');
});

test('when the host has one CPU and no /proc/irq, cpufreq, THP or topology then cpus FAILs, the rest is N/A or WARN, exit 1', (t) => {
  const root = fakeRoot({ 'proc/cmdline': 'quiet', 'sys/devices/system/cpu/online': '0', 'sys/devices/system/cpu/cpu0/uevent': '' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { status, report } = hostCheck(root);
  assert.equal(status, 1);
  assert.deepEqual(verdicts(report), {
    cpus: 'FAIL', isolated_cpus: 'WARN', nohz_full: 'WARN', rcu_nocbs: 'WARN', cpu_governor: 'N/A', transparent_hugepages: 'N/A',
    irq_affinity: 'N/A', smt_siblings: 'N/A', native_addon: 'WARN', cpu_map: 'WARN',
  });
  assert.deepEqual(report.suggestedMap, { risk: 0, feeds: [0], control: 0, clock: 0 });
  assert.deepEqual(report.notes, [
    'no isolated CPUs: the risk CPU is shared with the scheduler',
    'only one CPU: feeds share the risk CPU',
    'only one CPU: control shares the risk CPU',
  ]);
  assert.equal(report.verdict, 'FAIL');
});

test('when governors are mixed, nohz_full misses the risk CPU and its SMT sibling runs feeds then those items WARN', (t) => {
  const root = fakeRoot({
    'proc/cmdline': 'nohz_full=2 rcu_nocbs',
    'sys/devices/system/cpu/online': '0-3',
    'sys/devices/system/cpu/isolated': '3',
    'sys/kernel/mm/transparent_hugepage/enabled': 'always [madvise] never',
    ...cpuFiles([0, 1, 2, 3], (c) => ({
      'cpufreq/scaling_governor': c === 1 ? 'powersave' : 'performance',
      'topology/thread_siblings_list': c < 2 ? '0-1' : '2-3',
    })),
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { report } = hostCheck(root, '--map', '{"risk":3,"feeds":[2],"control":0}');
  assert.deepEqual(verdicts(report), {
    cpus: 'OK', isolated_cpus: 'OK', nohz_full: 'WARN', rcu_nocbs: 'OK', cpu_governor: 'WARN', transparent_hugepages: 'OK',
    irq_affinity: 'N/A', smt_siblings: 'WARN', native_addon: 'WARN', cpu_map: 'WARN',
  });
  assert.match(report.items.find((i) => i.id === 'cpu_governor')?.detail ?? '', /CPU 1 not on the performance governor \(powersave\)/);
  assert.match(report.items.find((i) => i.id === 'cpu_map')?.detail ?? '', /feeds run on an SMT sibling of the risk CPU/);
  // The suggestion itself keeps feeds and control off the risk core {2,3}.
  assert.deepEqual(report.suggestedMap, { risk: 3, feeds: [0], control: 0, clock: 0 });
});

test('when --map names an offline CPU then cpu_map FAILs and the exit status is 1', (t) => {
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { status, report } = hostCheck(root, '--map', '{"risk":1,"feeds":[0],"control":5}');
  assert.equal(status, 1);
  const item = report.items.find((i) => i.id === 'cpu_map');
  assert.equal(item?.verdict, 'FAIL');
  assert.match(item?.detail ?? '', /CPU 5 not online \(online: 0-1\)/);
});

test('when run without --json then it prints one verdict line per item, the map and the overall verdict', (t) => {
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [HOST_CHECK, '--addon', NO_ADDON], { encoding: 'utf8', env: { ...process.env, RISKGATE_HOST_ROOT: root } });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], `riskgate host check (root ${root})`);
  const itemLines = lines.filter((l) => /^(OK|WARN|FAIL|N\/A)\s/.test(l));
  assert.equal(itemLines.length, 10);
  assert.ok(itemLines.some((l) => /^N\/A\s+cpu_governor\s/.test(l)));
  assert.ok(lines.includes('suggested CPU map (RISKGATE_CPU_MAP): {"risk":1,"feeds":[0],"control":0,"clock":0}'));
  assert.ok(lines.includes('as the config\'s cpuMap section: "cpuMap": {"risk":1,"feeds":[0],"control":0,"clock":0}'), 'the snippet to paste into the config');
  assert.equal(lines.at(-1), 'overall: WARN (0 FAIL, 7 WARN, 2 OK, 1 N/A)');
});

test('when --addon is this checkout\'s build then native_addon is OK if it was built, WARN not built if not', (t) => {
  const addon = join(REPO, 'native-bindings/build/Release/riskgate_native.node');
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [HOST_CHECK, '--json', '--root', root, '--addon', addon], { encoding: 'utf8' });
  const item = (JSON.parse(r.stdout) as Report).items.find((i) => i.id === 'native_addon');
  if (existsSync(addon)) assert.deepEqual([item?.verdict, item?.detail], ['OK', `built and loads (${addon})`]);
  else assert.deepEqual([item?.verdict, item?.detail], ['WARN', `not built (${addon}): threads run unpinned; run npm install with a C compiler`]);
});

test('when run-pinned gets no map then it passes host-check\'s suggestion in RISKGATE_CPU_MAP and runs the command off the risk CPU', (t) => {
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const probe = "const s=require('fs').readFileSync('/proc/self/status','utf8');console.log(JSON.stringify({map:process.env.RISKGATE_CPU_MAP,allowed:/Cpus_allowed_list:\\s*(\\S+)/.exec(s)[1]}))";
  const env = { ...process.env };
  delete env.RISKGATE_CPU_MAP;
  const r = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--', process.execPath, '-e', probe], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { map: string; allowed: string };
  assert.equal(out.map, '{"risk":1,"feeds":[0],"control":0,"clock":0}');
  assert.match(r.stderr, /^run-pinned: RISKGATE_CPU_MAP=\{"risk":1,"feeds":\[0\],"control":0,"clock":0\} \(from host-check suggestion\)$/m);
  if (/taskset -c 0: unpinned threads stay off risk CPU 1/.test(r.stderr)) assert.equal(out.allowed, '0');
  else assert.match(r.stderr, /taskset: not found/);
});

test('when run-pinned gets --map then it uses it; an invalid map is refused with exit 2; the command\'s exit status is passed on', (t) => {
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dry = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--map', '{"risk":0,"feeds":1,"control":1}', '--dry-run', '--', 'true'], { encoding: 'utf8' });
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stderr, /RISKGATE_CPU_MAP=\{"risk":0,"feeds":\[1\],"control":1,"clock":1\} \(from --map\)/);
  assert.match(dry.stderr, /run-pinned: exec (taskset -c 1 )?true$/m);

  const bad = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--map', '{"risk":9,"feeds":[0],"control":0}', '--', 'true'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /run-pinned: refusing: given map .*CPU 9 not online/);

  const exit3 = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--no-taskset', '--', 'sh', '-c', 'exit 3'], { encoding: 'utf8' });
  assert.equal(exit3.status, 3, exit3.stderr);
  assert.match(exit3.stderr, /taskset: skipped \(--no-taskset\)/);
});

test('when --map gives the clock a CPU then it is checked: on the risk CPU it WARNs, offline it FAILs', (t) => {
  const root = fakeRoot(UNTUNED);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const shared = hostCheck(root, '--map', '{"risk":1,"feeds":[0],"control":0,"clock":1}').report.items.find((i) => i.id === 'cpu_map');
  assert.deepEqual([shared?.verdict, shared?.detail], ['WARN', 'given map {"risk":1,"feeds":[0],"control":0,"clock":1}: clock shares the risk CPU']);
  const offline = hostCheck(root, '--map', '{"risk":1,"feeds":[0],"control":0,"clock":4}').report.items.find((i) => i.id === 'cpu_map');
  assert.equal(offline?.verdict, 'FAIL');
  assert.match(offline?.detail ?? '', /CPU 4 not online/);
  const bad = hostCheck(root, '--map', '{"risk":1,"feeds":[0],"control":0,"clock":"0","gpu":1}').report.items.find((i) => i.id === 'cpu_map');
  assert.match(bad?.detail ?? '', /unknown role gpu; .*clock must be a CPU id/);
});

test('when run-pinned gets --config then the map is the config\'s cpuMap section, replacing an inherited RISKGATE_CPU_MAP, and a config without one is refused', (t) => {
  const root = fakeRoot(UNTUNED);
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-config-'));
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const withMap = join(dir, 'with-map.json');
  writeFileSync(withMap, JSON.stringify({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }], cpuMap: { risk: 0, feeds: 1, control: 1 } }));
  const env = { ...process.env, RISKGATE_CPU_MAP: '{"risk":1,"feeds":[0],"control":0}' };
  const dry = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--config', withMap, '--dry-run', '--', 'true'], { encoding: 'utf8', env });
  assert.equal(dry.status, 0, dry.stderr);
  assert.ok(dry.stderr.includes(`run-pinned: RISKGATE_CPU_MAP={"risk":0,"feeds":[1],"control":1,"clock":1} (from --config ${withMap})\n`), dry.stderr);
  assert.match(dry.stderr, /^run-pinned: replaces RISKGATE_CPU_MAP=\{"risk":1,"feeds":\[0\],"control":0\} from the environment$/m, 'never silently');
  assert.match(dry.stderr, /run-pinned: exec (taskset -c 1 )?true$/m, 'unpinned threads kept off the config\'s risk CPU');

  const without = join(dir, 'without-map.json');
  writeFileSync(without, JSON.stringify({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] }));
  const refused = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--config', without, '--', 'true'], { encoding: 'utf8' });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /has no cpuMap section/);

  const both = spawnSync(process.execPath, [RUN_PINNED, '--root', root, '--config', withMap, '--map', '{"risk":1,"feeds":[0],"control":0}', '--', 'true'], { encoding: 'utf8' });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--map and --config both name a map: give one/);
});
