/**
 * `riskgate firmwide` end to end, on a real 3-node nats-server JetStream cluster: three engine
 * host processes trade their sub-accounts of one firm on the exchange simulator while the run
 * kills the allocator, kills a NATS node, cuts a host off from NATS and pauses a host. Each
 * host's own position limit is the whole firm limit, so only the leases keep the firm within it:
 * without them three hosts could hold three times the limit. Asserted on the simulator's truth.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFirmwide } from '../../src/firmwide/run-firmwide.js';
import { natsSkip } from './support/nats.js';
import { loadUws } from '../../src/server/index.js';

test('when three hosts trade under one firm limit through every fault then the firm\'s true exposure never exceeds the limit', { skip: natsSkip, timeout: 240_000 }, async () => {
  const seed = Number(process.env['FIRMWIDE_SEED'] ?? 11);
  console.log(`# seed ${seed} (FIRMWIDE_SEED to repeat)`);
  // The simulator on uWebSockets.js where a build runs on this Node and glibc, else on Node's
  // server (as `riskgate firmwide` chooses): the firm-wide layer is the same either way.
  const server = loadUws().module !== undefined ? 'uws' : 'node';
  const r = await runFirmwide({ hosts: 3, seconds: 20, seed, nodes: 3, faults: 'hostile', firmLimit: 12, ttlMs: 1500, server });
  console.log(`# ${JSON.stringify({ worst: r.worstFirmExposure, breaches: r.breaches, faults: r.faultsInjected, availability: r.availability, idealGate: r.idealGate, hosts: r.perHost.map((h) => ({ host: h.host, reported: h.reported, intents: h.intents, renewals: h.renewals, lapses: h.leaseLapses })) })}`);
  assert.equal(r.engine, 'nats-jetstream');
  for (const [kind, n] of Object.entries(r.faultsInjected)) assert.ok(n >= 1, `fault ${kind} injected`);
  assert.equal(r.breaches, 0, 'no episode beyond the firm limit');
  assert.ok(r.worstFirmExposure <= r.firmLimit, `worst firm exposure ${r.worstFirmExposure} <= ${r.firmLimit}`);
  // What each host decided while trading reached the run (`intents`); the figures a host sends at
  // stop may not (a host starved of CPU on a loaded machine is killed after 15 s: `reported`).
  const hostsSaid = JSON.stringify(r.perHost.map((h) => ({ host: h.host, reported: h.reported, intents: h.intents, renewals: h.renewals })));
  assert.ok(r.perHost.every((h) => h.intents > 0), `every host traded: ${hostsSaid}`);
  assert.ok(r.perHost.some((h) => h.reported) && r.perHost.every((h) => !h.reported || h.renewals > 0), `every host that sent its figures renewed leases: ${hostsSaid}`);
  assert.ok(r.perHost.reduce((n, h) => n + h.approved, 0) > 0, 'orders went out');
  assert.ok(r.perHost.some((h) => h.leasesRaised > 0), 'slices were rebalanced');
  assert.ok(r.perHost.some((h) => (h.denied['LEASE_LIMIT'] ?? 0) > 0), 'the leases were binding');
  assert.ok(r.availability > 0 && r.availability <= 1);
  // The replay through an ideal gate judged the same orders the hosts decided.
  assert.equal(r.idealGate.hosts, r.bothApproved + r.approvedOracleDenied, 'the replay counts the hosts\' approvals');
  assert.ok(r.idealGate.firmGate > 0 && r.idealGate.noNetting > 0);
});
