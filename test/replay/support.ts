/** Position 3, one open buy of 1, then a buy of 2 against maxLong 5; then two unconfirmed fills, then kill reduce, and a
 * venue-enforced reduce-only exit. */
export const EXPLAIN_SCENARIO = {
  config: { instruments: [{ symbol: 'BTCUSDT', maxLong: 5, maxShort: 5, unconfirmed: { maxFills: 1, maxQty: 10 } }] },
  steps: [
    { at: 0, type: 'snapshot', symbol: 'BTCUSDT', position: 3 },
    { at: 1, type: 'order', orderId: 'b1', symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 100, tif: 'GTC', expect: 'approve' },
    { at: 2, type: 'order', orderId: 'b2', symbol: 'BTCUSDT', side: 'buy', qty: 2, price: 100, tif: 'GTC', expect: 'POSITION_LIMIT' },
    { at: 3, type: 'fill', symbol: 'BTCUSDT', execId: 'x1', side: 'buy', qty: 1, price: 100 },
    { at: 4, type: 'fill', symbol: 'BTCUSDT', execId: 'x2', side: 'sell', qty: 1, price: 100 },
    { at: 5, type: 'order', orderId: 'b3', symbol: 'BTCUSDT', side: 'buy', qty: 1, price: 100, tif: 'GTC', expect: 'UNCONFIRMED_FILLS' },
    { at: 6, type: 'kill', mode: 'reduce', expect: 'approve' },
    { at: 7, type: 'order', orderId: 's1', symbol: 'BTCUSDT', side: 'sell', qty: 9, price: 100, tif: 'GTC', expect: 'REDUCE_ONLY' },
    { at: 8, type: 'order', orderId: 's2', symbol: 'BTCUSDT', side: 'sell', qty: 9, price: 100, tif: 'GTC', reduceOnly: true, expect: 'approve' },
  ],
};
