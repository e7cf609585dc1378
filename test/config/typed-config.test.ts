import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskGate } from '../../src/gate/riskgate.js';
import type { RiskGateOptions } from '../../src/gate/riskgate-options.js';
import type { ControlConfigInput } from '../../src/control/control-config.js';
import { CONTROL_CONFIG_DOCS } from '../../src/control/control-config.js';

// The lines marked @ts-expect-error are checked by `tsc` (npm run build): each fails the build
// if it compiles. They sit in a function that never runs: constructing engines is not the point.
function compileTimeOnly(): void {
  const instruments = [{ symbol: 'BTC', maxLong: 10, maxShort: 5 }];
  // @ts-expect-error misspelled top-level key
  new RiskGate({ instrumnets: instruments });
  // @ts-expect-error a limit given as a string
  new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: '10', maxShort: 5 }] });
  // @ts-expect-error a misspelled key in the control section
  new RiskGate({ instruments }, { control: { prot: 9000 } });
  // @ts-expect-error the control section without its port
  new RiskGate({ instruments }, { control: { host: '127.0.0.1' } });
  // @ts-expect-error a server kind that does not exist
  new RiskGate({ instruments }, { control: { port: 0, server: 'express' } });
  // @ts-expect-error an fsync mode that does not exist
  new RiskGate({ instruments }, { journal: { path: 'j', fsync: 'sometimes' } });
  // @ts-expect-error an idle mode that does not exist
  new RiskGate({ instruments }, { idle: 'nap' });
  new RiskGate({ instruments, capacity: { maxOrders: 64 } }, { idle: 'park', control: { port: 0, token: 'x'.repeat(16) }, journal: { path: 'j', fsync: 'everyRecord' } });
}
void compileTimeOnly;

test('when the typed control section is compared with the documented keys then they are the same keys', () => {
  // Required<> makes the literal list every key of the type; an extra key would not compile.
  const every: Required<ControlConfigInput> = {
    host: '', port: 0, token: '', tokenEnv: '', maxBodyBytes: 0, streamIntervalMs: 0, streamMaxBufferedBytes: 0, streamMaxClients: 0,
    streamMaxTotalBytes: 0, streamRequiresToken: false, healthDeadlineMs: 0, allowRemote: false, server: 'node',
  };
  assert.deepEqual(Object.keys(every).map((k) => `control.${k}`).sort(), CONTROL_CONFIG_DOCS.map(([path]) => path).sort());
});

test('when options.control is typed then what it accepts is what the engine accepts at run time', () => {
  const options: RiskGateOptions = { control: { port: 0, server: 'node' } };
  assert.doesNotThrow(() => new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] }, options));
  assert.throws(() => new RiskGate({ instruments: [{ symbol: 'BTC', maxLong: 1, maxShort: 1 }] }, { control: { prot: 1 } as never }),
    /control\.prot is not a known key/);
});
