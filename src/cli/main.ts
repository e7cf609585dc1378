#!/usr/bin/env node
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-command.js';
import { COMMANDS } from './command-registry.js';
import { packageVersion } from './package-version.js';

/** `usage  what it does` (two or more spaces between) as two aligned columns. */
function column(summary: string): string {
  const m = /^(.*?)\s{2,}(.*)$/.exec(summary);
  return m === null ? `  ${summary}` : `  ${m[1]!.padEnd(Math.max(36, m[1]!.length + 2))}${m[2]!}`;
}

function help(): string {
  return [
    'riskgate: pre-trade risk engine',
    '',
    'Usage: riskgate <command> [options]',
    '       riskgate --version',
    '',
    'Commands:',
    ...[...COMMANDS.map((c) => c.summary), 'help [COMMAND]  this text, or a command\'s usage'].map(column),
    '',
    'Exit codes: 0 ok, 1 a check failed (expectation, breach, mismatch), 2 bad input, 3 incomplete journal (replay: gaps), 130 interrupted (demo).',
  ].join('\n');
}

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.out(topic !== undefined ? topic.usage : help());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(`riskgate ${packageVersion()} (Node.js ${process.version})`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) throw new CliError(`unknown command "${name}"\n\n${help()}`, 2);
  if (rest.includes('--help')) {
    io.out(cmd.usage);
    return 0;
  }
  return cmd.run(rest, io);
}

const io: CliIo = {
  out: (line) => void process.stdout.write(line + '\n'),
  err: (line) => void process.stderr.write(line + '\n'),
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if ((e as { code?: string }).code === 'ERR_RISKGATE_CLI') {
      process.stderr.write(`riskgate: ${(e as Error).message}\n`);
      process.exitCode = (e as CliError).exitCode;
    } else {
      process.stderr.write(`riskgate: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    }
  },
);
