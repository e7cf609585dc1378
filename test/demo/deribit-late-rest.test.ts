/**
 * The demo's Deribit instrument against a REST answer that lands late. Nothing in a Deribit
 * `get_positions` answer dates it, and the REST channel is not ordered with the private stream:
 * an answer read before a trade can arrive after the stream's position that includes the trade.
 * Deterministic: the stream frames are `user.changes` notifications as Deribit sends them (an
 * instrument's trades and its resulting position in one notification), the REST answer comes from
 * the demo's own hook built from the demo's config, over a canned transport.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFeedConfig, venueConfigOf } from '../../src/feeds/venue-config.js';
import { createPositionHook } from '../../src/feeds/create-position-hook.js';
import type { HttpRequest, HttpResponse } from '../../src/feeds/http-request.js';
import { GUARDED, SYMBOL, credentialEnv, demoFeedConfig } from '../../src/demo/demo-market.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';

const LIMIT = 10;
const LOT = 0.001;

function trade(seq: number, side: 'buy' | 'sell', lots: number): Record<string, unknown> {
  return {
    trade_seq: seq, trade_id: String(100 + seq), timestamp: 1_700_000_000_000 + seq, state: 'filled', price: 60000, order_type: 'limit',
    order_id: String(seq), liquidity: 'T', label: `o${seq}`, instrument_name: SYMBOL, direction: side, amount: lots * LOT,
  };
}

function position(lots: number): Record<string, unknown> {
  return { instrument_name: SYMBOL, kind: 'future', size: lots * LOT, direction: lots > 0 ? 'buy' : lots < 0 ? 'sell' : 'zero' };
}

/** One `user.changes` notification: the trades of a change and the position after them. */
function changes(trades: Record<string, unknown>[], lots: number): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'subscription', params: { channel: `user.changes.${SYMBOL}.raw`, data: { instrument_name: SYMBOL, trades, orders: [], positions: [position(lots)] } } };
}

test('when a Deribit REST answer read before a trade lands after the stream position that includes it then the demo\'s riskgate keeps the newer position and denies the order the limit forbids', async () => {
  const { config, venues } = loadFeedConfig(demoFeedConfig('deribit', 1, LIMIT));
  // The venue read the account while it was short 3 after its trade 1; the answer lands after trade 2.
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const result = req.url.includes('/get_positions') ? [position(-3)] : { trades: [trade(1, 'sell', 3)], has_more: false };
    return { status: 200, headers: {}, body: JSON.stringify({ jsonrpc: '2.0', result }) };
  };
  const hook = createPositionHook(venueConfigOf(venues, 'deribit', config), config, { env: credentialEnv(GUARDED), send, clock: { nowMs: () => 0 } });
  const answers = await hook.fetchSnapshots([SYMBOL]);
  assert.equal(answers.length, 1, 'the hook answered');
  const late = answers[0]!;
  assert.equal(late.position, -3);

  const sc = parseScenario({
    config: demoFeedConfig('deribit', 1, LIMIT),
    steps: [
      { at: 0, type: 'snapshot', symbol: SYMBOL, position: 0, seq: 0 },
      { at: 1, type: 'raw', venue: 'deribit', frame: changes([trade(1, 'sell', 3)], -3) },
      { at: 2, type: 'raw', venue: 'deribit', frame: changes([trade(2, 'buy', 11)], 8) },
      { at: 3, ...late },
      // Truly long 8: a buy of 3 would make 11, beyond the limit of 10. Walked as current, the late
      // answer would become the base (short 3) and this buy would pass as risk-reducing.
      { at: 4, type: 'order', orderId: 'b1', symbol: SYMBOL, side: 'buy', qty: 3, price: 60000, tif: 'IOC', expect: 'POSITION_LIMIT' },
      { at: 5, type: 'order', orderId: 'b2', symbol: SYMBOL, side: 'buy', qty: 2, price: 60000, tif: 'IOC', expect: 'approve' },
    ],
  });
  const run = runScenario(sc, new EngineGate(sc.config));
  assert.deepEqual(run.failures, []);
});
