/**
 * The oracle gate on a hand-made case: the same limits as riskgate, applied to the simulator's
 * truth (true position, leaves of true live orders, orders sent and not yet at the venue).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimExchange } from '../../src/sim/index.js';
import { OracleGate } from '../../src/sim/oracle-gate.js';

const SYMBOL = 'BTCUSDT';

function exchange(): SimExchange {
  return new SimExchange({
    seed: 3, profile: 'calm', accounts: [{ name: 'a', apiKey: 'ka' }],
    instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000' }],
  });
}

function order(ex: SimExchange, clientId: string, side: 'buy' | 'sell', qty: string, price: string, tif: 'GTC' | 'IOC'): void {
  ex.submit('a', { op: 'order', clientId, symbol: SYMBOL, side, qty, price, tif }, () => {});
}

describe('oracle gate', () => {
  it('when the truth holds a position, a resting order and an order on its way then each counts once, at the limit exactly', () => {
    const ex = exchange();
    const oracle = new OracleGate(ex, 'a', new Map([[SYMBOL, { maxLong: 10, maxShort: 10, maxOrderQty: 10 }]]));
    order(ex, 'take', 'buy', '0.003', '61000', 'IOC'); // crosses the synthetic book: +3
    assert.equal(ex.positionOf('a', SYMBOL), 3);
    order(ex, 'rest', 'buy', '0.004', '50000', 'GTC'); // far below the book: rests, 4 open
    assert.equal(ex.openLots('a', SYMBOL, 'buy'), 4);
    oracle.sent('flying', SYMBOL, 'buy', 2); // approved and sent, not at the venue yet
    assert.equal(oracle.decide(SYMBOL, 'buy', 1), 'APPROVED', '3 + 4 + 2 + 1 = 10');
    assert.equal(oracle.decide(SYMBOL, 'buy', 2), 'POSITION_LIMIT', '3 + 4 + 2 + 2 = 11');
    assert.equal(oracle.decide(SYMBOL, 'sell', 10), 'APPROVED', 'open buys do not count against a sell: 3 - 10 = -7');
    assert.equal(oracle.decide(SYMBOL, 'sell', 11), 'MAX_ORDER_QTY');
    assert.equal(oracle.inFlight, 1);

    order(ex, 'flying', 'buy', '0.002', '50000', 'GTC'); // arrives and rests: counted once, as a live order
    assert.equal(oracle.inFlight, 0);
    assert.equal(oracle.decide(SYMBOL, 'buy', 1), 'APPROVED', '3 + 6 + 1 = 10');
    assert.equal(oracle.decide(SYMBOL, 'buy', 2), 'POSITION_LIMIT');

    ex.cancel('a', { op: 'cancel', clientId: 'rest' }, () => {});
    assert.equal(oracle.decide(SYMBOL, 'buy', 5), 'APPROVED', '3 + 2 + 5 = 10 once the resting 4 are cancelled');
    assert.equal(oracle.decide(SYMBOL, 'buy', 6), 'POSITION_LIMIT');
    oracle.stop();
  });

  it('when an order sent never becomes live (a come-back-later reject) then its arrival still ends its in-flight exposure', () => {
    const ex = new SimExchange({
      seed: 3, profile: { rateLimit: { rate: 1, retryAfterMs: 100 } }, accounts: [{ name: 'a', apiKey: 'ka' }],
      instruments: [{ symbol: SYMBOL, lotSize: '0.001', tickSize: '0.1', startPrice: '60000' }],
    });
    const oracle = new OracleGate(ex, 'a', new Map([[SYMBOL, { maxLong: 5, maxShort: 5 }]]));
    oracle.sent('x', SYMBOL, 'sell', 5);
    assert.equal(oracle.decide(SYMBOL, 'sell', 1), 'POSITION_LIMIT');
    order(ex, 'x', 'sell', '0.005', '1000', 'IOC');
    assert.equal(ex.positionOf('a', SYMBOL), 0, 'rejected: never traded');
    assert.equal(oracle.decide(SYMBOL, 'sell', 5), 'APPROVED');
    oracle.stop();
  });
});
