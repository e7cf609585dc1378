/**
 * `riskgate run --config FILE`: the engine as a service (src/service/run-service.ts). Loads the
 * service only when run: the other commands never load pino or start a thread.
 */
import { readFileSync } from 'node:fs';
import type { CliCommand } from './cli-command.js';
import { CliError } from './cli-error.js';
import { commonUsage, parseCommandArgs } from './command-args.js';
import { parseConfigText } from '../config/parse-json-strict.js';

export const RUN_USAGE = `riskgate run --config FILE [--json]

Runs riskgate as a service from one config file: the engine (risk thread), a live feed worker
and a REST reconciler per venue of "venues", the control server ("control": /health, /metrics,
/state, /kill, the dashboard) and the journal ("journal": a new file per start in "dir", or the
new file "path"). Logs JSON lines (pino) to stdout: start-up, feed lifecycle, instrument health
changes, REST snapshots, the stop report. Stops cleanly on SIGTERM or SIGINT: every thread
joined, the journal flushed.

FILE: the engine config (instruments, capacity, cpuMap: riskgate config-docs) plus
  "venues":  { "bybit": { "endpoint": "production", "credentials": { "apiKeyEnv": "BYBIT_KEY", "secretEnv": "BYBIT_SECRET" } } }
  "control": { "port": 9464, "tokenEnv": "RISKGATE_CONTROL_TOKEN" }
  "journal": { "dir": "/var/lib/riskgate", "fsync": "intervalMs" }
  "log":     { "level": "info" }            (optional: fatal, error, warn, info, debug, trace)
Every problem of the file is reported at once, before anything starts.

  --config FILE   the service config
${commonUsage('{"stopped", "cleanExit", "journal", "journalRecords", "journalLost"} after the stop')}

Exit codes: 0 stopped cleanly (risk thread drained, journal complete); 1 the stop was not clean
(the journal lost records or failed, the risk thread had to be terminated) or start-up failed;
2 bad config.`;

async function run(args: readonly string[], io: { out(line: string): void; err(line: string): void }): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' } }, RUN_USAGE);
  if (positionals.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(positionals[0])}\n\n${RUN_USAGE}`, 2);
  const file = values.config;
  if (file === undefined) throw new CliError(`--config FILE is required\n\n${RUN_USAGE}`, 2);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`--config ${file}: cannot read: ${(e as Error).message}`, 2);
  }
  const { validateServiceConfig } = await import('../service/service-config.js');
  let cfg;
  try {
    cfg = validateServiceConfig(parseConfigText(text, file));
  } catch (e) {
    const problems = (e as { problems?: readonly string[] }).problems;
    if ((e as { code?: string }).code !== 'ERR_RISKGATE_CONFIG' || problems === undefined) throw e;
    throw new CliError(`--config ${file}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`, 2);
  }
  const { serviceLogger, serviceStoppedCleanly, startService } = await import('../service/run-service.js');
  const log = serviceLogger(cfg.logLevel);
  let stopSignal: (reason: string) => void = () => {};
  const signalled = new Promise<string>((resolve) => {
    stopSignal = resolve;
  });
  const onTerm = (): void => stopSignal('SIGTERM');
  const onInt = (): void => stopSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    let service;
    try {
      service = await startService(cfg, log);
    } catch (e) {
      log.fatal({ err: e }, `start-up failed: ${(e as Error).message}`);
      throw new CliError(`start-up failed: ${(e as Error).message}`, 1);
    }
    const report = await service.stop(await signalled);
    const clean = serviceStoppedCleanly(report);
    if (values.json === true) {
      io.out(JSON.stringify({ stopped: true, cleanExit: report.cleanExit, journal: service.journalPath, journalRecords: report.journalRecords,
        journalLost: report.journalLost, journalError: report.journal?.error ?? null }));
    }
    return clean ? 0 : 1;
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run --config FILE               the engine as a service: live feeds, reconciler, control server, journal; JSON logs; SIGTERM stops',
  usage: RUN_USAGE,
  run,
};
