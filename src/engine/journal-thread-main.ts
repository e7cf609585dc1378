/**
 * Entry of the journal thread (a `worker_threads` Worker started by `JournalThread`): the only
 * consumer of the journal ring. Off the hot path; allocates per record.
 *
 * Why a thread of its own and not the embedding thread: the writer's `write` and `fdatasync`
 * are synchronous; on the embedding thread they would stall the application's event loop
 * (strategy pumps, the feed supervisor, the control publisher) for as long as the disk takes.
 * Here they stall only this thread, and the risk thread never waits for it: a full ring is the
 * risk thread's counted loss.
 *
 * Loop: poll the ring; turn each slot into records (`JournalRecordDecoder`), append them
 * (a request's decision gets the request's journal seq) after a `JournalGap` record when the
 * slot's loss stamp says the risk thread lost slots since the previous one (journal-slot-layout.ts),
 * release the slots, end the batch
 * (one fsync decision per drained batch: the configured policy), and, while the control server
 * asks for them, post the batch's decisions to the embedding. Poll again at once after work;
 * after an empty poll sleep `pollMs` on the event loop (so the stop message, and the writer's
 * interval timer, are seen). On `stop` (sent after the risk thread exited): drain to empty,
 * write a trailing gap for losses after the last slot (the ring's drop counter above the last
 * stamp), close the journal (flush + fsync unless the policy is `none`), post `stopped`, exit.
 * Every loss the risk thread counted is then in the file as a gap: a pending gap is written
 * with the next slot or at stop, so only a process that dies before either leaves it out (as
 * it leaves out every record it had not written).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JournalWriter } from '../journal/journal-writer.js';
import { RotatingJournalWriter } from '../journal/rotating-journal.js';
import { denyReasonName } from '../risk/deny-reason.js';
import { RingConsumer } from '../ring/index.js';
import { AT_DWORD } from '../codec/index.js';
import { JournalLiveness } from './journal-liveness.js';
import { JournalRecordDecoder } from './journal-record-decoder.js';
import { JOURNAL_LOST_WORD } from './journal-slot-layout.js';
import { FAILING_WORD, UNMARKED_DWORD, WRITE_ERRORS_DWORD, WRITE_LOST_DWORD } from './journal-status-layout.js';
import type { JournalDecision, JournalThreadCommand, JournalThreadData, JournalThreadMessage } from './journal-thread-data.js';

const data = workerData as JournalThreadData;
const port = parentPort!;
const post = (m: JournalThreadMessage): void => port.postMessage(m);
const ring = new RingConsumer(data.ring);
/** The config's strategy names: an ORDER slot's strategy index is journaled by name. */
const strategyNames = ((JSON.parse(data.configJson) as { strategies?: readonly { name: string }[] }).strategies ?? []).map((s) => s.name);
const decoder = new JournalRecordDecoder(data.symbols, strategyNames);
/** What `/health` reads of this thread: a beat per poll, the write errors, whether writing stopped. */
const liveness = data.liveness === undefined ? undefined : new JournalLiveness(data.liveness);
let writeErrors = 0;
const statusI32 = new Int32Array(data.status);
const statusF64 = new Float64Array(data.status);
let lastState: 'ok' | 'failing' = 'ok';

/** Publishes the writer's refusals (journal-status-layout.ts) and tells the embedding of a change of state. */
function publishStatus(): void {
  if (writer === undefined) return;
  const s = writer.status;
  statusF64[WRITE_ERRORS_DWORD] = s.writeErrors;
  statusF64[WRITE_LOST_DWORD] = s.lostCalls;
  statusF64[UNMARKED_DWORD] = s.unmarkedCalls;
  Atomics.store(statusI32, FAILING_WORD, s.state === 'failing' ? 1 : 0); // publish: the risk thread loads it every pass
  liveness?.setErrors(writeErrors + s.writeErrors); // /health and /metrics read the same figures
  liveness?.setFailing(s.state === 'failing');
  if (s.state !== lastState) {
    lastState = s.state;
    post({ type: 'writeState', state: s.state, lastError: s.lastError });
  }
}

let writer: JournalWriter | RotatingJournalWriter | undefined;
try {
  if (data.path !== null) {
    const header = { configJson: data.configJson, writer: 'riskgate threaded engine' };
    writer = data.journal.rotate !== undefined ? RotatingJournalWriter.create(data.path, header, { journal: data.journal }, data.journal.rotate)
      : JournalWriter.create(data.path, header, { journal: data.journal });
  }
} catch (err) {
  const e = err as { code?: string; message: string };
  post({ type: 'failed', code: e.code ?? 'ERR_RISKGATE_JOURNAL_IO', message: e.message });
  port.close();
  process.exit(0);
}

let feed = false;
let stopping = false;
let slots = 0;
let records = 0;
/** Loss stamp (uint32) of the last slot consumed: losses up to it are written as gaps. */
let lostSeen = 0;
/** Losses written into gap records, and gap records written. */
let lostInGaps = 0;
let gaps = 0;
/** Engine time of the last record appended after the header (a gap's `fromAt`). */
let lastAt: number | undefined;
let error: string | undefined;
let timer: NodeJS.Timeout | undefined;

function append(at: number, body: Parameters<JournalWriter['append']>[1]): number {
  if (writer === undefined) return -1;
  try {
    const seq = writer.append(at, body);
    if (seq >= 0) records++;
    return seq;
  } catch (err) {
    fail(err);
    return -1;
  }
}

function fail(err: unknown): void {
  const e = err as { code?: string; message: string };
  error = `${e.code ?? 'ERR_RISKGATE_JOURNAL_IO'}: ${e.message}`;
  liveness?.setErrors(++writeErrors);
  liveness?.setFailing(true);
  // The writer is gone for good: the risk thread's halt policy must see it too, not only /health.
  Atomics.store(statusI32, FAILING_WORD, 1); // publish: the risk thread loads it every pass
  if (lastState !== 'failing') {
    lastState = 'failing';
    post({ type: 'writeState', state: 'failing', lastError: error });
  }
  post({ type: 'error', code: e.code ?? 'ERR_RISKGATE_JOURNAL_IO', message: e.message });
  try {
    writer?.close();
  } catch {
    // already failing
  }
  writer = undefined;
}

/**
 * Writes a gap record for the losses between the last slot consumed and the loss count `stamp`
 * (a slot's stamp, or the ring's drop counter at stop), when there are any. `toAt`: engine time
 * of the slot after the gap (undefined: a trailing gap).
 */
function gapTo(stamp: number, toAt: number | undefined): void {
  const lost = (stamp - lostSeen) >>> 0;
  lostSeen = stamp;
  if (lost === 0) return;
  const total = lostInGaps + lost;
  const seq = append(lastAt ?? toAt ?? 0, {
    kind: 'gap', lost, lostTotal: total, ...(lastAt !== undefined ? { fromAt: lastAt } : {}), ...(toAt !== undefined ? { toAt } : {}),
  });
  if (seq < 0) return;
  lostInGaps = total;
  gaps++;
}

/** Drains what is published now; returns the slots consumed. */
function drain(): number {
  const n = ring.poll();
  if (n === 0) return 0;
  const decisions: JournalDecision[] = [];
  for (let k = 0; k < n; k++) {
    const off = ring.slotOffset(k);
    const decoded = decoder.decode(ring.i32, ring.f64, off);
    gapTo(ring.i32[(off >> 2) + JOURNAL_LOST_WORD]! >>> 0, decoded?.at ?? ring.f64[(off >> 3) + AT_DWORD]!);
    if (decoded === undefined) continue;
    lastAt = decoded.at;
    let requestSeq = -1;
    for (const body of decoded.bodies) {
      if (body.kind === 'request') requestSeq = append(decoded.at, body);
      else if (body.kind === 'decision') {
        append(decoded.at, { ...body, requestSeq });
        if (feed) decisions.push(toFeed(decoded.at, decoded.bodies[0]!, body.decision, body.reasonCode));
      } else append(decoded.at, body);
    }
  }
  ring.release(n);
  slots += n;
  if (writer !== undefined) {
    try {
      writer.endBatch();
    } catch (err) {
      fail(err);
    }
  }
  publishStatus();
  if (decisions.length > 0) post({ type: 'decisions', decisions });
  return n;
}

function toFeed(at: number, req: Parameters<JournalWriter['append']>[1], decision: 'approve' | 'deny', code: number): JournalDecision {
  const reason = denyReasonName(code);
  if (req.kind !== 'request') return { at, kind: 'kill', decision, reason };
  const r = req.request;
  if (r.type === 'order') {
    return {
      at, kind: 'order', orderId: r.orderId, symbol: r.symbol, side: r.side, qty: r.qty, price: r.price, decision, reason,
      ...(r.strategy !== undefined ? { strategy: r.strategy } : {}),
    };
  }
  if (r.type === 'cancel') return { at, kind: 'cancel', orderId: r.orderId, decision, reason };
  return { at, kind: 'kill', mode: r.mode, ...(r.symbol !== undefined ? { symbol: r.symbol } : {}), decision, reason };
}

function tick(): void {
  timer = undefined;
  if (stopping) return;
  liveness?.beat();
  const n = drain();
  if (n === 0) publishStatus(); // an idle writer's interval sync may fail or succeed too
  timer = n > 0 ? (setImmediate(tick) as unknown as NodeJS.Timeout) : setTimeout(tick, data.pollMs);
}

port.on('message', (m: JournalThreadCommand) => {
  if (m.type === 'feed') feed = m.on;
  else if (m.type === 'stop') {
    stopping = true;
    if (timer !== undefined) {
      clearTimeout(timer);
      clearImmediate(timer as unknown as NodeJS.Immediate);
    }
    while (drain() > 0);
    gapTo(ring.drops(), undefined); // losses after the last slot: the risk thread has exited
    const w = writer;
    try {
      writer?.close();
    } catch (err) {
      fail(err);
    }
    const s = w?.status;
    writer = w;
    publishStatus();
    writer = undefined;
    post({
      type: 'stopped', slots, records, ringDrops: ring.drops(), gaps, lostInGaps, error,
      writeErrors: s?.writeErrors ?? 0, writeLost: s?.lostCalls ?? 0, unmarked: s?.unmarkedCalls ?? 0,
    });
    port.close();
  }
});

post({ type: 'ready' });
tick();
