/**
 * The single-threaded core behind its string-id edge (`EngineGate`): scenario-format events and
 * requests, one decision per request. What a backtest or a unit test of a strategy uses.
 *
 * Run: `npx tsc -p examples && node examples/dist/engine-gate.js`. Exits 1 if a decision is not
 * the one the comments say.
 */
import { EngineGate, validateConfig } from 'riskgate';

const gate = new EngineGate(validateConfig({
  instruments: [{
    symbol: 'BTCUSDT', maxLong: 10, maxShort: 10, sequence: 'monotonic',
    unconfirmed: { maxFills: 2, maxQty: 4 }, snapshotStaleMs: 5000,
  }],
}));
const failures: string[] = [];
const expect = (what: string, got: { decision: string; reason?: string }, wanted: string): void => {
  const text = got.reason === undefined ? got.decision : `${got.decision} ${got.reason}`;
  console.log(`${what}: ${text}`);
  if (text !== wanted) failures.push(`${what}: ${text}, expected ${wanted}`);
};

gate.setTime(Date.now());
gate.apply({ type: 'snapshot', symbol: 'BTCUSDT', position: 0, seq: 100 });
expect('buy 3', gate.request({ type: 'order', orderId: 'o1', symbol: 'BTCUSDT', side: 'buy', qty: 3, price: 64000, tif: 'IOC' }), 'approve');
// Worst case long: 3 open + 8 = 11 > 10.
expect('buy 8', gate.request({ type: 'order', orderId: 'o2', symbol: 'BTCUSDT', side: 'buy', qty: 8, price: 64000, tif: 'IOC' }), 'deny POSITION_LIMIT');
// A fill the snapshot does not include yet (seq 101 > 100): the position is 3, the order is done.
gate.apply({ type: 'fill', symbol: 'BTCUSDT', orderId: 'o1', execId: 'e1', side: 'buy', qty: 3, price: 64000, seq: 101 });
expect('sell 2 (reduces)', gate.request({ type: 'order', orderId: 'o3', symbol: 'BTCUSDT', side: 'sell', qty: 2, price: 64010, tif: 'IOC' }), 'approve');

if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
