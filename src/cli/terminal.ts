/**
 * What the CLI may write to a stream: `\r`-updated progress lines only to a terminal, colour
 * only to a terminal and never when `NO_COLOR` is set to a non-empty value (no-color.org) or
 * `TERM` is `dumb`. Pure: the stream's `isTTY` and the environment are passed in.
 */
export interface TerminalCaps {
  /** Progress may overwrite itself with `\r` (a terminal); otherwise whole lines, sparingly. */
  readonly progress: boolean;
  readonly color: boolean;
}

export function terminalCaps(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): TerminalCaps {
  const tty = stream.isTTY === true;
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  return { progress: tty, color: tty && !noColor && env['TERM'] !== 'dumb' };
}

/** `text` in red where colour is allowed, as is otherwise. */
export function red(text: string, caps: TerminalCaps): string {
  return caps.color ? `\x1b[31m${text}\x1b[39m` : text;
}
