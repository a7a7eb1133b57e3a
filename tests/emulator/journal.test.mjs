// --state FILE is a SQLite snapshot plus an append-only journal (FILE.jsonl): a change is one
// appended line, the database is rewritten only when compacting. kill -9 loses nothing that was
// answered and never leaves a half-written file; a torn last journal line is dropped; a bounded
// load with --state runs without connection resets.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readFileSync, appendFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wx, send, admin, splitSpec, SUB, RECEIVER } from './helpers.mjs';
import { spawnEmulator, runLoad } from './load.mjs';

const dir = mkdtempSync(join(tmpdir(), 'wxe-journal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ARGS = ['--time-scale', '0.01', '--processing-delay', '0'];

async function ledger(emu, transaction_id) {
  const view = (await admin(emu, `/transactions/${transaction_id}`)).json;
  const amounts = await send(emu, wx.profitSharing.queryAmounts({ transaction_id }));
  assert.equal(amounts.status, 200, amounts.body);
  return { split_count: view.split_count, split_total: view.split_total, unsplit: amounts.json.unsplit_amount, receivers: view.receivers.map((r) => [r.account, r.received]) };
}

test('kill -9 and a restart on the same state file: the ledger, receivers and id counters are intact', async () => {
  const file = join(dir, 'kill.sqlite');
  const a = await spawnEmulator([...ARGS, '--state', file]);
  let t;
  let before;
  const orderIds = [];
  try {
    t = (await admin(a, '/transactions', { sub_mchid: SUB, amount: 100_000 })).json;
    const add = await send(a, wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: RECEIVER, name: `商户${RECEIVER}`, relation_type: 'SUPPLIER' }));
    assert.equal(add.status, 200, add.body);
    for (const [no, amount] of [['K1', 1000], ['K2', 2500], ['K3', 500]]) {
      const r = await send(a, splitSpec(t.transaction_id, no, [[RECEIVER, amount]]));
      assert.equal(r.status, 200, r.body);
      orderIds.push(r.json.order_id);
    }
    before = await ledger(a, t.transaction_id);
    assert.deepEqual([before.split_count, before.split_total], [3, 4000]);
    // The changes are in the journal; nothing has rewritten the snapshot since start (the idle
    // compaction waits 1 s without changes, and we kill right away).
    assert.ok(existsSync(`${file}.jsonl`));
  } finally {
    const { signal } = await a.stop('SIGKILL');
    assert.equal(signal, 'SIGKILL');
  }

  const b = await spawnEmulator([...ARGS, '--state', file]);
  try {
    assert.deepEqual(await ledger(b, t.transaction_id), before);
    const q = await send(b, wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'K2' }));
    assert.equal(q.status, 200, q.body);
    assert.equal(q.json.order_id, orderIds[1]);
    // Same request → same split (idempotency survived); a new one gets a new id and still counts the old ones.
    assert.equal((await send(b, splitSpec(t.transaction_id, 'K1', [[RECEIVER, 1000]]))).json.order_id, orderIds[0]);
    const k4 = await send(b, splitSpec(t.transaction_id, 'K4', [[RECEIVER, 100]]));
    assert.equal(k4.status, 200, k4.body);
    assert.ok(!orderIds.includes(k4.json.order_id));
    assert.equal((await ledger(b, t.transaction_id)).split_total, 4100);
  } finally {
    const { code } = await b.stop('SIGTERM');
    assert.equal(code, 0);
  }
  // A clean stop folds the journal into the snapshot and removes it.
  assert.equal(existsSync(`${file}.jsonl`), false);

  const c = await spawnEmulator([...ARGS, '--state', file]);
  try {
    assert.equal((await ledger(c, t.transaction_id)).split_total, 4100);
  } finally {
    await c.stop('SIGKILL');
  }
});

test('a torn last journal line (a kill in the middle of an append) is dropped; the rest is replayed', async () => {
  const file = join(dir, 'torn.sqlite');
  const a = await spawnEmulator([...ARGS, '--state', file]);
  let t;
  try {
    t = (await admin(a, '/transactions', { sub_mchid: SUB, amount: 5000 })).json;
  } finally {
    await a.stop('SIGKILL');
  }
  appendFileSync(`${file}.jsonl`, '{"t":1,"c":[["p","txn","4200TORN","{\\"transaction_id\\":');
  const b = await spawnEmulator([...ARGS, '--state', file]);
  try {
    const all = (await admin(b, '/transactions')).json;
    assert.deepEqual(
      all.map((x) => x.transaction_id),
      [t.transaction_id],
    );
    // New changes go on after the dropped line and survive another kill.
    const u = (await admin(b, '/transactions', { sub_mchid: SUB, amount: 6000 })).json;
    await b.stop('SIGKILL');
    const c = await spawnEmulator([...ARGS, '--state', file]);
    try {
      assert.deepEqual((await admin(c, '/transactions')).json.map((x) => x.transaction_id).sort(), [t.transaction_id, u.transaction_id].sort());
    } finally {
      await c.stop('SIGTERM');
    }
  } finally {
    await b.stop('SIGKILL');
  }
});

test('a bounded load with --state (600 requests, 20 at a time): no connection resets, every answered split survives kill -9', async () => {
  const file = join(dir, 'load.sqlite');
  const a = await spawnEmulator([...ARGS, '--state', file]);
  let stats;
  try {
    stats = await runLoad(a, { requests: 600, concurrency: 20, timeoutMs: 60_000 });
  } finally {
    await a.stop('SIGKILL');
  }
  assert.equal(stats.skipped, 0, 'the load finished within its time bound');
  assert.equal(stats.resets, 0, JSON.stringify(stats.errors));
  assert.deepEqual(stats.errors, {});
  assert.ok(!Object.keys(stats.http).some((s) => Number(s) >= 500), JSON.stringify(stats.http));
  assert.deepEqual(stats.byKind.addReceiver, { 200: 150 });
  assert.deepEqual(stats.byKind.split, { 200: 150 });
  assert.ok(statSync(file).size > 0);

  const b = await spawnEmulator([...ARGS, '--state', file]);
  try {
    const views = (await admin(b, '/transactions')).json;
    const mine = views.filter((v) => stats.transactions.includes(v.transaction_id));
    assert.equal(mine.reduce((n, v) => n + v.split_count, 0), 150);
    assert.equal(mine.reduce((n, v) => n + v.split_total, 0), 150);
    assert.equal((await admin(b, '/receivers')).json.receivers.length, 151);
  } finally {
    await b.stop('SIGTERM');
  }
});
