import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { EngineGate } from '../scenario/engine-gate.js';
import { NaiveGate } from '../scenario/naive-gate.js';
import { runScenario } from '../scenario/run-scenario.js';
import { CliError } from './cli-error.js';
import { loadScenario } from './load-scenario.js';
import { commonUsage, parseCommandArgs } from './command-args.js';
import { terminalCaps } from './terminal.js';

/** The bundled incident scenarios, relative to the compiled file (dist/src/cli/ → scenarios/). */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export const INCIDENTS_USAGE = `riskgate incidents [DIR]

Runs every scenario in DIR (default: the bundled scenarios/) through riskgate and through the
naive check, side by side, and prints a table: orders approved by each, breaches (approvals
whose true worst case went beyond the limit), and whether each matched the file's expectations.
Progress goes to stderr on a terminal only.
${commonUsage('{"scenarios": [one object per row], "naiveBreached", "riskgateBreached", "failed"}')}
Exit code 1 when riskgate breaches or misses an expectation; 2 for bad input.`;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** One scenario's row of the table, as `--json` prints it. */
interface IncidentRow {
  readonly scenario: string;
  readonly riskgate: { readonly approved: number; readonly denied: number; readonly breaches: number; readonly worstExcess: number };
  readonly naive: { readonly approved: number; readonly denied: number; readonly breaches: number; readonly worstExcess: number };
  readonly expectationsMissed: number;
}

export function incidentsCommand(args: readonly string[], out: (line: string) => void): number {
  const { values, positionals } = parseCommandArgs(args, {}, INCIDENTS_USAGE);
  if (positionals.length > 1) throw new CliError(`expected at most one directory\n\n${INCIDENTS_USAGE}`, 2);
  const dir = positionals[0] ?? BUNDLED_SCENARIOS;
  const progress = terminalCaps(process.stderr).progress;
  const json: IncidentRow[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    throw new CliError(`cannot read ${dir}: ${(err as Error).message}`, 2);
  }
  if (files.length === 0) throw new CliError(`no scenario files (*.json) in ${dir}`, 2);
  const rows: string[][] = [['scenario', 'riskgate ok/deny', 'breach', 'naive ok/deny', 'naive breach', 'expectations']];
  let bad = 0;
  files.forEach((f, n) => {
    if (progress) process.stderr.write(`\r[${n + 1}/${files.length}] ${f}`.padEnd(60));
    const sc = loadScenario(join(dir, f));
    const rg = runScenario(sc, new EngineGate(sc.config));
    const nv = runScenario(sc, new NaiveGate(sc.config));
    const rgBreach = rg.breaches.exposureBreaches + rg.breaches.positionBreaches;
    const nvBreach = nv.breaches.exposureBreaches + nv.breaches.positionBreaches;
    const ok = rg.failures.length === 0 && nv.failures.length === 0 && rgBreach === 0;
    if (!ok) bad++;
    json.push({
      scenario: sc.name,
      riskgate: { approved: rg.approved, denied: rg.denied, breaches: rgBreach, worstExcess: rg.breaches.worstExcess },
      naive: { approved: nv.approved, denied: nv.denied, breaches: nvBreach, worstExcess: nv.breaches.worstExcess },
      expectationsMissed: rg.failures.length + nv.failures.length,
    });
    rows.push([
      sc.name,
      `${rg.approved}/${rg.denied}`,
      rgBreach === 0 ? 'none' : `${rgBreach} (+${rg.breaches.worstExcess} lots)`,
      `${nv.approved}/${nv.denied}`,
      nvBreach === 0 ? 'none' : `${nvBreach} (+${nv.breaches.worstExcess} lots)`,
      ok ? 'met' : `MISSED ${rg.failures.length + nv.failures.length}`,
    ]);
  });
  if (progress) process.stderr.write('\r'.padEnd(61) + '\r');
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((r, i) => {
    out(r.map((cell, c) => pad(cell, widths[c]!)).join('  '));
    if (i === 0) out(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  const naiveBreached = rows.slice(1).filter((r) => r[4] !== 'none').length;
  out('');
  const riskgateBreached = rows.slice(1).filter((r) => r[2] !== 'none').length;
  out(`${files.length} scenarios: the naive check breached the limit in ${naiveBreached}; riskgate in ${riskgateBreached}.`);
  if (values.json === true) out(JSON.stringify({ scenarios: json, naiveBreached, riskgateBreached, failed: bad }));
  return bad > 0 ? 1 : 0;
}
