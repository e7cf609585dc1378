#!/usr/bin/env node
/**
 * run-pinned: run a command with riskgate's CPU map.
 *
 *   node scripts/run-pinned.mjs [--map JSON | --config FILE] [--root DIR] [--no-taskset] [--dry-run] -- CMD [ARGS...]
 *
 * The map comes from --map, or from the `cpuMap` section of the riskgate config FILE (--config:
 * the taskset below then matches the map the engine pins from its config, and RISKGATE_CPU_MAP
 * agrees with the section, as the engine requires with `cpuMap: 'env'`), else from
 * RISKGATE_CPU_MAP already in the environment, else from host-check's suggestion for this host.
 * It is checked against the host (host-check's cpu_map item; a FAIL stops here with exit 2) and
 * passed to CMD as JSON in RISKGATE_CPU_MAP (`clock` filled in: the control CPU by default); each
 * engine thread then pins itself to its role's CPU through the native addon. A RISKGATE_CPU_MAP
 * already in the environment that --map or --config replaces is said so.
 *
 * Process-wide default: when `taskset` exists, CMD starts under `taskset -c <control+feeds>`,
 * i.e. every CPU of the map except the risk CPU. Threads that never pin themselves (libuv pool,
 * V8's GC and compiler helpers, the main thread until it pins) then stay off the risk CPU; the
 * risk thread may still pin itself there (sched_setaffinity is bounded by the cpuset, not by
 * the mask it inherited). With a single CPU the default is left alone.
 *
 * Prints each thing it did on stderr, prefixed `run-pinned:`, then exits with CMD's status
 * (128+n when CMD died of signal n). --dry-run prints and runs nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkHost } from './host-check.mjs';

const say = (line) => console.error(`run-pinned: ${line}`);

function findTaskset() {
  const r = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        map: { type: 'string' },
        config: { type: 'string' },
        root: { type: 'string' },
        'no-taskset': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    say(e.message);
    return Promise.resolve(2);
  }
  const opts = parsed.values;
  const command = parsed.positionals;
  if (opts.help || command.length === 0) {
    console.error('usage: node scripts/run-pinned.mjs [--map JSON | --config FILE] [--root DIR] [--no-taskset] [--dry-run] -- CMD [ARGS...]');
    return Promise.resolve(opts.help ? 0 : 2);
  }

  if (opts.map !== undefined && opts.config !== undefined) {
    say('--map and --config both name a map: give one');
    return Promise.resolve(2);
  }
  const inherited = (process.env.RISKGATE_CPU_MAP ?? '').trim() !== '' ? process.env.RISKGATE_CPU_MAP : undefined;
  let source;
  let text;
  if (opts.map !== undefined) [source, text] = ['--map', opts.map];
  else if (opts.config !== undefined) [source, text] = [`--config ${opts.config}`, undefined];
  else if (inherited !== undefined) [source, text] = ['RISKGATE_CPU_MAP', inherited];
  let map;
  try {
    if (opts.config !== undefined) {
      map = JSON.parse(readFileSync(opts.config, 'utf8'))?.cpuMap;
      if (map === undefined) {
        say(`${opts.config} has no cpuMap section`);
        return Promise.resolve(2);
      }
    } else if (text !== undefined) {
      map = JSON.parse(text);
    }
  } catch (e) {
    say(`${source} must be ${opts.config !== undefined ? 'a readable JSON config' : 'JSON'}: ${e.message}`);
    return Promise.resolve(2);
  }
  const root = resolve(opts.root ?? process.env.RISKGATE_HOST_ROOT ?? '/');
  const report = checkHost({ root, map });
  if (map === undefined) [source, map] = ['host-check suggestion', report.suggestedMap];
  const mapItem = report.items.find((i) => i.id === 'cpu_map');
  if (mapItem.verdict === 'FAIL') {
    say(`refusing: ${mapItem.detail}`);
    return Promise.resolve(2);
  }
  if (mapItem.verdict === 'WARN') say(`warning: ${mapItem.detail}`);

  const feeds = typeof map.feeds === 'number' ? [map.feeds] : map.feeds;
  const normalized = JSON.stringify({ risk: map.risk, feeds, control: map.control, clock: map.clock ?? map.control });
  say(`RISKGATE_CPU_MAP=${normalized} (from ${source})`);
  if (inherited !== undefined && source !== 'RISKGATE_CPU_MAP') say(`replaces RISKGATE_CPU_MAP=${inherited} from the environment`);

  let argvToRun = command;
  const defaultCpus = [...new Set([map.control, ...feeds])].filter((c) => c !== map.risk).sort((a, b) => a - b);
  if (opts['no-taskset']) {
    say('taskset: skipped (--no-taskset); process-wide affinity left unchanged');
  } else if (defaultCpus.length === 0) {
    say(`taskset: skipped: every role is on CPU ${map.risk}; process-wide affinity left unchanged`);
  } else if (!findTaskset()) {
    say('taskset: not found (util-linux); process-wide affinity left unchanged');
  } else {
    argvToRun = ['taskset', '-c', defaultCpus.join(','), ...command];
    say(`taskset -c ${defaultCpus.join(',')}: unpinned threads stay off risk CPU ${map.risk}`);
  }
  say(`exec ${argvToRun.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  if (opts['dry-run']) return Promise.resolve(0);

  return new Promise((done) => {
    const child = spawn(argvToRun[0], argvToRun.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, RISKGATE_CPU_MAP: normalized },
    });
    const forward = (sig) => child.kill(sig);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, forward);
    child.on('error', (e) => {
      say(`cannot run ${argvToRun[0]}: ${e.message}`);
      done(127);
    });
    child.on('exit', (code, signal) => {
      done(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
