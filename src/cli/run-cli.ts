import { parseArgs } from 'node:util';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-command.js';
import { COMMANDS } from './command-registry.js';
import { packageVersion } from './package-version.js';
import { red, type TerminalCaps } from './terminal.js';

/** `usage  what it does` (two or more spaces between) as two aligned columns. */
function column(summary: string): string {
  const m = /^(.*?)\s{2,}(.*)$/.exec(summary);
  return m === null ? `  ${summary}` : `  ${m[1]!.padEnd(Math.max(36, m[1]!.length + 2))}${m[2]!}`;
}

/** The top-level help: every command's summary line (loads every command). */
async function help(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  return [
    'riskgate: pre-trade risk engine',
    '',
    'Usage: riskgate <command> [options]',
    '       riskgate --version [--json]',
    '',
    'Commands:',
    ...[...commands.map((c) => c.summary), 'help [COMMAND]  this text, or a command\'s usage'].map(column),
    '',
    'Every command takes --help, --version and --json (one JSON object, its result, as the last',
    'line of stdout). Flags take --flag VALUE or --flag=VALUE. NO_COLOR=1 turns colour off.',
    '',
    'Exit codes: 0 ok, 1 a check failed (expectation, breach, mismatch), 2 bad input, 3 incomplete journal (replay: gaps), 130 interrupted (demo).',
  ].join('\n');
}

/**
 * Whether `--help`, `--version` or `--json` is among `args` as a flag (not as the value of
 * another flag, nor after `--`). Non-strict: the command's own parse judges everything else.
 */
function commonFlags(args: readonly string[]): { help: boolean; version: boolean; json: boolean } {
  const { tokens } = parseArgs({ args: [...args], strict: false, allowPositionals: true, tokens: true });
  const has = (name: string): boolean => tokens.some((t) => t.kind === 'option' && t.name === name);
  return { help: has('help') || has('h'), version: has('version'), json: has('json') };
}

function printVersion(json: boolean, io: CliIo): number {
  const version = packageVersion();
  io.out(`riskgate ${version} (Node.js ${process.version})`);
  if (json) io.out(JSON.stringify({ name: 'riskgate', version, node: process.version }));
  return 0;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.out(topic !== undefined ? (await topic.load()).usage : await help());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') return printVersion(commonFlags(rest).json, io);
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) throw new CliError(`unknown command "${name}"\n\n${await help()}`, 2);
  const common = commonFlags(rest);
  if (common.help) {
    io.out((await entry.load()).usage);
    return 0;
  }
  if (common.version) return printVersion(common.json, io);
  return (await entry.load()).run(rest, io);
}

/**
 * `riskgate ARGS` without the process: runs the command `argv` names, writing through `io`, and
 * resolves with its exit code. Bad input (`CliError`) is written to `io.err` as `riskgate: …`
 * and gives the error's code (2 for bad flags); anything else is an internal error, written with
 * its stack, exit code 70. `errCaps` says whether that prefix may be coloured (main.ts passes
 * the real stderr's). main.ts is this plus the process; tests of parsing call it directly.
 */
export async function runCli(argv: readonly string[], io: CliIo, errCaps: TerminalCaps): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_RISKGATE_CLI') {
      io.err(`${red('riskgate:', errCaps)} ${(e as Error).message}`);
      return (e as CliError).exitCode;
    }
    io.err(`${red('riskgate: internal error:', errCaps)} ${(e as Error).stack ?? String(e)}`);
    return 70;
  }
}
