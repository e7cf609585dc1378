import { denyReasonName } from '../risk/deny-reason.js';
import { JOURNAL_FORMAT_VERSION } from '../journal/journal-layout.js';
import { openJournalSource, type JournalSource } from '../journal/journal-source.js';
import { recordsLostIn, type DamagedRange } from '../journal/damaged-range.js';
import type { ExplainedDecision, ReplayGap, ReplayResult } from '../replay/replay-journal.js';
import { replayRecords } from '../replay/replay-journal.js';
import { recordedConfig } from '../replay/recorded-config.js';
import { hasLegacyHandles } from '../replay/legacy-handles.js';
import type { CliCommand, CliIo } from './cli-command.js';
import { CliError } from './cli-error.js';
import { commonUsage, parseCommandArgs } from './command-args.js';

/** `riskgate replay` exit codes. */
export const ReplayExit = {
  /** Every decision and cancel-all reproduced; no gap. */
  REPRODUCED: 0,
  /** A decision or cancel-all differs where the history is complete (before any gap). */
  MISMATCH: 1,
  BAD_INPUT: 2,
  /** Nothing differs before the first gap, but the journal has gaps: what follows is uncheckable. */
  INCOMPLETE: 3,
  /**
   * Nothing differs before the first gap or damage, but the file holds damaged ranges (bytes
   * that are not valid records, a crash tail excepted): every valid record was replayed.
   */
  DAMAGED: 4,
} as const;

export const REPLAY_USAGE = `riskgate replay JOURNAL [--explain ORDER_ID]

Re-runs the events and requests recorded in JOURNAL, at their recorded engine times, through a
fresh engine built from the recorded config, and checks that every recorded decision (and
cancel-all) is reproduced. Prints a summary; lists every difference.
JOURNAL is a journal file or the index of a rotated set (every file of the set, in order). It is
streamed: memory stays that of its largest record whatever the size of the journal.
A torn tail (a crash mid-write: a final partial record) is reported; the records before it are
replayed. Damage anywhere else (flipped bits, zeroed pages, garbage, another journal appended) is
resynchronised: every damaged range is listed with its byte offsets and the valid records after
it are replayed. A gap (engine calls the journal lost, marked in the file where they happened:
the threaded engine's journal ring was full, or the file system refused the writes) is reported
with its size, place and cause. The replay goes on past it and
compares the decisions after it, but counts them as uncheckable: the replaying engine lacks the
lost calls, so those decisions can neither confirm nor refute the engine.

  --explain ORDER_ID   also print, for the order ORDER_ID, the state its decision saw (estimate
                       interval, open buy/sell, unconfirmed fills, health, kill and flip-flop
                       state, read from the engine right before the decision) and the rule that
                       decided it, with the numbers. ORDER_ID is the order id as recorded; a
                       journal of the threaded engine records order handles instead (the integer
                       order key the strategy used): give that integer (1000, or #1000).
${commonUsage('{"outcome", "records", "decisions", "reproduced", "differences", ...}')}

Exit code 0 when every decision is reproduced and the journal has no gap and no damage (a crash
tail is allowed); 1 when a decision or cancel-all differs where the history is complete (before
any gap or damage); 4 when nothing differs there but the file is damaged; 3 when nothing differs
there but the journal has gaps (an incomplete journal: the decisions after a gap cannot be
checked); 2 for bad input (not a journal, unknown option, ORDER_ID not in the journal).`;

function fmt(v: number | undefined): string {
  if (v === undefined) return '-';
  return Object.is(v, -0) ? '0' : String(v);
}

/** The `--explain` block for one order decision. */
export function formatExplanation(e: ExplainedDecision): string[] {
  const r = e.request;
  const name = e.handle === undefined ? `order ${r.orderId}` : e.idRecorded ? `order ${r.orderId} (handle ${e.handle})` : `order handle ${e.handle}`;
  const lines = [`${name} (record ${e.seq}, at ${e.at} ms): ${r.side} ${r.qty} ${r.symbol} @ ${r.price} ${r.tif}`];
  if (e.handle !== undefined) {
    lines.push(`  id:        handle ${e.handle}: the integer order key the engine saw (the strategy's key for the order)` +
      (e.idRecorded ? '' : '; the journal has no string id for it'));
  }
  if (e.lostBefore > 0) {
    lines.push(`  journal:   ${e.lostBefore} engine call(s) lost before this decision (see GAP): the state below is the replay's, which lacks them;` +
      ' the risk thread may have seen another');
  }
  lines.push(
    `  decision:  ${e.rule.code === 0 ? 'approve' : e.rule.reason}${e.recorded !== undefined ? ` (recorded: ${e.recorded})` : ' (no decision recorded)'}`,
    `  stage:     ${e.rule.stage}`,
    `  rule:      ${e.rule.rule}`,
  );
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

function load(path: string): JournalSource {
  try {
    return openJournalSource(path);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('ERR_RISKGATE_JOURNAL')) throw new CliError((err as Error).message, ReplayExit.BAD_INPUT);
    throw err;
  }
}

export function runReplay(args: readonly string[], io: CliIo): number {
  const { values, positionals: files } = parseCommandArgs(args, { explain: { type: 'string' } }, REPLAY_USAGE);
  const explain = values.explain;
  if (files.length !== 1) throw new CliError(`expected one journal file\n\n${REPLAY_USAGE}`, ReplayExit.BAD_INPUT);
  const j = load(files[0]!);
  let config;
  try {
    config = recordedConfig(j);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_RISKGATE_REPLAY') === true) throw new CliError((err as Error).message, ReplayExit.BAD_INPUT);
    throw err;
  }
  let r: ReplayResult;
  try {
    r = replayRecords(j.items(), config, explain !== undefined ? { explain } : {});
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_RISKGATE_JOURNAL') === true) throw new CliError((err as Error).message, ReplayExit.BAD_INPUT);
    throw err;
  }
  const h = j.header!;
  const fileNote = j.files.length > 1 ? `, ${j.files.length} files` : '';
  io.out(`journal ${j.path}: ${r.records} records${fileNote} (${r.events} events, ${r.requests} requests, ${r.decisions} decisions, ${r.cancelAllsRecorded} cancel-alls` +
    `${r.gaps.length > 0 ? `, ${r.gaps.length} gaps` : ''}), written by "${h.writer}" at ${new Date(h.createdAt).toISOString()}, format ${h.formatVersion}`);
  if (h.formatVersion > JOURNAL_FORMAT_VERSION) {
    io.err(`riskgate: ${j.path} is format ${h.formatVersion}, newer than this build reads (${JOURNAL_FORMAT_VERSION}): records it cannot decode are reported as damage`);
  }
  if (hasLegacyHandles(h)) io.out('format 1 journal of the threaded engine: its #<n> order ids and decimal exec ids are read as the handles they are');
  if (j.tornTail !== undefined) {
    const t = j.tornTail;
    io.err(`riskgate: ${t.path}: torn tail at offset ${t.offset}: ${t.bytes} bytes (${t.reason}) after record ${t.recordIndex - 1} not replayed`);
    io.out(`torn tail: ${t.path} offset ${t.offset}, ${t.bytes} bytes (${t.reason}: a crash between two writes); the complete records before it were replayed`);
  }
  for (const d of r.damage) io.out(damageLine(d));
  for (const g of r.gaps) io.out(`GAP record ${g.seq}: ${g.lost} engine call(s) lost (${g.cause === 'writeFailed' ? 'the file system refused the journal\'s writes' : 'journal ring full'}) ${gapPlace(g)}`);
  if (r.undecided > 0) io.out(`${r.undecided} request(s) have no recorded decision (the journal ends between request and decision)`);
  io.out(summary(r));
  for (const d of r.differences) {
    io.out(`  ${d.afterGap ? 'AFTER GAP' : 'DIFF'} record ${d.seq < 0 ? '-' : d.seq} at ${Number.isNaN(d.at) ? '-' : d.at} ms: ${d.subject}: recorded ${d.recorded}, replayed ${d.replayed}` +
      (d.afterGap ? ' (uncheckable: after a gap)' : ''));
  }
  if (explain !== undefined) {
    if (r.explained.length === 0) {
      const hints: string[] = [];
      if (r.firstOrderHandle !== undefined) {
        hints.push(`this journal records order handles (the integer order keys the strategy used): --explain takes the integer, e.g. --explain ${r.firstOrderHandle}`);
      }
      if (r.lost > 0) hints.push(`it may be among the ${r.lost} engine call(s) the journal lost (${r.gaps.length} gap(s))`);
      throw new CliError(`order ${explain} is not in ${j.path}${hints.map((x) => `; ${x}`).join('')}`, ReplayExit.BAD_INPUT);
    }
    for (const e of r.explained) for (const line of formatExplanation(e)) io.out(line);
  }
  if (r.outcome === 'incomplete') {
    const line = `${r.lost} engine call(s) lost in ${r.gaps.length} gap(s); nothing differs before the first gap; ` +
      `${r.uncheckable} decision(s) after it cannot be checked`;
    io.out(`INCOMPLETE journal: ${line}`);
    io.err(`riskgate: ${j.path}: incomplete journal: ${line}`);
  }
  if (r.damage.length > 0) {
    const bytes = r.damage.reduce((a, d) => a + d.bytes, 0);
    const line = `${r.damage.length} damaged range(s), ${bytes} bytes not replayed; every valid record around them was; ` +
      `${r.uncheckable} decision(s) after the first gap or damage cannot be checked`;
    io.out(`DAMAGED journal: ${line}`);
    io.err(`riskgate: ${j.path}: damaged journal: ${line}`);
  }
  if (values.json === true) {
    io.out(JSON.stringify({
      journal: j.path, files: j.files.length, formatVersion: h.formatVersion, outcome: r.outcome, records: r.records, events: r.events, requests: r.requests,
      decisions: r.decisions, reproduced: r.reproduced, uncheckable: r.uncheckable, cancelAllsRecorded: r.cancelAllsRecorded, cancelAllsReplayed: r.cancelAllsReplayed,
      lost: r.lost, gaps: r.gaps.length, damagedRanges: r.damage.length, tornTail: j.tornTail !== undefined, differences: r.differences,
    }));
  }
  return r.outcome === 'mismatch' ? ReplayExit.MISMATCH : r.outcome === 'damaged' ? ReplayExit.DAMAGED
    : r.outcome === 'incomplete' ? ReplayExit.INCOMPLETE : ReplayExit.REPRODUCED;
}

/** One damaged range: where (bytes), why, and what it cost (replay and sweep list them alike). */
export function damageLine(d: DamagedRange): string {
  const where = `DAMAGED ${d.path} bytes ${d.offset}..${d.offset + d.bytes - 1} (${d.bytes} bytes)`;
  if (d.reason === 'foreign') return `${where}: another journal's file header starts here (journals concatenated into one file): not replayed as part of this one`;
  const why = { truncated: 'a record cut short', length: 'an impossible record length', checksum: 'a checksum that does not match',
    decode: 'a payload that does not decode', sequence: 'a record out of sequence' }[d.reason];
  if (d.resumedSeq === undefined) return `${where}: ${why} at record ${d.expectedSeq}; nothing valid follows to the end of the file`;
  return `${where}: ${why} at record ${d.expectedSeq}; resumed at record ${d.resumedSeq} (${recordsLostIn(d)} record(s) lost)`;
}

/** Where a gap sits: between which records, at which engine times, and what it means. */
function gapPlace(g: ReplayGap): string {
  const before = g.seq - 1 === 0 ? 'the header' : `record ${g.seq - 1}`;
  if (g.last) return `after ${before}, the last (engine time ${g.fromAt ?? 0} ms or later); the journal ends without them`;
  return `between ${before} and record ${g.seq + 1} (engine time ${g.fromAt ?? 'start'} to ${g.toAt ?? '?'} ms); ` +
    'decisions after it cannot be checked against an unbroken history';
}

/** The summary line: as before when the journal is complete; split at the first gap when not. */
function summary(r: ReplayResult): string {
  const cancelAlls = `cancel-alls ${r.cancelAllsReplayed} replayed, ${r.cancelAllsRecorded} recorded`;
  if (r.gaps.length === 0) return `replay: ${r.reproduced}/${r.decisions} decisions reproduced; ${cancelAlls}; ${r.differences.length} difference(s)`;
  const after = r.differences.filter((d) => d.afterGap).length;
  return `replay: ${r.reproduced - r.uncheckableAgreed}/${r.decisions - r.uncheckable} decisions before the first gap reproduced; ` +
    `${r.uncheckable} after it cannot be checked against an unbroken history (${r.uncheckableAgreed} agree, ${r.uncheckable - r.uncheckableAgreed} differ); ` +
    `${cancelAlls}; ${r.differences.length - after} difference(s) before the first gap, ${after} after it`;
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'replay JOURNAL [--explain ID]   re-run a journal through a fresh engine, check every decision is reproduced',
  usage: REPLAY_USAGE,
  run: runReplay,
};
