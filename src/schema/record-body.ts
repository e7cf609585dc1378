import type { MarketEvent, RequestStep } from '../scenario/scenario-types.js';
import type { RecordHandles } from './record-handles.js';
import type { EngineStateView } from './state-view.js';

/** The journal header: always record 0. `config` is the validated config as recorded (JSON text). */
export interface HeaderBody {
  readonly kind: 'header';
  readonly formatVersion: number;
  readonly configJson: string;
  /** Wall-clock ms since the Unix epoch. */
  readonly createdAt: number;
  readonly writer: string;
  /** Format 4: the file's place in a rotated set (absent: not rotated). */
  readonly segment?: number;
}
/**
 * An event the engine applied, in the scenario step format (src/scenario/scenario-types.ts).
 * `handles`: the integers the engine saw for its ids (threaded journals); the event's id
 * strings are then their labels unless the writer knew the real strings (record-handles.ts).
 */
export interface EventBody { readonly kind: 'event'; readonly event: MarketEvent; readonly handles?: RecordHandles }
/** A request the engine answered; the `decision` record that answers it follows. `handles` as for events. */
export interface RequestBody { readonly kind: 'request'; readonly request: RequestStep; readonly handles?: RecordHandles }
/** The answer to the request recorded as `requestSeq`. `reasonCode` 0 = approved. */
export interface DecisionBody {
  readonly kind: 'decision';
  readonly requestSeq: number;
  readonly orderId?: string;
  /** The request's order handle, repeated (threaded journals). */
  readonly handles?: RecordHandles;
  readonly decision: 'approve' | 'deny';
  readonly reasonCode: number;
  /** The deny reason's stable name; absent when approved. */
  readonly reason?: string;
}
/** A cancel-all the engine asked for; `symbol` `*` = every instrument. */
export interface CancelAllBody { readonly kind: 'cancelAll'; readonly symbol: string }
export interface StateBody { readonly kind: 'state'; readonly state: EngineStateView }
/**
 * A hole: `lost` engine calls (events, requests with their decisions, cancel-alls) the risk
 * thread could not hand to the journal (full journal ring) or the writer could not write
 * (`cause`), between the record before this one
 * and the record after it, at engine times within [`fromAt`, `toAt`] (each absent when there is
 * no such record). `lostTotal`: losses since the journal began, this gap included.
 */
export interface GapBody {
  readonly kind: 'gap';
  readonly lost: number;
  readonly lostTotal: number;
  readonly fromAt?: number;
  readonly toAt?: number;
  /**
   * Format 4: `writeFailed` when the file system refused the writes (full disk, I/O error): the
   * calls reached the journal writer and could not be written. Absent: the journal ring was full.
   */
  readonly cause?: 'writeFailed';
}

export type RecordBody = HeaderBody | EventBody | RequestBody | DecisionBody | CancelAllBody | StateBody | GapBody;

/**
 * One journal record (one `Envelope` of the schema) as a plain object. `seq` counts records
 * from 0 (the header); `at` is engine time (ms) when the engine applied or decided it.
 */
export interface JournalRecord {
  readonly seq: number;
  readonly at: number;
  readonly body: RecordBody;
}
