import type { RiskGate } from '../gate/index.js';
import { KillMode } from '../risk/codes.js';
import { KILL_KEY, type LeaseStore } from './lease-store.js';

export interface KillWatch {
  /** Kill switch changes applied to the engine so far. */
  readonly applied: number;
  /** The last mode applied ('' before any). */
  readonly mode: string;
  stop(): void;
}

/**
 * Applies the firm-wide kill switch (the lease bucket's `firm.kill` key, written by
 * `riskgate monitor --kill`) to this host's engine: its current value at once, then every
 * change. A KV watch resumes after a reconnect and delivers the key's latest value, so a host
 * cut off from NATS applies a kill set meanwhile as soon as it is back (until then its lease
 * lapses, which already makes it reduce-only).
 */
export function watchKill(store: LeaseStore, gate: Pick<RiskGate, 'kill'>): KillWatch {
  const out = { applied: 0, mode: '', stop: () => {} };
  let running = true;
  out.stop = () => {
    running = false;
  };
  void (async () => {
    const it = await store.kv.watch({ key: KILL_KEY });
    out.stop = () => {
      running = false;
      it.stop();
    };
    for await (const e of it) {
      if (!running) break;
      if (e.operation !== 'PUT') continue;
      let mode: unknown;
      try {
        mode = (JSON.parse(new TextDecoder().decode(e.value)) as { mode?: unknown }).mode;
      } catch {
        continue; // a malformed entry is ignored (the monitor writes only valid ones)
      }
      const k = mode === 'halt' ? KillMode.HALT : mode === 'reduce' ? KillMode.REDUCE : mode === 'resume' ? KillMode.RESUME : -1;
      if (k < 0) continue;
      await gate.kill(k);
      out.applied++;
      out.mode = mode as string;
    }
  })().catch(() => undefined);
  return out;
}
