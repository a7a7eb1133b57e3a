// Reconciliation job for the Node example: splits (and returns) still PROCESSING in the
// database some time after they were requested are asked about again, and what WeChat Pay
// answers goes through the same once-per-key processing as the notifications. A notification
// lost for good (WeChat Pay stops retrying after 24 h 4 m) and one that arrives late end in the
// same state: one ledger row, the order SETTLED.
//
//   DATABASE_URL=postgres://… (or SQLITE_FILE=…) + the server's WECHATPAY_* variables \
//   node reconcile.mjs [--older-than-sec 600]        (run it from cron, e.g. every 10 minutes)
//
// The query is prepare + fetch + verifyResponse + parseResponse behind one function (`query`),
// so an HTTP client can replace it without touching the rest.
import { pathToFileURL } from 'node:url';
import * as wx from 'wechatpay-edge';
import { reconcile, sqlStore } from 'wechatpay-edge/webhooks';
import { openDatabase, optionsFromEnv, processOnce } from './server.mjs';

/** One pending row's query answer, verified and typed. */
export function queryWith({ merchant, keys, baseUrl, fetch: fetchImpl = fetch }) {
  return async function query(item) {
    const [spec, operation] =
      item.kind === 'split'
        ? [wx.profitSharing.queryOrder({ sub_mchid: item.sub_mchid, transaction_id: item.transaction_id, out_order_no: item.out_no }), 'queryOrder']
        : [wx.profitSharing.queryReturnOrder({ sub_mchid: item.sub_mchid, out_return_no: item.out_no, out_order_no: item.out_order_no }), 'queryReturnOrder'];
    const r = wx.prepare(merchant, spec, { baseUrl });
    const res = await fetchImpl(r.url, { method: r.method, headers: r.headers, body: r.body });
    const text = await res.text();
    wx.verifyResponse({ status: res.status, headers: res.headers, body: text, keys });
    return wx.profitSharing.parseResponse(operation, text);
  };
}

/** queryWith over the server's options (PEMs as in optionsFromEnv): keys imported here. */
export function queryFromOptions(o, fetchImpl) {
  const merchant = wx.importMerchantKey({ mchid: o.mchid, serialNo: o.merchantSerialNo, privateKey: o.merchantPrivateKey });
  const platformKeys = (o.platformCertificates ?? []).map((pem) => wx.importPlatformCertificate(pem));
  if (o.publicKey) platformKeys.push(wx.importPlatformPublicKey(o.publicKey));
  const keys = wx.createPlatformKeySet(platformKeys, { merchantSerialNo: o.merchantSerialNo });
  return queryWith({ merchant, keys, baseUrl: o.baseUrl, fetch: fetchImpl });
}

/**
 * Reconciles the rows of `orders` still PROCESSING `olderThanMs` after they were requested.
 * @returns the report of wechatpay-edge/webhooks reconcile ({ checked, processed, duplicate, stillPending, failed })
 */
export async function reconcileOrders({ db, query, olderThanMs = 10 * 60_000, now = Date.now(), limit = 500 }) {
  const { rows } = await db.query("SELECT kind, sub_mchid, out_no, transaction_id, out_order_no FROM orders WHERE state = 'PROCESSING' AND requested_at < $1 ORDER BY requested_at LIMIT $2", [new Date(now - olderThanMs).toISOString(), limit]);
  const store = sqlStore(db);
  return reconcile({ pending: rows, query, handle: (n) => processOnce({ store, n, source: 'reconciliation' }) });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const at = process.argv.indexOf('--older-than-sec');
  const olderThanMs = (at > 0 ? Number(process.argv[at + 1]) : 600) * 1000;
  const query = queryFromOptions(optionsFromEnv(env));
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.DATABASE_URL ? null : (env.SQLITE_FILE ?? './wechatpay-example.sqlite') });
  try {
    const report = await reconcileOrders({ db: database.db, query, olderThanMs });
    console.log(JSON.stringify({ ...report, failed: report.failed.map((f) => ({ order: f.item, error: f.error?.code ?? f.error?.message })) }));
    process.exitCode = report.failed.length ? 1 : 0;
  } finally {
    await database.close();
  }
}
