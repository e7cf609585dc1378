/**
 * Default endpoints per venue. `testnet` is the default everywhere: a config must say
 * `"endpoint": "production"` to reach real money, or give explicit URLs (a local simulator).
 *
 * Sources: Bybit https://bybit-exchange.github.io/docs/v5/ws/connect, OKX
 * https://www.okx.com/docs-v5/en/#overview-production-trading-services (demo trading:
 * wspap.okx.com and the `x-simulated-trading: 1` REST header), Deribit
 * https://docs.deribit.com (test.deribit.com), Binance USD-M
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info (testnet
 * testnet.binancefuture.com / stream.binancefuture.com), BitMEX https://www.bitmex.com/app/wsAPI.
 * For Binance `ws` is the stream base: the listen key is appended as `/ws/<listenKey>`.
 */
import type { VenueName } from './venue-name.js';

export type Network = 'testnet' | 'production' | 'custom';

export interface Endpoint {
  readonly network: Network;
  /** WebSocket URL of the private stream (Binance: stream base URL). */
  readonly ws: string;
  /** REST base URL, no trailing slash. */
  readonly rest: string;
}

export const DEFAULT_ENDPOINTS: Readonly<Record<VenueName, Readonly<Record<'testnet' | 'production', Endpoint>>>> = Object.freeze({
  bybit: {
    testnet: { network: 'testnet', ws: 'wss://stream-testnet.bybit.com/v5/private', rest: 'https://api-testnet.bybit.com' },
    production: { network: 'production', ws: 'wss://stream.bybit.com/v5/private', rest: 'https://api.bybit.com' },
  },
  okx: {
    testnet: { network: 'testnet', ws: 'wss://wspap.okx.com:8443/ws/v5/private', rest: 'https://www.okx.com' },
    production: { network: 'production', ws: 'wss://ws.okx.com:8443/ws/v5/private', rest: 'https://www.okx.com' },
  },
  deribit: {
    testnet: { network: 'testnet', ws: 'wss://test.deribit.com/ws/api/v2', rest: 'https://test.deribit.com' },
    production: { network: 'production', ws: 'wss://www.deribit.com/ws/api/v2', rest: 'https://www.deribit.com' },
  },
  'binance-usdm': {
    testnet: { network: 'testnet', ws: 'wss://stream.binancefuture.com', rest: 'https://testnet.binancefuture.com' },
    production: { network: 'production', ws: 'wss://fstream.binance.com', rest: 'https://fapi.binance.com' },
  },
  bitmex: {
    testnet: { network: 'testnet', ws: 'wss://ws.testnet.bitmex.com/realtime', rest: 'https://testnet.bitmex.com' },
    production: { network: 'production', ws: 'wss://ws.bitmex.com/realtime', rest: 'https://www.bitmex.com' },
  },
});
