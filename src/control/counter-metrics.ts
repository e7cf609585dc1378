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
interface CounterRow {
  readonly metric: string;
  readonly type: 'counter' | 'gauge';
  /** The member's label (absent: the family has one member). */
  readonly label?: readonly [name: string, value: string];
}

type EngineCounterName = Exclude<keyof typeof Counter,
  'FILLS' | 'ORDER_UPDATES' | 'SNAPSHOTS' | 'FEED_EVENTS' | 'HEARTBEATS' | 'MARKS' | 'DECISIONS'>;
/** What the threaded engine's state adds (riskgate-state-source.ts). */
export type ThreadedCounterName = 'LOST_EVENTS' | 'CANCEL_ALLS' | 'CANCEL_ALLS_LOST' | 'LANES_DOWN' | 'JOURNAL_RECORDS' | 'JOURNAL_LOST';

const ROWS: Readonly<Record<EngineCounterName | ThreadedCounterName, CounterRow>> = {
  DUPLICATE_FILLS: { metric: 'riskgate_ignored_events_total', type: 'counter', label: ['reason', 'duplicate_fill'] },
  STALE_SNAPSHOTS: { metric: 'riskgate_ignored_events_total', type: 'counter', label: ['reason', 'stale_snapshot'] },
  FILLS_INSIDE_SNAPSHOT: { metric: 'riskgate_ignored_events_total', type: 'counter', label: ['reason', 'fill_inside_snapshot'] },
  UNKNOWN_ORDER_UPDATES: { metric: 'riskgate_ignored_events_total', type: 'counter', label: ['reason', 'unknown_order_update'] },
  INVALID_EVENTS: { metric: 'riskgate_ignored_events_total', type: 'counter', label: ['reason', 'invalid'] },
  MISMATCHES: { metric: 'riskgate_snapshot_mismatches_total', type: 'counter' },
  GAPS: { metric: 'riskgate_sequence_gaps_total', type: 'counter' },
  INFERRED_FILLS: { metric: 'riskgate_inferred_fills_total', type: 'counter' },
  FLIP_FLOP_TRIPS: { metric: 'riskgate_guard_trips_total', type: 'counter', label: ['guard', 'flip_flop'] },
  LOSS_LIMIT_TRIPS: { metric: 'riskgate_guard_trips_total', type: 'counter', label: ['guard', 'loss_limit'] },
  DRAWDOWN_TRIPS: { metric: 'riskgate_guard_trips_total', type: 'counter', label: ['guard', 'drawdown'] },
  FLIP_FLOP_RESUMES: { metric: 'riskgate_flip_flop_resumes_total', type: 'counter' },
  OUTSIDE_ORDERS: { metric: 'riskgate_outside_orders_total', type: 'counter', label: ['tracked', 'true'] },
  OUTSIDE_ORDERS_UNTRACKED: { metric: 'riskgate_outside_orders_total', type: 'counter', label: ['tracked', 'false'] },
  CANCEL_ALL_DROPPED: { metric: 'riskgate_cancel_alls_lost_total', type: 'counter', label: ['cause', 'engine_queue_full'] },
  CANCEL_ALLS_LOST: { metric: 'riskgate_cancel_alls_lost_total', type: 'counter', label: ['cause', 'ring_full'] },
  CANCEL_ALLS: { metric: 'riskgate_cancel_alls_total', type: 'counter' },
  LOST_EVENTS: { metric: 'riskgate_lost_events_total', type: 'counter' },
  LANES_DOWN: { metric: 'riskgate_lanes_down', type: 'gauge' },
  JOURNAL_RECORDS: { metric: 'riskgate_journal_records_total', type: 'counter' },
  JOURNAL_LOST: { metric: 'riskgate_journal_ring_lost_records_total', type: 'counter' },
};

const HELP: Readonly<Record<string, string>> = {
  riskgate_ignored_events_total: 'Events the engine counted and ignored, by reason (duplicates, snapshots older than the accepted one, fills inside a snapshot, updates of unknown orders, malformed events).',
  riskgate_snapshot_mismatches_total: 'Snapshots the fills did not explain (accepted; the position became an interval).',
  riskgate_sequence_gaps_total: 'Fills that opened a gap in a contiguous sequence.',
  riskgate_inferred_fills_total: 'Lots an order update reported filled before the fill arrived (held as inferred fills).',
  riskgate_guard_trips_total: 'Guards that tripped, by guard.',
  riskgate_flip_flop_resumes_total: 'Flip-flop trips that ended by themselves after their cool-down.',
  riskgate_outside_orders_total: 'Orders the engine did not send, seen on their first update: tracked (their leaves count as open exposure) or not (the order table was full).',
  riskgate_cancel_alls_lost_total: 'Cancel-all requests lost, by where: the engine\'s queue or the ring to the embedding was full.',
  riskgate_cancel_alls_total: 'Cancel-all requests the risk thread handed to the embedding.',
  riskgate_lost_events_total: 'Events lost before the risk thread (a full event ring).',
  riskgate_lanes_down: 'Event lanes held down now (their instruments deny risk-increasing orders).',
  riskgate_journal_records_total: 'Records the risk thread handed to the journal ring.',
  riskgate_journal_ring_lost_records_total: 'Records lost because the journal ring was full.',
};

/** The row of a counter name (undefined: not one of the engine's). */
export function counterRow(name: string): CounterRow | undefined {
  return (ROWS as Readonly<Record<string, CounterRow>>)[name];
}

/** Writes `counters` as their families, each family once, in the table's order. */
export function renderCounterFamilies(m: MetricLines, counters: Readonly<Record<string, number>>): void {
  const byMetric = new Map<string, [CounterRow, number][]>();
  for (const [name, row] of Object.entries(ROWS)) {
    const v = counters[name];
    if (v === undefined) continue;
    const list = byMetric.get(row.metric) ?? [];
    list.push([row, v]);
    byMetric.set(row.metric, list);
  }
  for (const [metric, members] of byMetric) {
    m.family(metric, members[0]![0].type, HELP[metric]!);
    for (const [row, v] of members) m.sample(metric, row.label === undefined ? {} : { [row.label[0]]: row.label[1] }, v);
  }
}
