#!/usr/bin/env node
/**
 * host-check: is this Linux host tuned for low tail latency, and which CPU should each of
 * riskgate's thread roles get?
 *
 *   node scripts/host-check.mjs [--json] [--root DIR] [--map JSON] [--addon PATH]
 *
 * Prints one line per item, `OK` / `WARN` / `FAIL` / `N/A`, then a suggested CPU map
 * ({"risk":N,"feeds":[..],"control":N,"clock":N}) for RISKGATE_CPU_MAP (see scripts/run-pinned.mjs)
 * and the same map as the riskgate config's `cpuMap` section, ready to paste.
 * `--json` prints all of it as one JSON object (the section as `configSection`). `--map` checks a given map instead of the
 * suggestion. `--root DIR` (or RISKGATE_HOST_ROOT) reads DIR/proc and DIR/sys instead of /proc
 * and /sys, so tests feed it a fake tree. `--addon PATH` checks that file instead of the
 * package's build. Exit status: 1 when any item FAILs, 2 on bad usage, else 0.
 *
 * Reads only; changes nothing. Importable: `checkHost`, `readHost`, `suggestCpuMap`.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_ADDON = fileURLToPath(new URL('../native-bindings/build/Release/riskgate_native.node', import.meta.url));
const VERDICT_RANK = { 'N/A': 0, OK: 1, WARN: 2, FAIL: 3 };

// ---------------------------------------------------------------- reading the tree

function readText(root, path) {
  try {
    return readFileSync(join(root, path), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function listDir(root, path) {
  try {
    return readdirSync(join(root, path));
  } catch {
    return [];
  }
}

/** Parses a kernel CPU list ("0-3,8,10-11"; "(null)" and "" are empty). Flag words are skipped. */
export function parseCpuList(text) {
  const out = new Set();
  for (const token of (text ?? '').split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(token);
    if (m === null) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let c = lo; c <= hi && c - lo < 65536; c++) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** Formats sorted CPU ids back into kernel list syntax. */
export function formatCpuList(cpus) {
  const parts = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(j === i ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.length === 0 ? '(none)' : parts.join(',');
}

/** Kernel command line parameters before any `--` (the rest belongs to init). */
function parseCmdline(text) {
  const params = new Map();
  for (const word of (text ?? '').split(/\s+/)) {
    if (word === '--') break;
    if (word === '') continue;
    const eq = word.indexOf('=');
    if (eq < 0) params.set(word, '');
    else params.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return params;
}

/** Everything the checks need, read once from `root` (default `/`). */
export function readHost(root = '/') {
  const cpuDir = 'sys/devices/system/cpu';
  const cpuDirs = listDir(root, cpuDir)
    .filter((n) => /^cpu\d+$/.test(n))
    .map((n) => Number(n.slice(3)))
    .sort((a, b) => a - b);
  const onlineText = readText(root, `${cpuDir}/online`);
  const online = onlineText !== undefined ? parseCpuList(onlineText) : cpuDirs;

  const cmdlineText = readText(root, 'proc/cmdline');
  const cmdline = parseCmdline(cmdlineText);
  const isolatedText = readText(root, `${cpuDir}/isolated`);
  const nohzText = readText(root, `${cpuDir}/nohz_full`);

  const governors = new Map();
  const siblings = new Map();
  for (const cpu of cpuDirs) {
    const g = readText(root, `${cpuDir}/cpu${cpu}/cpufreq/scaling_governor`);
    if (g !== undefined) governors.set(cpu, g);
    const s = readText(root, `${cpuDir}/cpu${cpu}/topology/thread_siblings_list`);
    if (s !== undefined) siblings.set(cpu, parseCpuList(s));
  }

  const irqs = [];
  const irqDirExists = existsSync(join(root, 'proc/irq'));
  for (const name of listDir(root, 'proc/irq')) {
    if (!/^\d+$/.test(name)) continue;
    const list = readText(root, `proc/irq/${name}/smp_affinity_list`);
    if (list !== undefined) irqs.push({ irq: Number(name), cpus: parseCpuList(list) });
  }
  irqs.sort((a, b) => a.irq - b.irq);

  return {
    root,
    online,
    cmdline: cmdlineText,
    isolatedSys: isolatedText === undefined ? undefined : parseCpuList(isolatedText),
    isolcpus: cmdline.has('isolcpus') ? parseCpuList(cmdline.get('isolcpus')) : undefined,
    nohzFull: nohzText !== undefined ? parseCpuList(nohzText) : cmdline.has('nohz_full') ? parseCpuList(cmdline.get('nohz_full')) : undefined,
    // `rcu_nocbs` without a list (kernel >= 5.19) makes every CPU offloadable.
    rcuNocbs: !cmdline.has('rcu_nocbs') ? undefined : cmdline.get('rcu_nocbs') === '' ? online : parseCpuList(cmdline.get('rcu_nocbs')),
    governors,
    thp: readText(root, 'sys/kernel/mm/transparent_hugepage/enabled'),
    irqDirExists,
    irqs,
    siblings,
  };
}

/** Isolated CPUs that are online: /sys/.../isolated, else the isolcpus= list. */
function isolatedOf(host) {
  const list = host.isolatedSys !== undefined && host.isolatedSys.length > 0 ? host.isolatedSys : host.isolcpus ?? [];
  return list.filter((c) => host.online.includes(c));
}

const siblingsOf = (host, cpu) => host.siblings.get(cpu) ?? [cpu];

// ---------------------------------------------------------------- the suggestion

/**
 * Suggests {risk, feeds, control, clock}. Risk: the highest isolated CPU (CPU 0 keeps
 * housekeeping), preferring one whose SMT siblings are all isolated too, else the highest online
 * CPU. Feeds: the other isolated CPUs off the risk core, else a housekeeping CPU. Control: the
 * lowest housekeeping CPU off the risk core. Clock: the control CPU (the ticker sleeps between
 * ticks; an isolated CPU of its own would be wasted). Every choice avoids the risk CPU's SMT
 * siblings while another CPU exists; notes say where it could not.
 */
export function suggestCpuMap(host) {
  const notes = [];
  const online = host.online.length > 0 ? host.online : [0];
  const isolated = isolatedOf(host);
  const byPreference = (cpus) => [...cpus].sort((a, b) => b - a);

  const cleanIsolated = isolated.filter((c) => siblingsOf(host, c).every((s) => s === c || isolated.includes(s)));
  const nonZero = online.filter((c) => c !== 0);
  const risk = byPreference(cleanIsolated)[0] ?? byPreference(isolated)[0] ?? byPreference(nonZero)[0] ?? online[0];
  if (isolated.length === 0) notes.push('no isolated CPUs: the risk CPU is shared with the scheduler');

  const riskCore = siblingsOf(host, risk);
  const offRiskCore = online.filter((c) => !riskCore.includes(c));
  const housekeeping = offRiskCore.filter((c) => !isolated.includes(c));

  let feeds = offRiskCore.filter((c) => isolated.includes(c));
  if (feeds.length === 0) feeds = housekeeping.slice(0, 1);
  if (feeds.length === 0) {
    feeds = online.filter((c) => c !== risk).slice(0, 1);
    if (feeds.length > 0) notes.push(`feeds share the risk CPU's core (SMT sibling ${feeds[0]})`);
  }
  if (feeds.length === 0) {
    feeds = [risk];
    notes.push('only one CPU: feeds share the risk CPU');
  }

  let control = housekeeping[0] ?? offRiskCore[0] ?? online.find((c) => c !== risk);
  if (control === undefined) {
    control = risk;
    notes.push('only one CPU: control shares the risk CPU');
  } else if (riskCore.includes(control)) {
    notes.push(`control shares the risk CPU's core (SMT sibling ${control})`);
  }
  return { map: { risk, feeds, control, clock: control }, notes };
}

// ---------------------------------------------------------------- the checks

function item(id, verdict, detail, data = {}) {
  return { id, verdict, detail, data };
}

const covers = (list, cpus) => list !== undefined && cpus.every((c) => list.includes(c));

/** Validates a given map against the host: ids online, roles off the risk core. `clock` is optional (default: control). */
function checkMap(host, map, source) {
  const problems = [];
  const warnings = [];
  const isCpu = (v) => Number.isInteger(v) && v >= 0;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    return item('cpu_map', 'FAIL', `${source} map must be an object like {"risk":1,"feeds":[0],"control":0,"clock":0}`, { map });
  }
  const feeds = typeof map.feeds === 'number' ? [map.feeds] : map.feeds;
  const clock = map.clock ?? map.control;
  for (const key of Object.keys(map)) if (!['risk', 'feeds', 'control', 'clock'].includes(key)) problems.push(`unknown role ${key}`);
  if (!isCpu(map.risk)) problems.push('risk must be a CPU id');
  if (!isCpu(map.control)) problems.push('control must be a CPU id');
  if (map.clock !== undefined && !isCpu(map.clock)) problems.push('clock must be a CPU id');
  if (!Array.isArray(feeds) || feeds.length === 0 || !feeds.every(isCpu)) problems.push('feeds must be a CPU id or a non-empty array of CPU ids');
  if (problems.length === 0) {
    const used = [map.risk, map.control, clock, ...feeds];
    const offline = used.filter((c) => !host.online.includes(c));
    if (offline.length > 0) problems.push(`CPU ${formatCpuList([...new Set(offline)].sort((a, b) => a - b))} not online (online: ${formatCpuList(host.online)})`);
    const riskCore = siblingsOf(host, map.risk);
    if (feeds.includes(map.risk)) warnings.push('feeds share the risk CPU');
    else if (feeds.some((c) => riskCore.includes(c))) warnings.push('feeds run on an SMT sibling of the risk CPU');
    if (map.control === map.risk) warnings.push('control shares the risk CPU');
    else if (riskCore.includes(map.control)) warnings.push('control runs on an SMT sibling of the risk CPU');
    if (clock === map.risk) warnings.push('clock shares the risk CPU');
    else if (riskCore.includes(clock) && clock !== map.control) warnings.push('clock runs on an SMT sibling of the risk CPU');
  }
  const text = JSON.stringify({ risk: map.risk, feeds, control: map.control, clock });
  if (problems.length > 0) return item('cpu_map', 'FAIL', `${source} map ${JSON.stringify(map)}: ${problems.join('; ')}`, { map, problems, warnings });
  if (warnings.length > 0) return item('cpu_map', 'WARN', `${source} map ${text}: ${warnings.join('; ')}`, { map, problems, warnings });
  return item('cpu_map', 'OK', `${source} map ${text}: every role on its own core`, { map, problems, warnings });
}

function checkAddon(addonPath) {
  if (!existsSync(addonPath)) {
    return item('native_addon', 'WARN', `not built (${addonPath}): threads run unpinned; run npm install with a C compiler`, { path: addonPath, built: false });
  }
  try {
    const addon = createRequire(import.meta.url)(addonPath);
    const tid = addon.getTid();
    if (typeof tid !== 'number' || tid <= 0) throw new Error(`getTid() returned ${String(tid)}`);
    return item('native_addon', 'OK', `built and loads (${addonPath})`, { path: addonPath, built: true });
  } catch (e) {
    return item('native_addon', 'FAIL', `built but does not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, { path: addonPath, built: true });
  }
}

/**
 * Runs every check. `map` (optional) is checked instead of the suggestion and is the source
 * of the risk CPU the per-core checks look at.
 */
export function checkHost({ root = '/', addonPath = DEFAULT_ADDON, map } = {}) {
  const host = readHost(root);
  const suggestion = suggestCpuMap(host);
  const given = map !== undefined;
  const target = given ? map : suggestion.map;
  const risk = Number.isInteger(target?.risk) ? target.risk : suggestion.map.risk;
  const isolated = isolatedOf(host);
  const items = [];

  const n = host.online.length;
  items.push(
    n <= 1
      ? item('cpus', 'FAIL', `${n} CPU online: a spinning risk thread would own it; use the park idle strategy or a larger host`, { online: host.online })
      : n === 2
        ? item('cpus', 'WARN', `2 CPUs online (${formatCpuList(host.online)}): the risk thread gets one, feeds and control share the other`, { online: host.online })
        : item('cpus', 'OK', `${n} CPUs online (${formatCpuList(host.online)})`, { online: host.online }),
  );

  const isoSource = host.isolatedSys !== undefined && host.isolatedSys.length > 0 ? '/sys/devices/system/cpu/isolated' : 'isolcpus=';
  items.push(
    isolated.length > 0
      ? item('isolated_cpus', 'OK', `isolated: ${formatCpuList(isolated)} (${isoSource})`, { isolated })
      : item('isolated_cpus', 'WARN', 'no isolated CPUs (no isolcpus= on the kernel cmdline): the scheduler may put other work on the risk CPU', { isolated }),
  );

  items.push(
    host.nohzFull === undefined || host.nohzFull.length === 0
      ? item('nohz_full', 'WARN', `nohz_full not set: the scheduler tick interrupts the risk CPU ${risk}`, { nohzFull: host.nohzFull ?? [] })
      : covers(host.nohzFull, [risk])
        ? item('nohz_full', 'OK', `nohz_full=${formatCpuList(host.nohzFull)} covers risk CPU ${risk}`, { nohzFull: host.nohzFull })
        : item('nohz_full', 'WARN', `nohz_full=${formatCpuList(host.nohzFull)} does not cover risk CPU ${risk}`, { nohzFull: host.nohzFull }),
  );

  items.push(
    host.rcuNocbs === undefined || host.rcuNocbs.length === 0
      ? item('rcu_nocbs', 'WARN', `rcu_nocbs not set: RCU callbacks run on the risk CPU ${risk}`, { rcuNocbs: host.rcuNocbs ?? [] })
      : covers(host.rcuNocbs, [risk])
        ? item('rcu_nocbs', 'OK', `rcu_nocbs=${formatCpuList(host.rcuNocbs)} covers risk CPU ${risk}`, { rcuNocbs: host.rcuNocbs })
        : item('rcu_nocbs', 'WARN', `rcu_nocbs=${formatCpuList(host.rcuNocbs)} does not cover risk CPU ${risk}`, { rcuNocbs: host.rcuNocbs }),
  );

  const govs = Object.fromEntries(host.governors);
  const notPerf = [...host.governors].filter(([, g]) => g !== 'performance').map(([c]) => c);
  items.push(
    host.governors.size === 0
      ? item('cpu_governor', 'N/A', 'no cpufreq (scaling_governor absent: VM or fixed frequency)', { governors: govs })
      : notPerf.length === 0
        ? item('cpu_governor', 'OK', `performance on all ${host.governors.size} CPUs`, { governors: govs })
        : item('cpu_governor', 'WARN', `CPU ${formatCpuList(notPerf)} not on the performance governor (${[...new Set(notPerf.map((c) => host.governors.get(c)))].join(', ')}): frequency ramps add latency`, { governors: govs }),
  );

  const thpMode = /\[(\w+)\]/.exec(host.thp ?? '')?.[1];
  items.push(
    host.thp === undefined
      ? item('transparent_hugepages', 'N/A', 'transparent huge pages not available', { mode: null })
      : thpMode === 'always'
        ? item('transparent_hugepages', 'WARN', 'THP enabled=always: khugepaged compaction can stall; set madvise or never', { mode: thpMode })
        : item('transparent_hugepages', 'OK', `THP enabled=${thpMode ?? host.thp}`, { mode: thpMode ?? host.thp }),
  );

  const onRisk = host.irqs.filter((q) => q.cpus.includes(risk)).map((q) => q.irq);
  const shown = onRisk.length > 8 ? `${onRisk.slice(0, 8).join(',')},...` : onRisk.join(',');
  items.push(
    !host.irqDirExists || host.irqs.length === 0
      ? item('irq_affinity', 'N/A', 'no /proc/irq/*/smp_affinity_list', { irqsOnRiskCpu: [] })
      : onRisk.length === 0
        ? item('irq_affinity', 'OK', `none of ${host.irqs.length} IRQs may run on risk CPU ${risk}`, { irqsOnRiskCpu: [] })
        : item('irq_affinity', 'WARN', `${onRisk.length} of ${host.irqs.length} IRQs may run on risk CPU ${risk} (IRQ ${shown}): move them off (smp_affinity_list, irqbalance --banirq)`, { irqsOnRiskCpu: onRisk }),
  );

  // An SMT sibling halves the risk thread's core; it is tolerable only when nothing runs there:
  // isolated (the scheduler leaves it alone) and given to no role.
  const sibs = host.siblings.get(risk);
  const others = (sibs ?? []).filter((c) => c !== risk);
  const feedsOf = (m) => (typeof m?.feeds === 'number' ? [m.feeds] : Array.isArray(m?.feeds) ? m.feeds : []);
  const used = new Set([target?.control, target?.clock, ...feedsOf(target)]);
  const idle = others.every((c) => isolated.includes(c) && !used.has(c));
  items.push(
    sibs === undefined
      ? item('smt_siblings', 'N/A', `no topology for CPU ${risk}`, { riskSiblings: [] })
      : others.length === 0
        ? item('smt_siblings', 'OK', `risk CPU ${risk} has no SMT sibling`, { riskSiblings: [] })
        : idle
          ? item('smt_siblings', 'OK', `risk CPU ${risk} shares its core with CPU ${formatCpuList(others)}, isolated and given to no role: keep it idle`, { riskSiblings: others })
          : item('smt_siblings', 'WARN', `risk CPU ${risk} shares its core with CPU ${formatCpuList(others)}, which ${others.length > 1 ? 'are' : 'is'} not isolated or used by a role: disable SMT or leave ${others.length > 1 ? 'them' : 'it'} idle`, { riskSiblings: others }),
  );

  items.push(checkAddon(addonPath));
  items.push(checkMap(host, target, given ? 'given' : 'suggested'));

  const verdict = items.reduce((w, i) => (VERDICT_RANK[i.verdict] > VERDICT_RANK[w] ? i.verdict : w), 'OK');
  return { root, items, suggestedMap: suggestion.map, configSection: { cpuMap: suggestion.map }, notes: suggestion.notes, verdict };
}

/** A map as the riskgate config's `cpuMap` section: the line to paste into the config's top-level object. */
export function configSnippet(map) {
  return `"cpuMap": ${JSON.stringify(map)}`;
}

export function formatReport(report) {
  const lines = [`riskgate host check (root ${report.root})`];
  for (const i of report.items) lines.push(`${i.verdict.padEnd(5)} ${i.id.padEnd(22)} ${i.detail}`);
  for (const n of report.notes) lines.push(`note: ${n}`);
  lines.push(`suggested CPU map (RISKGATE_CPU_MAP): ${JSON.stringify(report.suggestedMap)}`);
  lines.push(`as the config's cpuMap section: ${configSnippet(report.suggestedMap)}`);
  const count = (v) => report.items.filter((i) => i.verdict === v).length;
  lines.push(`overall: ${report.verdict} (${count('FAIL')} FAIL, ${count('WARN')} WARN, ${count('OK')} OK, ${count('N/A')} N/A)`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- CLI

function main(argv) {
  let opts;
  try {
    opts = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        root: { type: 'string' },
        map: { type: 'string' },
        addon: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    console.error(`host-check: ${e.message}`);
    return 2;
  }
  if (opts.help) {
    console.log('usage: node scripts/host-check.mjs [--json] [--root DIR] [--map JSON] [--addon PATH]');
    return 0;
  }
  let map;
  if (opts.map !== undefined) {
    try {
      map = JSON.parse(opts.map);
    } catch (e) {
      console.error(`host-check: --map must be JSON: ${e.message}`);
      return 2;
    }
  }
  const root = resolve(opts.root ?? process.env.RISKGATE_HOST_ROOT ?? '/');
  const report = checkHost({ root, addonPath: opts.addon ?? DEFAULT_ADDON, map });
  console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.verdict === 'FAIL' ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
