import { Worker } from 'node:worker_threads';
import type { ProducerWorkerData, ProducerWorkerResult } from '../fixtures/producer-worker.js';

/** A running producer worker and the outcome the test awaits. */
export interface ProducerThread {
  readonly worker: Worker;
  /** Resolves with the worker's result; rejects on an error, a non-zero exit or no result. */
  readonly result: Promise<ProducerWorkerResult>;
  /** Set as soon as the worker fails, for synchronous loops that poll it between chunks. */
  failure(): Error | undefined;
}

/** Starts `fixtures/producer-worker.js` (compiled) with `data`, handlers attached at once. */
export function startProducerThread(data: ProducerWorkerData): ProducerThread {
  const worker = new Worker(new URL('../fixtures/producer-worker.js', import.meta.url), { workerData: data });
  let failed: Error | undefined;
  const result = new Promise<ProducerWorkerResult>((resolve, reject) => {
    let message: ProducerWorkerResult | undefined;
    worker.on('message', (m: ProducerWorkerResult) => { message = m; });
    worker.on('error', (e: Error) => { failed = e; reject(e); });
    worker.on('exit', (code) => {
      if (message !== undefined && code === 0) resolve(message);
      else {
        failed ??= new Error(`producer worker exited with code ${code} and no result`);
        reject(failed);
      }
    });
  });
  result.catch(() => undefined); // observed by the test; avoid an unhandled rejection meanwhile
  return { worker, result, failure: () => failed };
}
