import { denyReasonName } from '../risk/deny-reason.js';
import { openJournal, type OpenedJournal } from '../journal/open-journal.js';
import type { ExplainedDecision } from '../replay/replay-journal.js';
import { replayRecords } from '../replay/replay-journal.js';
import { recordedConfig } from '../replay/recorded-config.js';
import type { CliCommand, CliIo } from './cli-command.js';
import { CliError } from './cli-error.js';

export const REPLAY_USAGE = `riskgate replay JOURNAL [--explain ORDER_ID]

Re-runs the events and requests recorded in JOURNAL, at their recorded engine times, through a
fresh engine built from the recorded config, and checks that every recorded decision (and
cancel-all) is reproduced. Prints a summary; lists every difference.
A torn tail (a crash mid-write) is reported; the complete records before it are replayed.

  --explain ORDER_ID   also print, for the order ORDER_ID, the state its decision saw (estimate
                       interval, open buy/sell, unconfirmed fills, health, kill and flip-flop
                       state, read from the engine right before the decision) and the rule that
                       decided it, with the numbers.

Exit code 0 when every decision is reproduced; 1 on any difference; 2 for bad input (not a
journal, unknown option, ORDER_ID not in the journal).`;

function fmt(v: number | undefined): string {
  if (v === undefined) return '-';
  return Object.is(v, -0) ? '0' : String(v);
}

/** The `--explain` block for one order decision. */
export function formatExplanation(e: ExplainedDecision): string[] {
  const r = e.request;
  const lines = [
    `order ${r.orderId} (record ${e.seq}, at ${e.at} ms): ${r.side} ${r.qty} ${r.symbol} @ ${r.price} ${r.tif}`,
    `  decision:  ${e.rule.code === 0 ? 'approve' : e.rule.reason}${e.recorded !== undefined ? ` (recorded: ${e.recorded})` : ' (no decision recorded)'}`,
    `  stage:     ${e.rule.stage}`,
    `  rule:      ${e.rule.rule}`,
  ];
  const inst = e.context.instrument;
  if (inst === undefined) return lines;
  const s = inst.state;
  const c = inst.config;
  lines.push(
    `  state the decision saw (engine time ${e.context.now} ms):`,
    `    estimate     [${fmt(s.estPosMin)}, ${fmt(s.estPosMax)}]   snapshot ${s.hasSnapshot ? fmt(s.snapPos) : 'none'}${s.snapSeq !== undefined ? ` (seq ${s.snapSeq})` : ''}`,
    `    open         buy ${fmt(s.openBuy)}  sell ${fmt(s.openSell)}  live orders ${s.activeOrders}`,
    `    limits       maxLong ${c.maxLong}  maxShort ${c.maxShort}`,
    `    unconfirmed  ${s.unconfirmedCount} fills, ${s.unconfirmedQty} lots (budget maxFills ${c.unconfirmed.maxFills}, maxQty ${c.unconfirmed.maxQty})`,
    `    health       ${inst.healthCode === 0 ? 'healthy' : `${denyReasonName(inst.healthCode)}: ${inst.healthDetail}`}`,
    `    trading      ${s.tradingState}${s.tradingReason !== '' ? ` (${s.tradingReason})` : ''}; kill: global ${e.context.globalKill}, ${s.symbol} ${s.killMode}; flip-flop ${s.flipHalted ? 'halted' : 'not halted'}`,
    `    feed         ${s.feedUp ? 'up' : 'down'}${s.awaitingSnapshot ? ', awaiting a snapshot' : ''}; last message at ${s.lastMessageAt} ms; mark ${fmt(s.mark)}`,
  );
  if (e.rule.reducing !== undefined) lines.push(`    reducing     ${e.rule.reducing ? 'yes' : 'no'}`);
  return lines;
}

function load(path: string): OpenedJournal {
  try {
    return openJournal(path);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('ERR_RISKGATE_JOURNAL')) throw new CliError((err as Error).message, 2);
    throw err;
  }
}

export function runReplay(args: readonly string[], io: CliIo): number {
  const files: string[] = [];
  let explain: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--explain') {
      const v = args[++i];
      if (v === undefined) throw new CliError(`--explain needs an order id\n\n${REPLAY_USAGE}`, 2);
      explain = v;
    } else if (a.startsWith('--explain=')) explain = a.slice('--explain='.length);
    else if (a.startsWith('--')) throw new CliError(`unknown option ${a}\n\n${REPLAY_USAGE}`, 2);
    else files.push(a);
  }
  if (files.length !== 1) throw new CliError(`expected one journal file\n\n${REPLAY_USAGE}`, 2);
  const j = load(files[0]!);
  let config;
  try {
    config = recordedConfig(j);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_RISKGATE_REPLAY') === true) throw new CliError((err as Error).message, 2);
    throw err;
  }
  const r = replayRecords(j.records, config, explain !== undefined ? { explain } : {});
  const h = j.header!;
  io.out(`journal ${j.path}: ${j.records.length} records (${r.events} events, ${r.requests} requests, ${r.decisions} decisions, ${r.cancelAllsRecorded} cancel-alls), ` +
    `written by "${h.writer}" at ${new Date(h.createdAt).toISOString()}, format ${h.formatVersion}`);
  if (j.tornTail !== undefined) {
    const t = j.tornTail;
    io.err(`riskgate: ${j.path}: torn tail at offset ${t.offset}: ${t.bytes} bytes (${t.reason}) after record ${t.recordIndex - 1} not replayed`);
    io.out(`torn tail: offset ${t.offset}, ${t.bytes} bytes (${t.reason}); the ${j.records.length} complete records before it were replayed`);
  }
  if (r.undecided > 0) io.out(`${r.undecided} request(s) have no recorded decision (the journal ends between request and decision)`);
  io.out(`replay: ${r.reproduced}/${r.decisions} decisions reproduced; cancel-alls ${r.cancelAllsReplayed} replayed, ${r.cancelAllsRecorded} recorded; ${r.differences.length} difference(s)`);
  for (const d of r.differences) {
    io.out(`  DIFF record ${d.seq < 0 ? '-' : d.seq} at ${Number.isNaN(d.at) ? '-' : d.at} ms: ${d.subject}: recorded ${d.recorded}, replayed ${d.replayed}`);
  }
  if (explain !== undefined) {
    if (r.explained.length === 0) throw new CliError(`order ${explain} is not in ${j.path}`, 2);
    for (const e of r.explained) for (const line of formatExplanation(e)) io.out(line);
  }
  return r.differences.length > 0 ? 1 : 0;
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'replay JOURNAL [--explain ID]   re-run a journal through a fresh engine, check every decision is reproduced',
  usage: REPLAY_USAGE,
  run: runReplay,
};
