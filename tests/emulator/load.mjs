// A bounded load on a running emulator over loopback: `requests` signed API calls, `concurrency`
// at a time, through Node's fetch (undici, keep-alive). Every call either writes (add a
// receiver, split) or reads (query a split, query amounts), so with --state most of them change
// the state file. Counts connection resets and other transport failures separately from HTTP
// answers. Used by load.test.mjs; run directly to measure:
//
//   node load.mjs [--requests 2000] [--concurrency 20] [--state FILE | --memory] [--timeout-ms 120000]
//                 [--client fetch | http]   (fetch: undici; http: node:http with a keep-alive Agent)
//
// (spawns `wechatpay-edge emulate` from this directory's node_modules on 127.0.0.1:0).
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { wx, send, admin, merchant, SUB, testKeys } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'node_modules', '.bin', 'wechatpay-edge');

/** Starts the CLI emulator in a child process; resolves { url, child, stop() }. */
export function spawnEmulator(args = [], { timeoutMs = 15_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['emulate', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start: ${stdout} ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = stdout.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal, stderr: () => stderr })));
        resolve({
          url: m[1],
          child,
          exited,
          stderr: () => stderr,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code}) before listening: ${stderr}`));
    });
  });
}

// UND_ERR_SOCKET: undici's "other side closed" (the server closed a connection under a request).
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function transportCode(err) {
  for (let e = err; e; e = e.cause) if (e.code) return e.code;
  return err && err.name ? err.name : 'unknown';
}

/** `send` through node:http with a keep-alive Agent (reuses sockets up to the server's Keep-Alive hint). */
function agentSender(agent) {
  return (emu, spec) => {
    const req = wx.prepare(merchant, { headers: [], body: null, ...spec }, { baseUrl: emu.url });
    return new Promise((resolve, reject) => {
      const r = httpRequest(req.url, { method: req.method, headers: req.headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(req.body ?? undefined);
    });
  };
}

/**
 * Runs the load; resolves { requests, ok, http: { status: n }, byKind: { addReceiver|split|queryOrder|queryAmounts:
 * { status: n } }, resets, errors: { code: n }, skipped, ms, rps, transactions (the seeded ids) }.
 * Stops issuing new requests after `timeoutMs` (the rest count as `skipped`).
 */
export async function runLoad(emu, { requests = 2000, concurrency = 20, timeoutMs = 120_000, client = 'fetch' } = {}) {
  const agent = client === 'http' ? new Agent({ keepAlive: true, maxSockets: concurrency }) : null;
  const call = agent ? agentSender(agent) : send;
  const run = Date.now().toString(36).toUpperCase();
  // A few payments to split (each split takes 1 fen, far below the 30 % cap).
  const transactions = [];
  for (let i = 0; i < 20; i++) {
    const r = await admin(emu, '/transactions', { sub_mchid: SUB, amount: 1_000_000 });
    if (r.status !== 201) throw new Error(`seeding: ${r.status} ${JSON.stringify(r.json)}`);
    transactions.push(r.json.transaction_id);
  }
  const receiver = '1900009999';
  const add = await send(emu, wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: receiver, name: '商户', relation_type: 'SUPPLIER' }));
  if (add.status !== 200) throw new Error(`addReceiver: ${add.status} ${add.body}`);

  const spec = (i) => {
    // A split and the query after it use the same payment.
    const t = transactions[Math.floor(i / 4) % transactions.length];
    switch (i % 4) {
      case 0:
        return wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: String(1_900_100_000 + i), name: `商户${i}`, relation_type: 'SERVICE_PROVIDER' });
      case 1:
        return wx.profitSharing.createOrder(
          { sub_mchid: SUB, transaction_id: t, out_order_no: `L${run}N${i}`, receivers: [{ type: 'MERCHANT_ID', receiver_account: receiver, amount: 1, description: '分账' }], finish: false, wechatpay_serial: testKeys.platformSerial },
        );
      case 2:
        return wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t, out_order_no: `L${run}N${i - 1}` });
      default:
        return wx.profitSharing.queryAmounts({ transaction_id: t });
    }
  };

  const KINDS = ['addReceiver', 'split', 'queryOrder', 'queryAmounts'];
  const stats = { requests, ok: 0, http: {}, resets: 0, errors: {}, skipped: 0, byKind: Object.fromEntries(KINDS.map((k) => [k, {}])) };
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  const started = performance.now();
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= requests) return;
      if (Date.now() > deadline) {
        stats.skipped++;
        continue;
      }
      try {
        const r = await call(emu, spec(i));
        stats.http[r.status] = (stats.http[r.status] ?? 0) + 1;
        const k = stats.byKind[KINDS[i % 4]];
        k[r.status] = (k[r.status] ?? 0) + 1;
        if (r.status === 200) stats.ok++;
        else if (stats.sample === undefined) stats.sample = `${i % 4}: ${r.status} ${r.body}`;
      } catch (err) {
        const code = transportCode(err);
        stats.errors[code] = (stats.errors[code] ?? 0) + 1;
        if (RESET_CODES.has(code)) stats.resets++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent?.destroy();
  stats.ms = Math.round(performance.now() - started);
  stats.rps = Math.round((requests - stats.skipped) / (stats.ms / 1000));
  stats.transactions = transactions;
  return stats;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '20' },
      state: { type: 'string' },
      memory: { type: 'boolean' },
      'timeout-ms': { type: 'string', default: '120000' },
      client: { type: 'string', default: 'fetch' },
    },
  });
  const dir = values.state ? null : mkdtempSync(join(tmpdir(), 'wxe-load-'));
  const state = values.memory ? null : (values.state ?? join(dir, 'state.sqlite'));
  const emu = await spawnEmulator(['--time-scale', '0.01', ...(state ? ['--state', state] : [])]);
  try {
    const s = await runLoad(emu, { requests: Number(values.requests), concurrency: Number(values.concurrency), timeoutMs: Number(values['timeout-ms']), client: values.client });
    delete s.transactions;
    delete s.byKind;
    console.log(JSON.stringify({ mode: state ? 'state' : 'memory', client: values.client, ...s }));
  } finally {
    const { code, signal } = await emu.stop();
    if (code !== 0) console.error(`emulator exit ${code ?? signal}: ${emu.stderr()}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
