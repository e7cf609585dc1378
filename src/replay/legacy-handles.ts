import type { HeaderBody, JournalRecord, RecordBody } from '../schema/record-body.js';
import { handleLabel, type RecordHandles } from '../schema/record-handles.js';
import { isDamage, type JournalItem } from '../journal/journal-reader.js';

/**
 * The `writer` the threaded engine put in the header of its format-1 journals. History, not a
 * reference to journal-thread-main.ts: it must keep matching those files if that name changes.
 */
export const FORMAT1_THREADED_WRITER = 'riskgate threaded engine';

const ORDER_LABEL = /^#(-?\d{1,16})$/;

function integer(s: string | undefined, re: RegExp | null): number | undefined {
  if (s === undefined) return undefined;
  const digits = re === null ? s : re.exec(s)?.[1];
  if (digits === undefined) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) && String(n) === digits ? n : undefined;
}

/** True for a format-1 journal of the threaded engine: its ids are handles written as strings. */
export function hasLegacyHandles(header: HeaderBody | undefined): boolean {
  return header !== undefined && header.formatVersion === 1 && header.writer === FORMAT1_THREADED_WRITER;
}

/**
 * Reads a format-1 threaded journal's ids as what they were: the threaded engine wrote each
 * order handle as the order id `#<handle>` and each exec key as its decimal string
 * (journal-layout.ts, format history). Returns the records as format 2 reads them: the
 * handles in `handles`, the ids as their labels. Records of any other journal are returned
 * as they are. Off the hot path.
 */
export function withLegacyHandles(records: readonly JournalRecord[]): readonly JournalRecord[] {
  const first = records[0]?.body;
  if (first?.kind !== 'header' || !hasLegacyHandles(first)) return records;
  return records.map((r) => ({ ...r, body: upgrade(r.body) }));
}

/**
 * `withLegacyHandles` for a stream of records and damaged ranges (the header record first), one
 * item at a time: what replay and sweep use to read a journal in constant memory.
 */
export function* legacyHandleItems(items: Iterable<JournalItem>): Generator<JournalItem> {
  let legacy: boolean | undefined;
  for (const it of items) {
    if (isDamage(it)) {
      legacy ??= false;
      yield it;
      continue;
    }
    legacy ??= it.body.kind === 'header' && hasLegacyHandles(it.body);
    yield legacy ? { ...it, body: upgrade(it.body) } : it;
  }
}

function upgrade(body: RecordBody): RecordBody {
  if (body.kind === 'event') {
    const ev = body.event;
    if (ev.type === 'fill') {
      const order = integer(ev.orderId, ORDER_LABEL);
      const exec = integer(ev.execId, null);
      if (exec === undefined) return body;
      const h: RecordHandles = order === undefined ? { exec } : { order, exec };
      return { ...body, event: { ...ev, execId: handleLabel(exec) }, handles: h };
    }
    if (ev.type === 'orderUpdate') {
      const order = integer(ev.orderId, ORDER_LABEL);
      return order === undefined ? body : { ...body, handles: { order } };
    }
    return body;
  }
  if (body.kind === 'request') {
    const req = body.request;
    if (req.type === 'kill') return body;
    const order = integer(req.orderId, ORDER_LABEL);
    return order === undefined ? body : { ...body, handles: { order } };
  }
  if (body.kind === 'decision') {
    const order = integer(body.orderId, ORDER_LABEL);
    return order === undefined ? body : { ...body, handles: { order } };
  }
  return body;
}
