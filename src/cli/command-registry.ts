import type { CliCommand } from './cli-command.js';
import { commonUsage, parseCommandArgs } from './command-args.js';
import { CliError } from './cli-error.js';

const CONFIG_DOCS_USAGE = `riskgate config-docs [--json]

Prints the configuration reference as a markdown table (the README embeds it).
${commonUsage('{"markdown"}: the same table')}`;

/**
 * A `riskgate` subcommand by name; `load` imports its module and gives the command. Loaded on
 * use: `riskgate scenario` never loads the simulator, the NATS client or the sweep's worker pool,
 * and `--version` loads no command at all (each module with what it imports costs a fresh
 * process a few hundred ms of CPU at start).
 */
export interface CommandEntry {
  readonly name: string;
  load(): Promise<CliCommand>;
}

/**
 * Every `riskgate` subcommand, in the order `--help` lists them. To add one: write
 * `src/cli/<name>-command.ts` exporting a `CliCommand`, append an entry that imports it below.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'scenario',
    load: async () => {
      const { SCENARIO_USAGE, scenarioCommand } = await import('./scenario-command.js');
      return {
        name: 'scenario',
        summary: 'scenario FILE.json [--naive | --threaded]  run a scenario, print one decision per request (JSON lines)',
        usage: SCENARIO_USAGE,
        run: (args, io) => scenarioCommand(args, io.out, io.err),
      };
    },
  },
  {
    name: 'incidents',
    load: async () => {
      const { INCIDENTS_USAGE, incidentsCommand } = await import('./incidents-command.js');
      return {
        name: 'incidents',
        summary: 'incidents [DIR]                run the incident scenarios against riskgate and the naive check, print the table',
        usage: INCIDENTS_USAGE,
        run: (args, io) => incidentsCommand(args, io.out),
      };
    },
  },
  {
    name: 'config-docs',
    load: async () => {
      const { renderConfigDocs } = await import('../config/render-config-docs.js');
      return {
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
      };
    },
  },
  { name: 'decode', load: async () => (await import('./decode-command.js')).decodeCliCommand },
  { name: 'replay', load: async () => (await import('./replay-command.js')).replayCommand },
  { name: 'sweep', load: async () => (await import('./sweep-command.js')).sweepCommand },
  { name: 'demo', load: async () => (await import('./demo-command.js')).demoCommand },
  { name: 'run', load: async () => (await import('./run-command.js')).runCommand },
  { name: 'firmwide', load: async () => (await import('./firmwide-commands.js')).firmwideCommand },
  { name: 'allocator', load: async () => (await import('./firmwide-commands.js')).allocatorCommand },
  { name: 'monitor', load: async () => (await import('./firmwide-commands.js')).monitorCommand },
];
