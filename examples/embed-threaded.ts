/**
 * The threaded engine, embedded: a risk thread, a strategy client, an event lane for what the
 * order-entry gateway learns, the kill switch, the state block and a clean stop.
 *
 * Run: `npx tsc -p examples && node examples/dist/embed-threaded.js` (in a project that
 * installed riskgate). Exits 1 if a decision is not the one the comments say.
 */
import { DenyReason, KillMode, OrderStatusCode, RiskGate, Side, StrategyClient, denyReasonName, type RiskGateConfig } from 'riskgate';

const config: RiskGateConfig = {
  instruments: [
    { symbol: 'BTCUSDT', maxLong: 10, maxShort: 10, lotSize: '0.001' },
    { symbol: 'ETHUSDT', maxLong: 50, maxShort: 50, lotSize: '0.01', maxOrderQty: 20 },
  ],
};

// park: spin, then sleep on a doorbell (safe on 2 cores); 'spin' owns a pinned core.
const gate = new RiskGate(config, { idle: 'park' });
await gate.start();
const failures: string[] = [];
const expect = (what: string, code: number, wanted: number): void => {
  console.log(`${what}: ${denyReasonName(code)}`);
  if (code !== wanted) failures.push(`${what}: ${denyReasonName(code)}, expected ${denyReasonName(wanted)}`);
};
try {
  const btc = gate.symbols.indexOf('BTCUSDT');
  const eth = gate.symbols.indexOf('ETHUSDT');

  // Positions from the venue (a REST answer, say): until an instrument has a snapshot, the engine
  // does not know its position and lets only risk-reducing orders through.
  const lane = gate.openEventLane('gateway');
  lane.snapshot(btc, 4, NaN, NaN); // long 4 lots, no sequence number, no venue time
  lane.snapshot(eth, 0, NaN, NaN);
  const client = new StrategyClient(gate.createStrategy('taker'));
  while (gate.state()?.instruments[eth]?.snapPos !== 0) await new Promise((r) => setTimeout(r, 1));

  // Blocking form (microseconds): worst case long 4 + 3 = 7 <= 10.
  expect('buy 3 BTCUSDT', client.decideOrder(1, btc, Side.BUY, 3, 64_000), DenyReason.APPROVED);
  // Worst case long 4 + 3 open + 5 = 12 > 10.
  expect('buy 5 BTCUSDT', client.decideOrder(2, btc, Side.BUY, 5, 64_000), DenyReason.POSITION_LIMIT);
  // Promise form: the same decision without blocking the event loop.
  expect('sell 21 ETHUSDT', await client.orderAsync(3, eth, Side.SELL, 21, 3_000), DenyReason.MAX_ORDER_QTY);

  // The venue refused order 1: its headroom is free again.
  lane.orderUpdate(btc, 1, OrderStatusCode.REJECTED, 0, 0);

  // Kill switch: halt ETHUSDT; the engine asks the embedding to cancel its orders there.
  await gate.kill(KillMode.HALT, 'ETHUSDT');
  expect('buy 1 ETHUSDT after the halt', client.decideOrder(4, eth, Side.BUY, 1, 3_000), DenyReason.KILL_SWITCH);
  console.log('cancel-alls to send:', gate.takeCancelAlls().map((c) => c.symbol).join(', ') || '(none yet)');

  const s = gate.state();
  console.log(`BTCUSDT: position [${s?.instruments[btc]?.estPosMin}, ${s?.instruments[btc]?.estPosMax}], open buys ${s?.instruments[btc]?.openBuy}`);
} finally {
  const report = await gate.stop(); // drains every ring, joins every thread
  console.log(`stopped: clean exit ${report.cleanExit}, events lost ${report.lostEvents}`);
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
