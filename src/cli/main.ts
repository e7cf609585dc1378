#!/usr/bin/env node
import type { CliIo } from './cli-command.js';
import { runCli } from './run-cli.js';
import { terminalCaps } from './terminal.js';

const io: CliIo = {
  out: (line) => void process.stdout.write(line + '\n'),
  err: (line) => void process.stderr.write(line + '\n'),
};
runCli(process.argv.slice(2), io, terminalCaps(process.stderr)).then((code) => {
  process.exitCode = code;
});
