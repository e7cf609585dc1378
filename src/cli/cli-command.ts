/** One `riskgate` subcommand. `run` returns the exit code (may be async); throw `CliError` for bad input. */
export interface CliCommand {
  readonly name: string;
  /** One line for `riskgate --help`: `NAME ARGS   what it does`. */
  readonly summary: string;
  /** The full usage text for `riskgate help NAME` / `riskgate NAME --help`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): number | Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
