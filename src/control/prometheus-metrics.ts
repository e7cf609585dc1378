import type { HealthPart } from './health-part.js';
import { renderCounterFamilies } from './counter-metrics.js';
import type { KillOutcomes } from './kill-sink.js';
import type { ServerStats } from './server-stats.js';
import type { StateSnapshot } from './state-source.js';
import { LATENCY_BUCKETS_S, type LatencyView } from './latency-view.js';
import { MetricLines } from './prometheus-text.js';
import { renderRuntimeMetrics, type RuntimeMetrics } from './runtime-metrics.js';

export { labelValue, METRICS_CONTENT_TYPE } from './prometheus-text.js';

const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;

/**
 * The /metrics body. Ring and feed-reconnect families appear only when the source provides them;
 * the latency histogram only when the source measures latencies (its HELP says what is timed).
 * `runtime`: the build and the process's and threads' runtime (runtime-metrics.ts), appended.
 */
export function renderMetrics(state: StateSnapshot, stats: ServerStats, latency: LatencyView | null, health: readonly HealthPart[] = [], kills?: KillOutcomes, runtime: RuntimeMetrics = {}): string {
  const m = new MetricLines();
  if (health.length > 0) {
    m.family('riskgate_up', 'gauge', '1 when every part /health judges is ok (it answers 200), else 0 (503).');
    m.sample('riskgate_up', {}, health.every((p) => p.ok) ? 1 : 0);
    m.family('riskgate_health_part_up', 'gauge', 'Per part of /health (risk, kill-switch, journal, state, feed:<name>): 1 ok, 0 failing.');
    for (const p of health) m.sample('riskgate_health_part_up', { part: p.name }, p.ok ? 1 : 0);
    const risk = health.find((p) => p.name === 'risk');
    if (risk?.ageMs !== undefined) {
      m.family('riskgate_risk_loop_age_seconds', 'gauge', 'Time since the risk loop last turned, as the control server observed it (late by at most one stream interval).');
      m.sample('riskgate_risk_loop_age_seconds', {}, risk.ageMs / 1000);
    }
    const feeds = health.filter((p) => p.name.startsWith('feed:'));
    if (feeds.length > 0) {
      m.family('riskgate_feed_up', 'gauge', 'Per supervised feed: 1 while its worker beats within its deadline and its source runs, else 0.');
      for (const p of feeds) m.sample('riskgate_feed_up', { feed: p.name.slice(5) }, p.ok ? 1 : 0);
      m.family('riskgate_feed_beat_age_seconds', 'gauge', 'Per supervised feed: time since its worker last beat.');
      for (const p of feeds) m.sample('riskgate_feed_beat_age_seconds', { feed: p.name.slice(5) }, (p.ageMs ?? NaN) / 1000);
    }
    const journal = health.find((p) => p.name === 'journal');
    if (journal !== undefined) {
      m.family('riskgate_journal_errors_total', 'counter', 'Journal write errors reported by the journal thread.');
      m.sample('riskgate_journal_errors_total', {}, journal.errors ?? 0);
    }
  }
  if (kills !== undefined) {
    m.family('riskgate_control_kill_results_total', 'counter', 'Kill requests the risk thread answered, by result (APPROVED: applied, else the deny reason).');
    for (const [result, v] of kills.results) m.sample('riskgate_control_kill_results_total', { result }, v);
    m.family('riskgate_control_kills_pending', 'gauge', 'Kill requests in the kill ring not answered yet.');
    m.sample('riskgate_control_kills_pending', {}, kills.pending);
  }
  m.family('riskgate_decisions_total', 'counter', 'Decisions since start by reason (APPROVED or the deny reason).');
  for (const [reason, v] of Object.entries(state.decisionsByReason)) m.sample('riskgate_decisions_total', { reason }, v);
  const strategies = state.strategies ?? [];
  if (strategies.length > 0) {
    m.family('riskgate_strategy_position_lots', 'gauge', 'A strategy\'s position on an instrument: the executed lots of the orders it sent.');
    for (const st of strategies) for (const x of st.instruments) m.sample('riskgate_strategy_position_lots', { strategy: st.name, symbol: x.symbol }, x.position);
    m.family('riskgate_strategy_open_lots', 'gauge', 'Leaves of a strategy\'s live and in-flight orders on an instrument, by side.');
    for (const st of strategies) {
      for (const x of st.instruments) {
        m.sample('riskgate_strategy_open_lots', { strategy: st.name, symbol: x.symbol, side: 'buy' }, x.openBuy);
        m.sample('riskgate_strategy_open_lots', { strategy: st.name, symbol: x.symbol, side: 'sell' }, x.openSell);
      }
    }
    m.family('riskgate_strategy_open_notional', 'gauge', 'Price x leaves x lotSize of a strategy\'s live and in-flight orders on an instrument (quote).');
    for (const st of strategies) for (const x of st.instruments) m.sample('riskgate_strategy_open_notional', { strategy: st.name, symbol: x.symbol }, x.openNotional);
  }
  m.family('riskgate_events_total', 'counter', 'Events applied since start by type.');
  for (const [type, v] of Object.entries(state.eventsByType)) m.sample('riskgate_events_total', { type }, v);
  renderCounterFamilies(m, state.counters);

  if (state.rings !== undefined) {
    m.family('riskgate_ring_used_slots', 'gauge', 'Slots in use in a ring between threads.');
    for (const r of state.rings) m.sample('riskgate_ring_used_slots', { ring: r.name }, r.used);
    m.family('riskgate_ring_capacity_slots', 'gauge', 'Capacity of a ring between threads.');
    for (const r of state.rings) m.sample('riskgate_ring_capacity_slots', { ring: r.name }, r.capacity);
    m.family('riskgate_ring_drops_total', 'counter', 'Slots lost because a ring was full.');
    for (const r of state.rings) m.sample('riskgate_ring_drops_total', { ring: r.name }, r.drops);
  }
  if (state.journal !== undefined) {
    const j = state.journal;
    m.family('riskgate_journal_up', 'gauge', '1 while the journal file takes its writes, 0 while the file system refuses them (full disk, I/O error).');
    m.sample('riskgate_journal_up', {}, j.state === 'ok' ? 1 : 0);
    m.family('riskgate_journal_write_errors_total', 'counter', 'Journal writes and syncs the file system refused.');
    m.sample('riskgate_journal_write_errors_total', {}, j.writeErrors);
    m.family('riskgate_journal_lost_calls_total', 'counter', 'Engine calls not in the journal, by cause (each marked by a gap record once the disk allows).');
    m.sample('riskgate_journal_lost_calls_total', { cause: 'write_failed' }, j.lostWriteFailed);
    m.sample('riskgate_journal_lost_calls_total', { cause: 'ring_full' }, j.lostRingFull);
    m.family('riskgate_journal_unmarked_calls', 'gauge', 'Lost calls no gap record in the journal accounts for yet (the disk refused that too).');
    m.sample('riskgate_journal_unmarked_calls', {}, j.unmarked);
  }
  if (state.feedReconnectsByFeed !== undefined) {
    // One series per feed and no unlabeled total beside them: sum() over the family is the total.
    m.family('riskgate_feed_reconnects_total', 'counter', 'Feed reconnects (restarts of the feed\'s worker) since start, per supervised feed.');
    for (const [feed, v] of Object.entries(state.feedReconnectsByFeed)) m.sample('riskgate_feed_reconnects_total', { feed }, v);
  } else if (state.feedReconnects !== undefined) {
    m.family('riskgate_feed_reconnects_total', 'counter', 'Feed reconnects since start (the source does not tell the feeds apart).');
    m.sample('riskgate_feed_reconnects_total', {}, state.feedReconnects);
  }

  const per: readonly [string, string, (i: StateSnapshot['instruments'][number]) => number | null][] = [
    ['riskgate_position_min_lots', 'Lower end of the position estimate (NaN before the first snapshot).', (i) => i.estPosMin],
    ['riskgate_position_max_lots', 'Upper end of the position estimate (NaN before the first snapshot).', (i) => i.estPosMax],
    ['riskgate_open_buy_lots', 'Leaves quantity of live and in-flight buy orders.', (i) => i.openBuy],
    ['riskgate_open_sell_lots', 'Leaves quantity of live and in-flight sell orders.', (i) => i.openSell],
    ['riskgate_unconfirmed_fills', 'Fills not yet confirmed by a snapshot.', (i) => i.unconfirmedCount],
    ['riskgate_unconfirmed_lots', 'Absolute lots of the unconfirmed fills.', (i) => i.unconfirmedQty],
    ['riskgate_limit_long_lots', 'Configured maxLong.', (i) => i.maxLong],
    ['riskgate_limit_short_lots', 'Configured maxShort.', (i) => i.maxShort],
  ];
  for (const [name, help, get] of per) {
    m.family(name, 'gauge', help);
    for (const i of state.instruments) m.sample(name, { symbol: i.symbol }, get(i) ?? NaN);
  }
  if (state.instruments.some((i) => i.pnl !== undefined)) {
    m.family('riskgate_pnl', 'gauge', 'PnL per instrument, realized + unrealized at the mark, average cost, gross of fees (quote).');
    for (const i of state.instruments) if (i.pnl !== undefined) m.sample('riskgate_pnl', { symbol: i.symbol, account: i.account ?? '' }, i.pnl);
  }
  if (state.accounts !== undefined) {
    const acc: readonly [string, string, (a: NonNullable<StateSnapshot['accounts']>[number]) => number | null][] = [
      ['riskgate_account_gross_notional', 'Account gross notional at the mark, worst case (quote; +Inf while an instrument is unbounded): ACCOUNT_GROSS_NOTIONAL.', (a) => a.grossNotional ?? Infinity],
      ['riskgate_account_net_notional', 'Account net notional at the mark, worst case (quote; +Inf while unbounded): ACCOUNT_NET_NOTIONAL.', (a) => a.netNotional ?? Infinity],
      ['riskgate_account_max_gross_notional', 'Configured maxGrossNotional (+Inf: off).', (a) => a.maxGrossNotional ?? Infinity],
      ['riskgate_account_max_net_notional', 'Configured maxNetNotional (+Inf: off).', (a) => a.maxNetNotional ?? Infinity],
      ['riskgate_account_pnl', 'Account PnL, realized + unrealized, gross of fees (quote).', (a) => a.pnl],
      ['riskgate_account_drawdown', 'Account PnL below its peak within the drawdown window (quote).', (a) => a.drawdown],
    ];
    for (const [name, help, get] of acc) {
      m.family(name, 'gauge', help);
      for (const a of state.accounts) m.sample(name, { account: a.name }, get(a) ?? NaN);
    }
    m.family('riskgate_account_loss_breach', 'gauge', '1 while the account\'s loss limit (LOSS_LIMIT) or drawdown limit (DRAWDOWN_LIMIT) is breached.');
    for (const a of state.accounts) for (const reason of ['LOSS_LIMIT', 'DRAWDOWN_LIMIT']) m.sample('riskgate_account_loss_breach', { account: a.name, reason }, a.breach === reason ? 1 : 0);
  }
  m.family('riskgate_trading_state', 'gauge', '1 for the trading state each instrument is in.');
  for (const i of state.instruments) for (const s of TRADING_STATES) m.sample('riskgate_trading_state', { symbol: i.symbol, state: s }, i.tradingState === s ? 1 : 0);

  if (latency !== null) {
    const name = 'riskgate_decision_latency_seconds';
    const b = latency.buckets();
    m.family(name, 'histogram', latency.help);
    LATENCY_BUCKETS_S.forEach((le, k) => m.out.push(`${name}_bucket{le="${le}"} ${b.cumulative[k]!}`));
    m.out.push(`${name}_bucket{le="+Inf"} ${b.count}`, `${name}_sum ${b.sumSeconds}`, `${name}_count ${b.count}`);
  }

  m.family('riskgate_control_kill_auth_failures_total', 'counter', 'POST /kill without a valid bearer token.');
  m.sample('riskgate_control_kill_auth_failures_total', {}, stats.killAuthFailures);
  m.family('riskgate_control_kill_requests_total', 'counter', 'Authenticated kill requests by mode and result.');
  for (const [k, v] of stats.killRequests) {
    const [mode = '', result = ''] = k.split(':');
    m.sample('riskgate_control_kill_requests_total', { mode, result }, v);
  }
  m.family('riskgate_control_refused_total', 'counter', 'Requests refused by reason (too_large, bad_request, bad_host, kill_disabled).');
  for (const [reason, v] of stats.refused) m.sample('riskgate_control_refused_total', { reason }, v);
  m.family('riskgate_stream_clients', 'gauge', 'Connected /stream clients.');
  m.sample('riskgate_stream_clients', {}, stats.streamClients);
  m.family('riskgate_stream_dropped_clients_total', 'counter', '/stream clients closed because they did not keep up.');
  m.sample('riskgate_stream_dropped_clients_total', {}, stats.streamDrops);
  m.family('riskgate_stream_total_cap_drops_total', 'counter', '/stream clients closed to hold all clients\' unsent bytes under streamMaxTotalBytes.');
  m.sample('riskgate_stream_total_cap_drops_total', {}, stats.streamTotalCapDrops);
  m.family('riskgate_stream_buffered_bytes', 'gauge', 'Unsent bytes over every /stream client after the last publish.');
  m.sample('riskgate_stream_buffered_bytes', {}, stats.streamBufferedBytes);
  m.family('riskgate_stream_missed_decisions_total', 'counter', 'Decisions overwritten in the source log before the server streamed them.');
  m.sample('riskgate_stream_missed_decisions_total', {}, stats.streamMissed);
  renderRuntimeMetrics(m, runtime);
  return m.out.join('\n') + '\n';
}
