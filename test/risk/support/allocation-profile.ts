import { Session } from 'node:inspector/promises';
import { EV_NAMES, HANDLER_NAMES, replay, scriptEngine, STRIDE, type EventScript } from './engine-event-script.js';

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

/**
 * Names the calls that allocate, for a failure message: replays `script` on a fresh engine
 * (warm-up `[0, from)` unprofiled, then `[from, to)` under V8's sampling heap profiler, counting
 * objects a scavenge already freed) and sums the sampled bytes by record type (the handler
 * frame of engine-event-script.ts they were made under) and, within a type, by the function
 * that allocated. Bytes made in the replay loop itself (`replay`, `applyEvent`, into which V8
 * may inline the clock) are the clock's advance and read.
 *
 * Sampled: each figure is an estimate to within a few percent at these volumes. Off the
 * measured path (it allocates freely).
 */
export async function allocationReport(script: EventScript, from: number, to: number): Promise<string> {
  const { engine, clock } = scriptEngine(script.units);
  const firstDiff = new Float64Array(1);
  replay(engine, clock, script, 0, from, firstDiff);
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    // The include* flags keep short-lived objects in the profile (V8 11; not in @types/node 20).
    const params = { samplingInterval: 64, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true };
    await session.post('HeapProfiler.startSampling', params as { samplingInterval: number });
    replay(engine, clock, script, from, to, firstDiff);
    const { profile } = await session.post('HeapProfiler.stopSampling');
    return summarise(profile.head as ProfileNode, script, from, to);
  } finally {
    session.disconnect();
  }
}

/** The group of bytes made outside every handler: the replay loop, i.e. the clock. */
const CLOCK = 'clock.advance + readClock';

function summarise(head: ProfileNode, script: EventScript, from: number, to: number): string {
  const calls = new Float64Array(EV_NAMES.length);
  for (let n = from; n < to; n++) calls[script.events[n * STRIDE]!]!++;
  // group ("clock" or a record type) -> allocating function -> bytes
  const groups = new Map<string, Map<string, number>>();
  const add = (group: string, fn: string, bytes: number): void => {
    const g = groups.get(group) ?? new Map<string, number>();
    g.set(fn, (g.get(fn) ?? 0) + bytes);
    groups.set(group, g);
  };
  const walk = (node: ProfileNode, group: string | undefined): void => {
    const name = node.callFrame.functionName;
    let g = group;
    if (HANDLER_NAMES.includes(name)) g = EV_NAMES[HANDLER_NAMES.indexOf(name)] ?? name;
    else if (g === undefined && (name === 'replay' || name === 'applyEvent')) g = CLOCK;
    if (g !== undefined && node.selfSize > 0) add(g, `${name || '(anonymous)'} (${node.callFrame.url.split('/').pop() ?? ''})`, node.selfSize);
    for (const c of node.children) walk(c, g);
  };
  walk(head, undefined);
  const lines: string[] = [];
  const events = to - from;
  for (const [group, fns] of [...groups].sort((a, b) => total(b[1]) - total(a[1]))) {
    const type = EV_NAMES.indexOf(group);
    const per = type > 0 ? `${(total(fns) / calls[type]!).toFixed(1)} B/call over ${calls[type]} calls` : `${(total(fns) / events).toFixed(1)} B/record`;
    const top = [...fns].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([fn, bytes]) => `${fn} ${Math.round(bytes / 1024)} KiB`);
    lines.push(`  ${group}: ${per}; made in ${top.join(', ')}`);
  }
  return lines.length > 0 ? lines.join('\n') : '  (nothing sampled)';
}

function total(m: Map<string, number>): number {
  let sum = 0;
  for (const v of m.values()) sum += v;
  return sum;
}
