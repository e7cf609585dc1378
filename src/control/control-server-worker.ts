/**
 * The control server thread's entry point (started by `startControlServerThread`). It builds
 * its state source, starts the server, posts `ready` (or `failed` with an error code) to its
 * parent, and on `stop` closes the server and its ports so that the thread ends by itself.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { listenControlServer, type ControlServer } from './control-server.js';
import { ControlErrorCode } from './control-error.js';
import { PortStateSource } from './port-state-source.js';
import { defaultStreamEncoders } from './default-stream-encoders.js';
import { pinCurrentThread } from '../native/index.js';
import type { ControlPlacement, ControlSourceParts, ControlWorkerData, ControlWorkerReport } from './control-worker-protocol.js';
import type { HealthProbe } from './health-part.js';
import { LivenessMonitor } from './liveness-monitor.js';
import { RingKillSink } from './ring-kill-sink.js';

export type { ControlPlacement, ControlSourceParts, ControlWorkerData, ControlWorkerReport } from './control-worker-protocol.js';

/** Pins this thread when the CPU map gave the control role a CPU; never throws (unpinned with a reason). */
function place(cpus: readonly number[] | undefined): ControlPlacement {
  if (cpus === undefined) return { pinned: false, reason: 'no CPU configured for control' };
  const r = pinCurrentThread(cpus);
  return r.pinned ? { pinned: true, cpus: r.cpus } : { pinned: false, reason: `${r.code}: ${r.reason}` };
}

async function main(parent: MessagePort, data: ControlWorkerData): Promise<void> {
  const placement = place(data.cpus);
  const fail = (code: string, message: string): void => {
    const r: ControlWorkerReport = { type: 'failed', code, message };
    parent.postMessage(r);
    parent.close();
  };
  let parts: ControlSourceParts;
  let health: HealthProbe | undefined;
  if (data.mode === 'port') {
    const p = new PortStateSource(data.port, data.settings.healthDeadlineMs);
    // The threaded engine: kills into the server's own ring, liveness from shared memory.
    // A single-threaded engine: kills relayed to its thread, whose answers `p` reports.
    const killSink = data.direct === undefined ? p : new RingKillSink(data.direct.kill, data.direct.symbols);
    health = data.direct !== undefined ? new LivenessMonitor(data.direct.control, data.direct.liveness, data.settings.healthDeadlineMs, killSink) : p;
    parts = { source: p, killSink, close: () => p.close() };
  } else {
    try {
      const mod = (await import(data.module)) as { createControlSource?: (d: unknown) => ControlSourceParts | Promise<ControlSourceParts> };
      if (typeof mod.createControlSource !== 'function') {
        fail(ControlErrorCode.SOURCE, `${data.module} does not export a function createControlSource(data)`);
        return;
      }
      parts = await mod.createControlSource(data.data);
    } catch (err) {
      fail(ControlErrorCode.SOURCE, `the state source module failed: ${(err as Error).message}`);
      return;
    }
  }
  let server: ControlServer;
  try {
    server = await listenControlServer({
      settings: data.settings, source: parts.source, killSink: parts.killSink, encoders: defaultStreamEncoders(), ...(health !== undefined ? { health } : {}),
    });
  } catch (err) {
    parts.close?.();
    const e = err as { code?: unknown; message?: unknown };
    fail(typeof e.code === 'string' ? e.code : ControlErrorCode.THREAD, String(e.message ?? err));
    return;
  }
  parent.on('message', (m: { type?: unknown }) => {
    if (m?.type !== 'stop') return;
    server.stop();
    parts.close?.();
    parent.close(); // nothing left: the thread ends
  });
  const ready: ControlWorkerReport = { type: 'ready', port: server.port, placement };
  parent.postMessage(ready);
}

if (!isMainThread && parentPort !== null) void main(parentPort, workerData as ControlWorkerData);
