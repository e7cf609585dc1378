import type { Counter } from '../risk/codes.js';
import type { MetricLines } from './prometheus-text.js';

/**
 * The engine's other counters (`StateSnapshot.counters`: anomalies, guard trips, and the threaded
 * engine's ring and journal figures) as Prometheus families: one metric per family of like
 * things, its members told apart by a label, so that `sum()` over a family means something
 * (events ignored, guards tripped) and nothing unlike is summed with it.
 *
 * The table is keyed by every counter name there is (`Counter` and the threaded extras): a
 * counter added without a row here does not compile.
 */
type EngineCounterName = Exclude<keyof typeof Counter,
  'FILLS' | 'ORDER_UPDATES' | 'SNAPSHOTS' | 'FEED_EVENTS' | 'HEARTBEATS' | 'MARKS' | 'DECISIONS'>;
/** What the threaded engine's state adds (riskgate-state-source.ts). */
export type ThreadedCounterName = 'LOST_EVENTS' | 'CANCEL_ALLS' | 'CANCEL_ALLS_LOST' | 'LANES_DOWN' | 'JOURNAL_RECORDS' | 'JOURNAL_LOST';

/** Each family once: its type and help. */
const FAMILIES = {
  riskgate_ignored_events_total: { type: 'counter', help: 'Events the engine counted and ignored, by reason (duplicates, snapshots older than the accepted one, fills inside a snapshot, updates of unknown orders, malformed events).' },
  riskgate_snapshot_mismatches_total: { type: 'counter', help: 'Snapshots the fills did not explain (accepted; the position became an interval).' },
  riskgate_sequence_gaps_total: { type: 'counter', help: 'Fills that opened a gap in a contiguous sequence.' },
  riskgate_inferred_fills_total: { type: 'counter', help: 'Lots an order update reported filled before the fill arrived (held as inferred fills).' },
  riskgate_guard_trips_total: { type: 'counter', help: 'Guards that tripped, by guard.' },
  riskgate_flip_flop_resumes_total: { type: 'counter', help: 'Flip-flop trips that ended by themselves after their cool-down.' },
  riskgate_outside_orders_total: { type: 'counter', help: 'Orders the engine did not send, seen on their first update: tracked (their leaves count as open exposure) or not (the order table was full).' },
  riskgate_cancel_alls_lost_total: { type: 'counter', help: 'Cancel-all requests lost, by where: the engine\'s queue or the ring to the embedding was full.' },
  riskgate_cancel_alls_total: { type: 'counter', help: 'Cancel-all requests the risk thread handed to the embedding.' },
  riskgate_lost_events_total: { type: 'counter', help: 'Events lost before the risk thread (a full event ring).' },
  riskgate_lanes_down: { type: 'gauge', help: 'Event lanes held down now (their instruments deny risk-increasing orders).' },
  riskgate_journal_records_total: { type: 'counter', help: 'Records the risk thread handed to the journal ring.' },
  riskgate_journal_ring_lost_records_total: { type: 'counter', help: 'Records lost because the journal ring was full.' },
} as const satisfies Readonly<Record<string, { readonly type: 'counter' | 'gauge'; readonly help: string }>>;

interface CounterRow {
  readonly family: keyof typeof FAMILIES;
  /** The member's label (absent: the family has one member). */
  readonly label?: readonly [name: string, value: string];
}

const ROWS: Readonly<Record<EngineCounterName | ThreadedCounterName, CounterRow>> = {
  DUPLICATE_FILLS: { family: 'riskgate_ignored_events_total', label: ['reason', 'duplicate_fill'] },
  STALE_SNAPSHOTS: { family: 'riskgate_ignored_events_total', label: ['reason', 'stale_snapshot'] },
  FILLS_INSIDE_SNAPSHOT: { family: 'riskgate_ignored_events_total', label: ['reason', 'fill_inside_snapshot'] },
  UNKNOWN_ORDER_UPDATES: { family: 'riskgate_ignored_events_total', label: ['reason', 'unknown_order_update'] },
  INVALID_EVENTS: { family: 'riskgate_ignored_events_total', label: ['reason', 'invalid'] },
  MISMATCHES: { family: 'riskgate_snapshot_mismatches_total' },
  GAPS: { family: 'riskgate_sequence_gaps_total' },
  INFERRED_FILLS: { family: 'riskgate_inferred_fills_total' },
  FLIP_FLOP_TRIPS: { family: 'riskgate_guard_trips_total', label: ['guard', 'flip_flop'] },
  LOSS_LIMIT_TRIPS: { family: 'riskgate_guard_trips_total', label: ['guard', 'loss_limit'] },
  DRAWDOWN_TRIPS: { family: 'riskgate_guard_trips_total', label: ['guard', 'drawdown'] },
  FLIP_FLOP_RESUMES: { family: 'riskgate_flip_flop_resumes_total' },
  OUTSIDE_ORDERS: { family: 'riskgate_outside_orders_total', label: ['tracked', 'true'] },
  OUTSIDE_ORDERS_UNTRACKED: { family: 'riskgate_outside_orders_total', label: ['tracked', 'false'] },
  CANCEL_ALL_DROPPED: { family: 'riskgate_cancel_alls_lost_total', label: ['cause', 'engine_queue_full'] },
  CANCEL_ALLS_LOST: { family: 'riskgate_cancel_alls_lost_total', label: ['cause', 'ring_full'] },
  CANCEL_ALLS: { family: 'riskgate_cancel_alls_total' },
  LOST_EVENTS: { family: 'riskgate_lost_events_total' },
  LANES_DOWN: { family: 'riskgate_lanes_down' },
  JOURNAL_RECORDS: { family: 'riskgate_journal_records_total' },
  JOURNAL_LOST: { family: 'riskgate_journal_ring_lost_records_total' },
};

/** Writes `counters` as their families, each family once, in the families' order. */
export function renderCounterFamilies(m: MetricLines, counters: Readonly<Record<string, number>>): void {
  const rows = Object.entries(ROWS);
  for (const [family, f] of Object.entries(FAMILIES)) {
    let header = false;
    for (const [name, row] of rows) {
      const v = counters[name];
      if (row.family !== family || v === undefined) continue;
      if (!header) m.family(family, f.type, f.help);
      header = true;
      m.sample(family, row.label === undefined ? {} : { [row.label[0]]: row.label[1] }, v);
    }
  }
}
