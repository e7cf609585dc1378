import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The reader side of this test uses ONLY the generated code and the flatbuffers runtime, as a
// client in another language would (its own generated code + the layout in journal-layout.ts).
import * as flatbuffers from 'flatbuffers';
import {
  Body, CancelRequest, Envelope, Fill, JournalGap, JournalHeader, OrderRequest, OrderUpdate, Decision, Verdict, Side,
} from '../../src/schema/generated/riskgate_generated.js';
// Writing the journal uses the project (the thing under test).
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runThreadedScenario } from '../../src/engine/threaded-scenario.js';
import { runScenarioWithJournal } from '../../src/journal/record-scenario.js';
import { EngineGate } from '../../src/scenario/engine-gate.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { burstScenario } from '../journal/support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'riskgate-schema-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('when a journal is read with the generated code alone then header, fills, orders and decisions decode', () => {
  const path = join(tmp, 'j.rgj');
  const sc = loadScenario(join(ROOT, 'scenarios/01-order-update-before-position.json'));
  runScenarioWithJournal(sc, new EngineGate(sc.config), path, 1_700_000_000_000);

  const file = readFileSync(path);
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  assert.equal(file.subarray(0, 4).toString('latin1'), 'RGJL');
  assert.equal(dv.getUint32(4, true), 1);
  const kinds: string[] = [];
  const decisions: string[] = [];
  let fills = 0;
  let off = 8;
  let seq = 0;
  while (off < file.length) {
    const n = dv.getUint32(off, true);
    const bb = new flatbuffers.ByteBuffer(new Uint8Array(file.buffer, file.byteOffset + off + 8, n));
    assert.ok(Envelope.bufferHasIdentifier(bb));
    const env = Envelope.getRootAsEnvelope(bb);
    assert.equal(env.seq(), seq++);
    kinds.push(Body[env.bodyType()]!);
    switch (env.bodyType()) {
      case Body.JournalHeader: {
        const h = env.body(new JournalHeader()) as JournalHeader;
        assert.equal(h.formatVersion(), 9);
        assert.equal(h.createdAt(), 1_700_000_000_000);
        assert.equal(JSON.parse(h.configJson()!).instruments[0].symbol, 'BTCUSDT');
        break;
      }
      case Body.Fill: {
        const f = env.body(new Fill()) as Fill;
        assert.deepEqual([f.symbol(), f.orderId(), f.execId(), f.side(), f.qty(), f.price(), f.seq()], ['BTCUSDT', 'o1', 'e1', Side.Buy, 1, 100, null]);
        fills++;
        break;
      }
      case Body.OrderRequest: {
        const o = env.body(new OrderRequest()) as OrderRequest;
        assert.equal(o.symbol(), 'BTCUSDT');
        break;
      }
      case Body.Decision: {
        const d = env.body(new Decision()) as Decision;
        decisions.push(`${d.orderId()}:${d.verdict() === Verdict.Approve ? 'approve' : d.reasonName()}`);
        break;
      }
    }
    off += 8 + ((n + 7) & ~7);
  }
  assert.equal(off, file.length);
  assert.equal(fills, 1);
  assert.equal(kinds[0], 'JournalHeader');
  assert.deepEqual(decisions, ['o1:approve', 'o2:UNCONFIRMED_FILLS', 'o3:POSITION_LIMIT', 'o4:approve']);
  assert.deepEqual(kinds.slice(1, 4), ['Snapshot', 'OrderRequest', 'Decision']);
});

/** Every envelope of a journal file, framed by the layout of journal-layout.ts; generated code only. */
function envelopes(path: string): Envelope[] {
  const file = readFileSync(path);
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Envelope[] = [];
  for (let off = 8; off < file.length; off += 8 + ((dv.getUint32(off, true) + 7) & ~7)) {
    const n = dv.getUint32(off, true);
    const bb = new flatbuffers.ByteBuffer(new Uint8Array(file.buffer, file.byteOffset + off + 8, n));
    assert.ok(Envelope.bufferHasIdentifier(bb));
    out.push(Envelope.getRootAsEnvelope(bb));
  }
  return out;
}

test('when a threaded journal with losses is read with the generated code alone then handles and gap records decode', async () => {
  const path = join(tmp, 'threaded.rgj');
  const run = await runThreadedScenario(parseScenario(burstScenario(300), 'burst'), {
    timeoutMs: 15_000, engine: { journal: { path, fsync: 'none' }, journalRingCapacity: 8 },
  });
  assert.ok(run.stop.journalLost > 0);
  const envs = envelopes(path);
  assert.equal((envs[0]!.body(new JournalHeader()) as JournalHeader).formatVersion(), 9);
  const seen = new Set<string>();
  const requestHandle = new Map<number, number>();
  let lost = 0;
  let lastTotal = 0;
  for (const env of envs.slice(1)) {
    seen.add(Body[env.bodyType()]!);
    switch (env.bodyType()) {
      case Body.Fill: {
        const f = env.body(new Fill()) as Fill;
        assert.deepEqual([f.orderId(), f.execId()], [null, null], 'the risk thread knows no string ids');
        assert.ok(Number.isSafeInteger(f.orderHandle()) && Number.isSafeInteger(f.execHandle()));
        break;
      }
      case Body.OrderUpdate: {
        const u = env.body(new OrderUpdate()) as OrderUpdate;
        assert.equal(u.orderId(), null);
        assert.ok(Number.isSafeInteger(u.orderHandle()));
        break;
      }
      case Body.OrderRequest: {
        const o = env.body(new OrderRequest()) as OrderRequest;
        assert.equal(o.orderId(), null);
        assert.ok(o.orderHandle()! >= 1);
        requestHandle.set(env.seq(), o.orderHandle()!);
        break;
      }
      case Body.Decision: {
        const d = env.body(new Decision()) as Decision;
        assert.equal(d.orderId(), null);
        assert.equal(d.orderHandle(), requestHandle.get(d.requestSeq()), 'a decision repeats its request\'s handle');
        break;
      }
      case Body.JournalGap: {
        const g = env.body(new JournalGap()) as JournalGap;
        assert.ok(g.lost() >= 1);
        lost += g.lost();
        assert.equal(g.lostTotal(), lastTotal + g.lost());
        lastTotal = g.lostTotal();
        assert.ok(g.fromAt() === null || g.toAt() === null || g.fromAt()! <= g.toAt()!);
        break;
      }
    }
  }
  assert.deepEqual([...seen].sort(), ['Decision', 'Fill', 'JournalGap', 'OrderRequest', 'OrderUpdate', 'Snapshot']);
  assert.equal(lost, run.stop.journalLost, 'the gap records account for every loss');
});

test('when a journal written before the handle fields is read with the generated code then they read as absent', () => {
  const envs = envelopes(join(ROOT, 'test/journal/fixtures/v1-threaded-07.rgj'));
  assert.equal((envs[0]!.body(new JournalHeader()) as JournalHeader).formatVersion(), 1);
  const cancel = envs.find((e) => e.bodyType() === Body.CancelRequest)!.body(new CancelRequest()) as CancelRequest;
  assert.deepEqual([cancel.orderId(), cancel.orderHandle()], ['#1', null]);
  const fill = envs.find((e) => e.bodyType() === Body.Fill)!.body(new Fill()) as Fill;
  assert.deepEqual([fill.orderId(), fill.orderHandle(), fill.execHandle()], ['#1', null, null]);
});
