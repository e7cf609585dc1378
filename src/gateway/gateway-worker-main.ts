/**
 * Entry of the order-gateway worker (loaded compiled from dist/): builds the venue's order entry
 * from the venue config and its environment's credentials, a `StrategyClient` on its strategy
 * channel and the `EventLanePublisher` of its lane, arms the dead-man switch when asked, and only
 * then posts `ready`. Each `place` / `cancel` runs through `OrderGateway`; `stop` disarms the
 * switch, closes the venue sockets, posts `stopped` and lets the thread end. A start-up failure
 * is posted as `failed` (never a secret: texts come from `FeedError` / `GatewayError`, which name
 * sources, not values) and the worker exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventLanePublisher } from '../engine/event-lane-publisher.js';
import { StrategyClient } from '../engine/strategy-client.js';
import { createOrderEntry } from './create-order-entry.js';
import { DeadManSwitch } from './dead-man-switch.js';
import type { GatewayCommand, GatewayMessage, GatewayWorkerData } from './gateway-worker-data.js';
import { OrderGateway } from './order-gateway.js';

const data = workerData as GatewayWorkerData;
const port = parentPort!;
const post = (m: GatewayMessage): void => port.postMessage(m);

try {
  const entry = createOrderEntry(data.venue);
  const gateway = new OrderGateway(new StrategyClient(data.strategy), new EventLanePublisher(data.lane), entry, data.symbols, data.venue.instruments);
  const dms = data.deadMan === undefined ? undefined : new DeadManSwitch(entry, { ...data.deadMan, symbols: data.venue.instruments.map((i) => i.symbol) });
  const armed = await dms?.start();
  port.on('message', (c: GatewayCommand) => {
    switch (c.type) {
      case 'place':
        void gateway.place(c.order).then((result) => post({ type: 'result', id: c.id, result }));
        return;
      case 'cancel':
        void gateway.cancel(c.clientId, c.symbol).then((result) => post({ type: 'result', id: c.id, result }));
        return;
      case 'stop':
        void (async () => {
          const disarmed = await dms?.stop();
          entry.close();
          post({ type: 'stopped', ...(disarmed === undefined ? {} : { deadMan: disarmed }) });
          port.close();
        })();
        return;
    }
  });
  post({ type: 'ready', ...(armed === undefined ? {} : { deadMan: armed }) });
} catch (e) {
  post({ type: 'failed', message: (e as Error).message });
  port.close();
}
