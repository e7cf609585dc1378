/**
 * Records every Atomics call made while `fn` runs (the global Atomics methods are wrapped and
 * restored afterwards), as `"<op> <word index>"` strings, interleaved with notes that the test
 * itself appends (e.g. payload writes through a recording view). Single-threaded tests only.
 */
export function recordAtomics(fn: (log: string[]) => void): string[] {
  const log: string[] = [];
  const ops = ['load', 'store', 'add', 'notify', 'wait', 'exchange', 'compareExchange'] as const;
  const saved = ops.map((op) => Atomics[op]);
  const target = Atomics as unknown as Record<string, unknown>;
  ops.forEach((op, i) => {
    const original = saved[i] as (...args: unknown[]) => unknown;
    target[op] = (...args: unknown[]): unknown => {
      log.push(`${op} ${String(args[1])}`);
      return original.apply(Atomics, args);
    };
  });
  try {
    fn(log);
  } finally {
    ops.forEach((op, i) => { target[op] = saved[i]; });
  }
  return log;
}

/** A Proxy over a typed array that notes every indexed write in `log` as `"write <name>[i]"`. */
export function recordingView<T extends Int32Array | Float64Array | Uint8Array>(view: T, name: string, log: string[]): T {
  return new Proxy(view, {
    set(target, key, value: number): boolean {
      if (typeof key === 'string' && /^\d+$/.test(key)) log.push(`write ${name}[${key}]`);
      (target as unknown as Record<string, number>)[key as string] = value;
      return true;
    },
  });
}
