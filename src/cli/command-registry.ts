import type { CliCommand } from './cli-command.js';
import { renderConfigDocs } from '../config/render-config-docs.js';
import { INCIDENTS_USAGE, incidentsCommand } from './incidents-command.js';
import { SCENARIO_USAGE, scenarioCommand } from './scenario-command.js';
import { replayCommand } from './replay-command.js';
import { sweepCommand } from './sweep-command.js';
import { decodeCliCommand } from './decode-command.js';
import { demoCommand } from './demo-command.js';
import { allocatorCommand, firmwideCommand, monitorCommand } from './firmwide-commands.js';

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
    usage: 'riskgate config-docs\n\nPrints the configuration reference as a markdown table (the README embeds it).',
    run: (_args, io) => {
      io.out(renderConfigDocs());
      return 0;
    },
  },
  decodeCliCommand,
  replayCommand,
  sweepCommand,
  demoCommand,
  firmwideCommand,
  allocatorCommand,
  monitorCommand,
];
