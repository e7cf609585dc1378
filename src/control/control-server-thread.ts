import { isMainThread, MessageChannel, Worker, type Transferable } from 'node:worker_threads';
import type { ControlConfig } from './control-config.js';
import { ControlError, ControlErrorCode } from './control-error.js';
import { controlServerSettings } from './control-server-settings.js';
import type { ControlPlacement, ControlWorkerData, ControlWorkerReport, DirectControl } from './control-worker-protocol.js';
import type { KillSink } from './kill-sink.js';
import { StatePublisher } from './state-publisher.js';
import type { StateSource } from './state-source.js';
import { ThreadRuntimeSampler } from './thread-runtime-sampler.js';

export type { DirectControl } from './control-worker-protocol.js';

/** Where the server thread gets its state. */
export type ControlThreadSource =
  /**
   * A source on the calling thread (a single-threaded engine): a `StatePublisher` posts it to
   * the server thread every `streamIntervalMs`, and kill requests come back to `killSink` here.
   */
  | { readonly source: StateSource; readonly killSink: KillSink }
  /**
   * A module the server thread imports: its `createControlSource(sourceData)` returns
   * `{ source, killSink, close? }` built in the server thread (the threaded engine: views over
   * the risk thread's shared state block and control ring, passed in `sourceData`).
   */
  | { readonly sourceModule: string | URL; readonly sourceData?: unknown; readonly transferList?: readonly Transferable[] };

export type ControlThreadOptions = ControlThreadSource & {
  readonly config: ControlConfig;
  /**
   * With a local `source`: kill requests go straight into `direct.kill` from the server thread
   * (not through `killSink` on this thread), and `/health` reads liveness from shared memory.
   */
  readonly direct?: DirectControl;
  /** Where `control.tokenEnv` is looked up (default `process.env`), on the calling thread. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Pin the server thread to these CPUs (the CPU map's `control` role); unpinned when absent. */
  readonly cpus?: readonly number[];
  /** An error of the server thread after it was ready (it is not restarted). */
  readonly onError?: (err: Error) => void;
  /** Longest wait for READY and for the thread to end on stop (default 10 s). */
  readonly timeoutMs?: number;
};

export interface ControlServerThread {
  readonly host: string;
  readonly port: number;
  readonly threadId: number;
  /** Where the server thread runs (pinned, or why not). */
  readonly placement: ControlPlacement;
  /** Publishes the calling thread's source now (local sources only; otherwise a no-op). */
  publish(): void;
  /** Stops the server, joins the thread and resolves with its exit code. Idempotent. */
  stop(): Promise<number>;
}

/**
 * Starts the control server on its own worker thread and resolves once it is listening (READY
 * handshake). A thread that fails or exits before READY rejects with the thread's error code
 * (`ERR_RISKGATE_CONTROL_LISTEN`, `..._SOURCE`, or `..._THREAD`) and is not restarted.
 *
 * The token is reduced to its digest here, before the thread starts: the thread never sees it.
 */
export async function startControlServerThread(options: ControlThreadOptions): Promise<ControlServerThread> {
  const settings = controlServerSettings(options.config, options.env);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let publisher: StatePublisher | undefined;
  let data: ControlWorkerData;
  let transferList: Transferable[];
  if ('source' in options) {
    const channel = new MessageChannel();
    // This thread's runtime for /metrics: `main` when it is the process's main thread (an engine
    // embedded in a worker shows as `embedding`).
    const runtime = new ThreadRuntimeSampler(isMainThread ? 'main' : 'embedding');
    publisher = new StatePublisher(options.source, options.killSink, channel.port1, settings.streamIntervalMs, runtime);
    data = {
      settings, mode: 'port', port: channel.port2,
      ...(options.cpus !== undefined ? { cpus: options.cpus } : {}), ...(options.direct !== undefined ? { direct: options.direct } : {}),
    };
    transferList = [channel.port2];
  } else {
    data = { settings, mode: 'module', module: String(options.sourceModule), data: options.sourceData, ...(options.cpus !== undefined ? { cpus: options.cpus } : {}) };
    transferList = [...(options.transferList ?? [])];
  }
  const worker = new Worker(new URL('./control-server-worker.js', import.meta.url), { workerData: data, transferList });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  void exited.then(() => publisher?.close());

  return new Promise<ControlServerThread>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(new ControlError(ControlErrorCode.THREAD, `the control server thread was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const failBeforeReady = (code: ControlError['code'], message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      publisher?.close();
      reject(new ControlError(code, message));
    };
    worker.once('error', (err) => failBeforeReady(ControlErrorCode.THREAD, `the control server thread failed while starting: ${err.message}`));
    void exited.then((code) => failBeforeReady(ControlErrorCode.THREAD, `the control server thread exited with code ${code} before it was ready`));
    worker.once('message', (m: ControlWorkerReport) => {
      if (m.type === 'failed') {
        const known = Object.values(ControlErrorCode) as string[];
        failBeforeReady((known.includes(m.code) ? m.code : ControlErrorCode.THREAD) as ControlError['code'], m.message);
        return;
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.on('error', (err) => options.onError?.(err));
      let stopping: Promise<number> | undefined;
      resolve({
        host: settings.host,
        port: m.port,
        threadId: worker.threadId,
        placement: m.placement,
        publish: () => publisher?.publish(),
        stop(): Promise<number> {
          stopping ??= (async () => {
            worker.postMessage({ type: 'stop' });
            const t = setTimeout(() => void worker.terminate(), timeoutMs);
            const code = await exited;
            clearTimeout(t);
            publisher?.close();
            return code;
          })();
          return stopping;
        },
      });
    });
  });
}
