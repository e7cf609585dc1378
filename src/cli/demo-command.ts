/**
 * `riskgate demo`: riskgate against the naive check on the local exchange simulator (src/demo/).
 * Progress on stderr (one updating line on a terminal), the summary table on stdout, the report
 * path last. Ctrl-C stops the run cleanly, still prints the table and writes the report, exit 130.
 */
import type { CliCommand, CliIo } from './cli-command.js';
import { CliError } from './cli-error.js';
import { DEMO_DEFAULTS, demoJson, runDemo, summaryTable, type DemoOptions, type DemoProfile, type DemoVenue } from '../demo/index.js';
import { isServerKind, loadUws, uwsUnavailableMessage } from '../server/index.js';
import { parseCommandArgs } from './command-args.js';
import { terminalCaps } from './terminal.js';

export const DEMO_USAGE = `riskgate demo [--profile calm|realistic|hostile] [--seconds N] [--seed S] [--venue bybit|okx|deribit|binance-usdm|bitmex] [--report PATH] [--json] [--no-runaway] [--server uws|node]
       [--dump-breach FILE]

Starts the exchange simulator on 127.0.0.1, riskgate's engine (risk thread + a feed worker on
the simulator's private stream) and two identical aggressive IOC takers on two sub-accounts:
one guarded by riskgate, one by the naive check (abs(position + qty) < limit && no live orders).
A third account runs a runaway taker (it books every fill twice) behind a riskgate of its own,
for the flip-flop guard. Prints progress, then a summary (worst true position, breaches,
denials, availability against an oracle on the simulator's truth, blocked time by cause,
recovery after faults, PnL, decision latency) and writes a self-contained HTML report.

  --profile   fault profile of the simulated venue (default ${DEMO_DEFAULTS.profile})
  --seconds   trading time (default ${DEMO_DEFAULTS.seconds})
  --seed      seed of market, faults and signals (default ${DEMO_DEFAULTS.seed})
  --venue     private-stream framing (default ${DEMO_DEFAULTS.venue})
  --report    report path (default ./${DEMO_DEFAULTS.reportPath})
  --server    what serves the simulator: uws (uWebSockets.js's native build) or node (Node's
              http + ws). Default: uws where a native build runs on this host, else node, and
              a line on stderr says so and why (the engine's side is the same on both)
  --quiet     no progress line
  --json      also print the run as one JSON object, the last line of stdout
  --no-runaway  without the runaway taker's account
  --dump-breach FILE  when riskgate's account breaches: the truth (positions, executions,
              faults), the audited decisions and the guarded engine's journal to FILE,
              FILE.journal and FILE.journal.jsonl (nothing written without a breach)
  --version   print riskgate's version and exit

Flags take --flag VALUE or --flag=VALUE. Progress goes to stderr: one updating line on a
terminal, a line every 5 s otherwise.

Exit codes: 0 done, 1 riskgate's account breached its limit, 2 bad input, 130 interrupted (Ctrl-C).`;

interface Parsed {
  options: { -readonly [K in keyof DemoOptions]: DemoOptions[K] };
  quiet: boolean;
  json: boolean;
}

/** The demo option each flag sets, to name the flag in the demo's option errors. */
const FLAG_OF: Readonly<Record<string, string>> = {
  profile: '--profile', seconds: '--seconds', seed: '--seed', venue: '--venue', reportPath: '--report', server: '--server', runaway: '--no-runaway', dumpBreach: '--dump-breach',
};

export function parseDemoArgs(args: readonly string[]): Parsed {
  const { values, positionals } = parseCommandArgs(args, {
    profile: { type: 'string' }, seconds: { type: 'string' }, seed: { type: 'string' }, venue: { type: 'string' }, report: { type: 'string' },
    server: { type: 'string' }, quiet: { type: 'boolean' }, 'no-runaway': { type: 'boolean' }, 'dump-breach': { type: 'string' },
  }, DEMO_USAGE);
  if (positionals.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(positionals[0])}\n\n${DEMO_USAGE}`, 2);
  const options: Parsed['options'] = {};
  // Values go to the demo as typed (numbers converted): its own validation (demo-options.ts)
  // checks them, and its errors are renamed to these flags in demo() below.
  if (values.profile !== undefined) options.profile = values.profile as DemoProfile;
  if (values.seconds !== undefined) options.seconds = values.seconds.trim() === '' ? Number.NaN : Number(values.seconds);
  if (values.seed !== undefined) options.seed = values.seed.trim() === '' ? Number.NaN : Number(values.seed);
  if (values.venue !== undefined) options.venue = values.venue as DemoVenue;
  if (values.report !== undefined) options.reportPath = values.report;
  if (values.server !== undefined) {
    if (!isServerKind(values.server)) throw new CliError(`--server must be uws or node, not ${JSON.stringify(values.server)}\n\n${DEMO_USAGE}`, 2);
    options.server = values.server;
  }
  if (values['no-runaway'] === true) options.runaway = false;
  if (values['dump-breach'] !== undefined) options.dumpBreach = values['dump-breach'];
  return { options, quiet: values.quiet === true, json: values.json === true };
}

/** A demo option error (`options.seconds must be ...`) in terms of the flags (`--seconds must be ...`, with what was typed). */
export function flagError(message: string, args: readonly string[]): string {
  return message.replace(/^invalid demo options: /, 'invalid flags: ').replace(/options\.(\w+)/g, (whole, key: string) => {
    const flag = FLAG_OF[key];
    if (flag === undefined) return whole;
    const typed = typedValue(args, flag);
    return typed === undefined ? flag : `${flag} (given ${JSON.stringify(typed)})`;
  });
}

function typedValue(args: readonly string[], flag: string): string | undefined {
  let v: string | undefined;
  args.forEach((a, i) => {
    if (a === flag) v = args[i + 1];
    else if (a.startsWith(`${flag}=`)) v = a.slice(flag.length + 1);
  });
  return v;
}

async function demo(args: readonly string[], io: CliIo): Promise<number> {
  const { options, quiet, json } = parseDemoArgs(args);
  if (options.server === undefined) {
    // The demo's own default, announced (even with --quiet): the simulator stands in for a
    // venue, so Node's server is a fair substitute where uWebSockets.js cannot run here.
    const load = loadUws();
    options.server = load.module !== undefined ? 'uws' : 'node';
    if (load.module === undefined) io.err(`riskgate demo: the simulator runs on Node's http + ws (--server node): ${uwsUnavailableMessage(load, '--server node (chosen)')}`);
  }
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const tty = terminalCaps(process.stderr).progress;
  let last = 0;
  if (!quiet) {
    options.progress = (line) => {
      if (tty) process.stderr.write(`\r\x1b[2K${line}`);
      else if (Date.now() - last >= 5000) {
        last = Date.now();
        io.err(line);
      }
    };
  }
  try {
    const r = await runDemo({ ...options, signal: abort.signal }).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'ERR_RISKGATE_DEMO_OPTIONS') throw new CliError(`${flagError((e as Error).message, args)}\n\n${DEMO_USAGE}`, 2);
      throw e;
    });
    if (!quiet && tty) process.stderr.write('\n');
    io.out(summaryTable(r));
    io.out('');
    io.out(`report: ${r.reportPath}`);
    if (json) io.out(JSON.stringify(demoJson(r)));
    if (r.interrupted) return 130;
    return r.riskgate.breach.count > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'demo [--profile P] [--seconds N]  riskgate vs the naive check on the local exchange simulator: table + HTML report',
  usage: DEMO_USAGE,
  run: (args, io) => demo(args, io),
};
