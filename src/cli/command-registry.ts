import type { CliCommand } from './cli-command.js';
import { renderConfigDocs } from '../config/render-config-docs.js';
import { INCIDENTS_USAGE, incidentsCommand } from './incidents-command.js';
import { SCENARIO_USAGE, scenarioCommand } from './scenario-command.js';
import { replayCommand } from './replay-command.js';
import { sweepCommand } from './sweep-command.js';
import { decodeCliCommand } from './decode-command.js';
import { demoCommand } from './demo-command.js';
import { runCommand } from './run-command.js';
import { commonUsage, parseCommandArgs } from './command-args.js';
import { CliError } from './cli-error.js';
import { allocatorCommand, firmwideCommand, monitorCommand } from './firmwide-commands.js';

const CONFIG_DOCS_USAGE = `riskgate config-docs [--json]

Prints the configuration reference as a markdown table (the README embeds it).
${commonUsage('{"markdown"}: the same table')}`;

/**
 * Every `riskgate` subcommand, in the order `--help` lists them. To add one: write
 * `src/cli/<name>-command.ts` exporting a `CliCommand`, import it here, append it below.
 */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'scenario',
    summary: 'scenario FILE.json [--naive | --threaded]  run a scenario, print one decision per request (JSON lines)',
    usage: SCENARIO_USAGE,
    run: (args, io) => scenarioCommand(args, io.out, io.err),
  },
  {
    name: 'incidents',
    summary: 'incidents [DIR]                run the incident scenarios against riskgate and the naive check, print the table',
    usage: INCIDENTS_USAGE,
    run: (args, io) => incidentsCommand(args, io.out),
  },
  {
    name: 'config-docs',
    summary: 'config-docs                    print the configuration reference (markdown table)',
    usage: CONFIG_DOCS_USAGE,
    run: (args, io) => {
      const { values, positionals } = parseCommandArgs(args, {}, CONFIG_DOCS_USAGE);
      if (positionals.length > 0) throw new CliError(`unexpected argument ${positionals[0]!}\n\n${CONFIG_DOCS_USAGE}`, 2);
      const markdown = renderConfigDocs();
      io.out(markdown);
      if (values.json === true) io.out(JSON.stringify({ markdown }));
      return 0;
    },
  },
  decodeCliCommand,
  replayCommand,
  sweepCommand,
  demoCommand,
  runCommand,
  firmwideCommand,
  allocatorCommand,
  monitorCommand,
];
