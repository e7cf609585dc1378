import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecIdWindow } from '../../src/risk/exec-id-window.js';
import { IntHashMap } from '../../src/risk/int-hash-map.js';
import { Mulberry32, testSeed } from '../support/engine-harness.js';

function randomKey(rnd: Mulberry32, pool: number): number {
  const r = rnd.below(10);
  if (r < 6) return rnd.below(pool); // small keys: heavy reuse
  if (r < 8) return 2 ** 52 + rnd.below(pool) * 4294967296; // same low word, different high word
  if (r < 9) return -1 - rnd.below(pool);
  return rnd.below(2 ** 21) * 4294967296 + rnd.nextU32(); // anywhere below 2^53
}

for (const maxEntries of [1, 7, 64, 300]) {
  test(`when random set/get/delete run against a JS Map then the map agrees at every step (maxEntries ${maxEntries}, seeded)`, () => {
    const seed = testSeed(`IntHashMap maxEntries=${maxEntries}`);
    const rnd = new Mulberry32(seed);
    const map = new IntHashMap(maxEntries);
    const model = new Map<number, number>();
    const pool = maxEntries * 3;
    const keys: number[] = [];
    for (let step = 0; step < 40_000; step++) {
      const key = keys.length > 0 && rnd.below(3) === 0 ? keys[rnd.below(keys.length)]! : randomKey(rnd, pool);
      if (keys.length < 4 * pool) keys.push(key);
      const op = rnd.below(10);
      const where = `seed ${seed} step ${step} key ${key}`;
      if (op < 5) {
        const value = rnd.below(2 ** 31);
        const ok = map.set(key, value);
        const full = !model.has(key) && model.size >= maxEntries;
        assert.equal(ok, !full, `${where}: set returned ${ok}`);
        if (ok) model.set(key, value);
      } else if (op < 8) {
        assert.equal(map.delete(key), model.delete(key), `${where}: delete`);
      } else {
        assert.equal(map.get(key), model.get(key) ?? -1, `${where}: get`);
      }
      assert.equal(map.size, model.size, `${where}: size`);
      if (step % 1000 === 0) for (const [k, v] of model) assert.equal(map.get(k), v, `${where}: full check of ${k}`);
    }
  });
}

test('when the map is full then set of a new key returns false and changes nothing, and an existing key can still be overwritten', () => {
  const map = new IntHashMap(3);
  assert.equal(map.set(10, 1), true);
  assert.equal(map.set(20, 2), true);
  assert.equal(map.set(30, 3), true);
  assert.equal(map.set(40, 4), false);
  assert.equal(map.size, 3);
  assert.equal(map.get(40), -1);
  assert.equal(map.set(20, 22), true);
  assert.equal(map.get(20), 22);
  assert.equal(map.delete(10), true);
  assert.equal(map.set(40, 4), true);
  assert.equal(map.get(40), 4);
});

test('when keys share the low 32 bits then they are told apart', () => {
  const map = new IntHashMap(16);
  for (let hi = 0; hi < 16; hi++) assert.equal(map.set(hi * 4294967296 + 7, hi), true);
  for (let hi = 0; hi < 16; hi++) assert.equal(map.get(hi * 4294967296 + 7), hi);
  assert.equal(map.get(16 * 4294967296 + 7), -1);
});

test('when a key is deleted from the middle of a probe run then the keys after it are still found', () => {
  // Capacity 8 (maxEntries 4): with 4 keys some runs are likely; every order of deletion is tried.
  const keys = [0, 8, 16, 24];
  const perms: number[][] = [[0, 1, 2, 3], [1, 0, 3, 2], [2, 3, 0, 1], [3, 2, 1, 0], [1, 3, 0, 2]];
  for (const perm of perms) {
    const map = new IntHashMap(4);
    keys.forEach((k, i) => map.set(k, i));
    const left = new Set(keys);
    for (const p of perm) {
      map.delete(keys[p]!);
      left.delete(keys[p]!);
      for (const k of left) assert.equal(map.get(k), keys.indexOf(k), `after deleting ${keys[p]} in order ${perm.join(',')}`);
    }
    assert.equal(map.size, 0);
  }
});

test('when the map is cleared then it is empty and usable', () => {
  const map = new IntHashMap(2);
  map.set(1, 1);
  map.set(2, 2);
  map.clear();
  assert.equal(map.size, 0);
  assert.equal(map.get(1), -1);
  assert.equal(map.set(3, 3), true);
  assert.equal(map.set(4, 4), true);
});

// ExecIdWindow is an IntHashMap plus a FIFO of the ids in it.

test('when an execution id is seen again within the window then it is a duplicate', () => {
  const w = new ExecIdWindow(16);
  assert.equal(w.seenOrAdd(5), false);
  assert.equal(w.seenOrAdd(5), true);
  assert.equal(w.seenOrAdd(6), false);
  assert.equal(w.seenOrAdd(2 ** 52 + 5), false);
});

test('when the window is full then the oldest id is forgotten first (FIFO)', () => {
  const w = new ExecIdWindow(4);
  for (const id of [1, 2, 3, 4]) assert.equal(w.seenOrAdd(id), false);
  assert.equal(w.seenOrAdd(1), true, 'a duplicate does not refresh or evict');
  assert.equal(w.seenOrAdd(5), false); // evicts 1
  assert.equal(w.seenOrAdd(2), true);
  assert.equal(w.seenOrAdd(3), true);
  assert.equal(w.seenOrAdd(4), true);
  assert.equal(w.seenOrAdd(5), true);
  assert.equal(w.seenOrAdd(1), false, '1 was evicted; adding it evicts 2');
  assert.equal(w.seenOrAdd(2), false, '2 was evicted; adding it evicts 3');
  assert.equal(w.seenOrAdd(4), true);
  assert.equal(w.seenOrAdd(3), false);
});

test('when many ids stream through then exactly the last capacity ids are remembered (seeded)', () => {
  const seed = testSeed('ExecIdWindow stream');
  const rnd = new Mulberry32(seed);
  const cap = 32;
  const w = new ExecIdWindow(cap);
  const fifo: number[] = [];
  for (let step = 0; step < 20_000; step++) {
    const id = rnd.below(200);
    const expected = fifo.includes(id);
    assert.equal(w.seenOrAdd(id), expected, `seed ${seed} step ${step} id ${id}`);
    if (!expected) {
      fifo.push(id);
      if (fifo.length > cap) fifo.shift();
    }
  }
});
