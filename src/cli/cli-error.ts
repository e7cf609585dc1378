/** An error the CLI reports as one message and an exit code, without a stack trace. */
export class CliError extends Error {
  readonly code = 'ERR_RISKGATE_CLI';
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'CliError';
  }
}
