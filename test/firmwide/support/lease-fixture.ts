import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { LeaseTarget, SideLots } from '../../../src/firmwide/lease-agent.js';
import type { LeaseStore } from '../../../src/firmwide/lease-store.js';
import { NatsCluster } from '../../../src/firmwide/nats-cluster.js';
import { natsAbsent, openStore } from './nats.js';

/** A risk thread stand-in: applies a lease when published, reports the exposure the test sets. */
export class RecordingTarget implements LeaseTarget {
  enforced: SideLots = { long: 0, short: 0 };
  used: SideLots = { long: 0, short: 0 };
  publishes = 0;
  publish(_inst: number, long: number, short: number): void {
    this.enforced = { long, short };
    this.publishes++;
  }
  applied(): boolean {
    return true;
  }
  exposure(): SideLots {
    return { ...this.used };
  }
}

/** Polls `cond` every 20 ms; fails the test naming `what` after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * One single-node nats-server for the file's tests (started in `before` unless nats-server is
 * absent, stopped in `after`), and `open(name)`: a lease store on it, closed in `after` too.
 */
export function leaseCluster(): { readonly cluster: () => NatsCluster; readonly open: (name: string) => Promise<LeaseStore> } {
  let cluster: NatsCluster | undefined;
  const stores: LeaseStore[] = [];
  before(async () => {
    if (natsAbsent) return;
    cluster = await NatsCluster.start(1);
  });
  after(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    await cluster?.stop();
  });
  return {
    cluster: () => cluster!,
    open: async (name) => {
      const s = await openStore(cluster!, name);
      stores.push(s);
      return s;
    },
  };
}
