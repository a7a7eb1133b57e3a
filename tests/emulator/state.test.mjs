// --state FILE: SQLite (node:sqlite, else sql.js: here tests/emulator's devDependency, the package's
// optional peer) plus an append-only journal (FILE.jsonl); a restart loses nothing
// (orders, ledgers, receivers, Payscore orders, id counters, and deliveries still to retry).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wx, startEmulator, send, admin, webhook, until, seeded, splitSpec, SUB, RECEIVER, PAYSCORE, createServiceOrderSpec } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'wxe-emulator-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the state file with sql.js directly (tests/emulator's devDependency; whichever backend wrote it, it is SQLite). */
async function rows(file) {
  const require = createRequire(import.meta.url);
  const initSqlJs = require('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  const [res] = db.exec('SELECT kind, COUNT(*) FROM records GROUP BY kind');
  db.close();
  return Object.fromEntries(res ? res.values : []);
}

test('restart with the same state file keeps orders, ledgers, receivers, Payscore orders and pending deliveries', async () => {
  const file = join(dir, 'state.sqlite');
  let acking = false;
  const hook = await webhook(() => (acking ? 200 : 500));
  try {
    const a = await startEmulator({ timeScale: 0.02, statePath: file });
    assert.equal(a.statePath, file);
    const t = await seeded(a);
    // Durable before the answer: the change is in the journal at once (one appended line, no
    // rewrite of the database); the SQLite snapshot has it after the idle compaction (1 s).
    assert.match(readFileSync(`${file}.jsonl`, 'utf8'), /"txn"/);
    await until(async () => (await rows(file)).txn === 1, 5000, 'the idle compaction');

    a.setReceiverNotifyUrl(RECEIVER, `${hook.base}/n`);
    const split = await send(a, splitSpec(t.transaction_id, 'ST1', [[RECEIVER, 1000]]));
    assert.equal(split.status, 200);
    await until(() => a.deliveries()[0]?.state === 'retrying', 3000, 'the first (failed) attempt');
    const ps = await send(a, createServiceOrderSpec('STPS1', 'https://127.0.0.1:9/n'));
    assert.equal(ps.status, 200);
    a.payscore.confirm('STPS1');
    await a.close();

    const saved = await rows(file);
    assert.equal(saved.txn, 1);
    assert.equal(saved.psOrder, 1);
    assert.equal(saved.receiver, 1);
    assert.equal(saved.payscore, 1);

    acking = true;
    const b = await startEmulator({ timeScale: 0.02, statePath: file });
    try {
      // The delivery that was waiting for its retry goes on after the restart.
      const d = await until(() => b.deliveries({ mchid: RECEIVER }).find((x) => x.state === 'delivered'), 3000, 'the retried delivery');
      assert.deepEqual(d.attempts.map((x) => x.status), [500, 200]);

      const q = await send(b, wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'ST1' }));
      assert.equal(q.status, 200);
      assert.equal(q.json.order_id, split.json.order_id);
      assert.equal(q.json.status, 'FINISHED');
      const left = await send(b, wx.profitSharing.queryAmounts({ transaction_id: t.transaction_id }));
      assert.equal(left.json.unsplit_amount, 9940 - 1000);
      // Idempotency and the ledger survived: same request → same split, the cap still counts the old split.
      assert.equal((await send(b, splitSpec(t.transaction_id, 'ST1', [[RECEIVER, 1000]]))).json.order_id, split.json.order_id);
      assert.equal((await send(b, splitSpec(t.transaction_id, 'ST2', [[RECEIVER, 1983]]))).json.code, 'RULE_LIMIT');
      // The receiver is still added; new ids do not collide with old ones.
      const s3 = await send(b, splitSpec(t.transaction_id, 'ST3', [[RECEIVER, 1982]]));
      assert.equal(s3.status, 200, s3.body);
      assert.notEqual(s3.json.order_id, split.json.order_id);

      const order = await send(b, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: 'STPS1' }));
      assert.equal(order.json.state, 'DOING');
      assert.equal(order.json.state_description, 'USER_CONFIRM');
      assert.equal((await admin(b, '/transactions')).json.length, 1);
    } finally {
      await b.close();
    }
  } finally {
    await hook.close();
  }
});

test('without --state nothing is written; a fresh state file is created where asked', async () => {
  const mem = await startEmulator({ timeScale: 0.01 });
  assert.equal(mem.statePath, null);
  assert.equal(mem.info().state, 'memory');
  await mem.close();

  const file = join(dir, 'sub', 'dir', 'fresh.sqlite');
  const e = await startEmulator({ timeScale: 0.01, statePath: file });
  assert.ok(existsSync(file));
  e.seedTransaction({ sub_mchid: SUB, amount: 100 });
  await e.close();
  assert.equal((await rows(file)).txn, 1);
  // Reset clears the file too.
  const again = await startEmulator({ timeScale: 0.01, statePath: file });
  assert.equal((await admin(again, '/transactions')).json.length, 1);
  await admin(again, '/reset', {});
  await again.close();
  assert.deepEqual(await rows(file), {});
});
