#!/usr/bin/env node
import { CliError } from './cli-error.js';
import { INCIDENTS_USAGE, incidentsCommand } from './incidents-command.js';
import { SCENARIO_USAGE, scenarioCommand } from './scenario-command.js';
import { renderConfigDocs } from '../config/render-config-docs.js';

const HELP = `riskgate: pre-trade risk engine

Usage: riskgate <command> [options]

Commands:
  scenario FILE.json [--naive]   run a scenario, print one decision per request (JSON lines)
  incidents [DIR]                run the bundled incident scenarios against riskgate and the
                                 naive check side by side and print the table
  config-docs                    print the configuration reference (markdown table)
  help [COMMAND]                 this text, or a command's usage

Exit codes: 0 ok, 1 a check failed (expectation or breach), 2 bad input.`;

const USAGE: Record<string, string> = { scenario: SCENARIO_USAGE, incidents: INCIDENTS_USAGE };

function main(argv: readonly string[]): number {
  const out = (line: string): void => void process.stdout.write(line + '\n');
  const err = (line: string): void => void process.stderr.write(line + '\n');
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const topic = rest[0];
    out(topic !== undefined && USAGE[topic] !== undefined ? USAGE[topic] : HELP);
    return 0;
  }
  if (rest.includes('--help')) {
    out(USAGE[cmd] ?? HELP);
    return 0;
  }
  switch (cmd) {
    case 'scenario':
      return scenarioCommand(rest, out, err);
    case 'incidents':
      return incidentsCommand(rest, out);
    case 'config-docs':
      out(renderConfigDocs());
      return 0;
    default:
      throw new CliError(`unknown command "${cmd}"\n\n${HELP}`, 2);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if ((e as { code?: string }).code === 'ERR_RISKGATE_CLI') {
    process.stderr.write(`riskgate: ${(e as Error).message}\n`);
    process.exitCode = (e as CliError).exitCode;
  } else {
    throw e;
  }
}
