import { runSweep, type SweepRow } from '../replay/run-sweep.js';
import { parseSetting, type SweepSetting } from '../replay/sweep-setting.js';
import type { CliCommand, CliIo } from './cli-command.js';
import { CliError } from './cli-error.js';
import { commonUsage, intFlag, parseCommandArgs } from './command-args.js';
import { terminalCaps } from './terminal.js';
import { ReplayExit, damageLine } from './replay-command.js';

export const SWEEP_USAGE = `riskgate sweep JOURNAL... --set PATH=V1,V2,... [--set ...] [--threads N] [--json]

Replays every JOURNAL under every combination of the --set values (the cartesian product), in
parallel on a worker pool, and prints per combination, summed over the journals: orders
approved and denied (by reason) and the worst true exposure reached (lots: the largest
|true position|, or |position + open orders + the order| at an approval, from the journal's
own fills and updates), with breaches of the limits under that setting.
What-if, not simulation: the recorded market is replayed as it was.

  --set PATH=V1,...   a documented config key with an instrument index, e.g.
                      instruments[0].unconfirmed.maxFills=0,1,2,4 or instruments[*].maxLong=5,10,
                      a strategy's own limits (strategies[0].maxLong=5,10,
                      strategies[0].instruments[0].maxOpenNotional=1000,off) or the order-to-trade
                      guard (instruments[0].orderToTrade.maxRatio=20,50),
                      or an account's, e.g. accounts[0].maxGrossNotional=5000,off (ACCOUNT_GROSS_NOTIONAL)
                      or accounts[0].lossLimit.maxLoss=100,200 (LOSS_LIMIT);
                      a value is JSON (2, "0.001") or off (remove an optional guard)
  --threads N         pool size (default: the number of cores)
${commonUsage('{"rows": [one object per combination]}')}

Progress goes to stderr: one updating line on a terminal, a line per combination otherwise. Exit code 0; 2 for bad input (unknown path, a value the config
rejects, a journal that cannot be read); 4 when a journal is damaged (bytes that are not valid
records, a crash tail excepted: each range is listed on stderr with its byte offsets, and every
row replays only the valid records); 3 when a journal lost engine calls (gap records), as
\`riskgate replay\` exits.`;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function reasons(r: SweepRow): string {
  const e = Object.entries(r.deniedByReason);
  return e.length === 0 ? '-' : e.map(([k, v]) => `${k} ${v}`).join(', ');
}

/** The sweep table: one row per combination. */
export function formatSweep(rows: readonly SweepRow[]): string[] {
  const table = [['setting', 'orders', 'approved', 'denied', 'worst exposure', 'breaches', 'denied by reason']];
  for (const r of rows) {
    table.push([r.label, String(r.orders), String(r.approved), String(r.denied), String(r.worstExposure),
      r.exposureBreaches + r.positionBreaches === 0 ? 'none' : `${r.exposureBreaches + r.positionBreaches} (+${r.worstExcess})`, reasons(r)]);
  }
  const w = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const out = table.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : pad(cell, w[c]!))).join('  '));
  out.splice(1, 0, w.map((n) => '-'.repeat(n)).join('  '));
  return out;
}

export async function runSweepCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals: journals } = parseCommandArgs(args, { set: { type: 'string', multiple: true }, threads: { type: 'string' } }, SWEEP_USAGE);
  const fail = (m: string): never => {
    throw new CliError(`${m}\n\n${SWEEP_USAGE}`, 2);
  };
  const settings: SweepSetting[] = (values.set ?? []).map((spec) => wrap(() => parseSetting(spec)));
  const threads = intFlag(values.threads, '--threads', 1, 256);
  const progress = terminalCaps(process.stderr).progress;
  if (journals.length === 0) fail('expected at least one journal');
  if (settings.length === 0) fail('expected at least one --set');
  const rows = await wrapAsync(() =>
    runSweep(journals, settings, {
      ...(threads !== undefined ? { threads } : {}),
      onProgress: (done, total, journal, label) => {
        if (progress) process.stderr.write(`\r\x1b[2K[${done}/${total}] ${label} ${journal}${done === total ? '\n' : ''}`);
        else io.err(`[${done}/${total}] ${label} ${journal}`);
      },
    }),
  );
  for (const line of formatSweep(rows)) io.out(line);
  const lost = rows[0]?.lost ?? 0;
  if (lost > 0) io.err(`riskgate: the journals lost ${lost} engine call(s) (gap records): every row replays only what they hold`);
  const damage = rows[0]?.damage ?? [];
  for (const d of damage) io.err(`riskgate: ${damageLine(d)}`);
  if (damage.length > 0) io.err(`riskgate: the journals hold ${damage.length} damaged range(s) (bytes that are not valid records): every row replays only the valid records`);
  if (values.json === true) io.out(JSON.stringify({ rows }));
  return damage.length > 0 ? ReplayExit.DAMAGED : lost > 0 ? ReplayExit.INCOMPLETE : ReplayExit.REPRODUCED;
}

function isInputError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code.startsWith('ERR_RISKGATE_SWEEP') || code.startsWith('ERR_RISKGATE_REPLAY') || code.startsWith('ERR_RISKGATE_JOURNAL');
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (isInputError(err)) throw new CliError((err as Error).message, 2);
    throw err;
  }
}

async function wrapAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (isInputError(err)) throw new CliError((err as Error).message, 2);
    throw err;
  }
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'sweep JOURNAL... --set P=V1,V2    replay journals under many settings in parallel: denials and worst exposure per setting',
  usage: SWEEP_USAGE,
  run: runSweepCommand,
};
