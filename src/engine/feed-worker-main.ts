/**
 * Entry of a feed-handler worker (one per venue connection, loaded compiled from dist/). Pins
 * itself when CPUs are configured, builds its `FeedSink` over its ring, publishes a LANE_UP (so
 * a restarted feed's hold is released ahead of its own events), imports and creates its source,
 * and only then posts `ready` (the supervisor's handshake). It posts `done` when the
 * source ends and exits by itself; an exception kills the worker (the supervisor sees `error`
 * and `exit`, marks the feed down and restarts it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { encodeLaneStatus } from '../codec/index.js';
import { pinCurrentThread } from '../native/index.js';
import { FeedBeat } from './feed-beat.js';
import { FeedSink } from './feed-sink.js';
import type { CreateFeedSource } from './feed-source.js';
import type { FeedWorkerCommand, FeedWorkerData, FeedWorkerMessage } from './feed-worker-data.js';

const data = workerData as FeedWorkerData;
const port = parentPort!;

let pinned = false;
let reason: string | undefined = 'no CPU configured for feeds';
let cpus: readonly number[] | undefined;
if (data.cpus !== undefined) {
  const r = pinCurrentThread(data.cpus);
  pinned = r.pinned;
  reason = r.pinned ? undefined : `${r.code}: ${r.reason}`;
  if (r.pinned) cpus = r.cpus;
}

const beat = new FeedBeat(data.liveness, data.lane);
const sink = new FeedSink(data.ring, data.control, beat);
// First slot of every incarnation: releases the dead-worker hold ahead of this worker's events.
for (const deadline = Date.now() + 1000; ;) {
  const off = sink.tryClaim();
  if (off >= 0) {
    encodeLaneStatus(sink.i32, sink.f64, off, -1, true);
    sink.publish();
    break;
  }
  if (Date.now() > deadline) throw new Error(`feed ${data.name}: ring full at start-up`);
  await new Promise((resolve) => setTimeout(resolve, 1));
}
const url = isAbsolute(data.source.module) ? pathToFileURL(data.source.module).href : data.source.module;
const mod = (await import(url)) as { createFeedSource?: CreateFeedSource };
if (typeof mod.createFeedSource !== 'function') throw new Error(`feed ${data.name}: ${data.source.module} does not export createFeedSource`);
const source = await mod.createFeedSource(sink, data.source.options);

port.on('message', (cmd: FeedWorkerCommand) => {
  if (cmd.type === 'stop') source.stop();
});
const own = source.heartbeatDeadlineMs;
if (!data.deadlineFromSpec && typeof own === 'number' && Number.isSafeInteger(own) && own > 0) beat.setDeadline(own);
beat.running();
port.postMessage({ type: 'ready', pinned, reason, cpus } satisfies FeedWorkerMessage);
await source.run();
beat.ended();
sink.publish();
port.postMessage({ type: 'done', drops: sink.drops } satisfies FeedWorkerMessage);
port.close();
