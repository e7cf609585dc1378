import { parseArgs } from 'node:util';
import { CliError } from './cli-error.js';

/** One flag of a command: `--name VALUE` / `--name=VALUE` (string) or `--name` (boolean). */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
}

/**
 * The flags every command takes. `--help` and `--version` are answered by main.ts before the
 * command runs (they are listed here so that a command's own parse accepts them); `--json`
 * asks the command for one JSON object as the last line of stdout.
 */
export const COMMON_FLAGS = {
  json: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const satisfies Record<string, FlagSpec>;

/** The usage lines of the common flags; `result` says what the `--json` object holds. */
export function commonUsage(result: string): string {
  return `  --json      one JSON object as the last line of stdout: ${result}
  --version   print riskgate's version and exit
  --help      print this text and exit`;
}

/**
 * Parses a command's arguments with `util.parseArgs` (strict: an unknown flag is an error;
 * `--flag VALUE` and `--flag=VALUE` both work; `--` ends the flags). Errors are `CliError`
 * exit 2 that name the flag as typed and end with the command's usage.
 */
export type ParsedCommandArgs<O extends Record<string, FlagSpec>> = ReturnType<typeof parseArgs<{ args: string[]; options: typeof COMMON_FLAGS & O; strict: true; allowPositionals: true }>>;

export function parseCommandArgs<const O extends Record<string, FlagSpec>>(args: readonly string[], flags: O, usage: string): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args: [...args], options: { ...COMMON_FLAGS, ...flags }, strict: true, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${parseErrorMessage(err as Error & { code?: string })}\n\n${usage}`, 2);
  }
}

/** `util.parseArgs`'s error in the CLI's words: `unknown option --x`, `--x needs a value`, ... */
function parseErrorMessage(err: Error & { code?: string }): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
  if (flag === undefined) return err.message;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (/argument missing/.test(err.message)) return `${flag} needs a value`;
  if (/does not take an argument/.test(err.message)) return `${flag} takes no value`;
  return err.message;
}

/** The last value of a string flag given once or more (`--x 1 --x 2` is 2, as most CLIs do). */
export function lastOf(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.at(-1) : v;
}

/**
 * A flag's value as an integer in [min, max]; `undefined` when the flag is absent. The error
 * names the flag and repeats what was typed.
 */
export function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliError(`${flag} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`, 2);
  return n;
}

/** A flag's value as a finite number in (min, max]; `undefined` when absent. */
export function numberFlag(value: string | undefined, flag: string, minExclusive: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= minExclusive || n > max) throw new CliError(`${flag} must be a number greater than ${minExclusive} and at most ${max}, not ${JSON.stringify(value)}`, 2);
  return n;
}

/** A flag's value, one of `choices`; `undefined` when absent. */
export function choiceFlag<const C extends readonly string[]>(value: string | undefined, flag: string, choices: C): C[number] | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value)) throw new CliError(`${flag} must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)!}, not ${JSON.stringify(value)}`, 2);
  return value;
}
