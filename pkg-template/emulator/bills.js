// The profit-sharing bill (GET /v3/profitsharing/bills) and its download, made from the splits
// and returns the emulator has recorded, so a day can be run and reconciled locally. The file
// has the documented shape (detail header and rows, summary header and row, backtick-prefixed
// values, yuan); the download answer is not signed (the bill API's SHA1 digest stands in).
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { apiError } from './protocol.js';
import { validated } from './common.js';

/** A download URL is good for 30 s ("该地址30s内有效", 申请分账账单). */
const URL_TTL_MS = 30_000;
const HEADER = ['create_time', 'initiator', 'sponsor', 'sub_mchid', 'transaction_id', 'order_id', 'out_order_no', 'detail_id', 'receiver_account', 'amount', 'currency', 'business_type', 'status', 'description'];
const SUMMARY = ['分账总笔数', '分账总金额(元)', '回退总笔数', '回退总金额(元)'];
const CST_MS = 8 * 3_600_000;

const yuan = (fen) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
/** `2026-12-01 10:00:01` in China Standard Time, as the bill writes times. */
const cstTime = (ms) => new Date(ms + CST_MS).toISOString().slice(0, 19).replace('T', ' ');
const cstDate = (ms) => cstTime(ms).slice(0, 10);
/** Commas and line breaks would shift columns; WeChat's free text cannot carry them either. */
const cell = (v) => '`' + String(v ?? '').replace(/[,\r\n]/g, ' ');

export function createBills(ctx) {
  const { wx, store } = ctx;
  const downloads = new Map();

  /** Splits and returns that succeeded on `date` (CST), optionally of one sub-merchant. */
  function movements(date, sub_mchid, { succeeded }) {
    const now = Date.now();
    const when = (r) => (succeeded ? r.ready_at : r.created_at);
    const keep = (r) => (!sub_mchid || r.sub_mchid === sub_mchid) && cstDate(when(r)) === date && (!succeeded || r.ready_at <= now);
    const splits = store.all('psOrder').filter((o) => o.kind === 'split' && keep(o));
    const returns = store.all('psReturn').filter(keep);
    return { splits, returns };
  }

  function billText(date, sub_mchid, initiator) {
    const { splits, returns } = movements(date, sub_mchid, { succeeded: true });
    const rows = [];
    let splitFen = 0;
    let splitCount = 0;
    for (const o of splits) {
      for (const r of o.receivers) {
        splitFen += r.amount;
        splitCount++;
        rows.push([cstTime(o.ready_at), initiator, o.sub_mchid, o.sub_mchid, o.transaction_id, o.order_id, o.out_order_no, r.detail_id, r.receiver_account, yuan(r.amount), 'CNY', '分账', '成功', r.description]);
      }
    }
    let returnFen = 0;
    for (const r of returns) {
      returnFen += r.amount;
      rows.push([cstTime(r.ready_at), initiator, r.sub_mchid, r.sub_mchid, r.transaction_id, r.return_no, r.out_return_no, '', r.return_mchid, yuan(r.amount), 'CNY', '回退', '成功', r.description]);
    }
    const lines = [HEADER.join(','), ...rows.map((r) => r.map(cell).join(',')), SUMMARY.join(','), [splitCount, yuan(splitFen), returns.length, yuan(returnFen)].map(cell).join(',')];
    return lines.join('\r\n') + '\r\n';
  }

  function applyBill({ query, headers, caller }) {
    const q = Object.fromEntries(query);
    validated((i) => wx.profitSharing.bill(i), q);
    const text = Buffer.from(billText(q.bill_date, q.sub_mchid, caller.mchid), 'utf8');
    const token = randomBytes(24).toString('base64url');
    const gzip = q.tar_type === 'GZIP';
    downloads.set(token, { bytes: gzip ? gzipSync(text) : text, gzip, expires: Date.now() + URL_TTL_MS });
    for (const [t, d] of downloads) if (d.expires < Date.now()) downloads.delete(t);
    return {
      status: 200,
      body: {
        download_url: `http://${headers.host}/v3/billdownload/file?token=${token}`,
        hash_type: 'SHA1',
        // Of the original bill: "原始账单(gzip需要解压缩)的摘要值".
        hash_value: createHash('sha1').update(text).digest('hex'),
      },
    };
  }

  function download({ query }) {
    const d = downloads.get(query.get('token') ?? '');
    if (!d || d.expires < Date.now()) throw apiError(400, 'INVALID_REQUEST', '下载地址已过期或不存在，请重新申请账单', { location: 'query', field: 'token', issue: 'unknown or older than 30 s' });
    return { status: 200, raw: d.bytes, contentType: d.gzip ? 'application/gzip' : 'text/csv; charset=utf-8' };
  }

  /** What was requested on `date` (CST), as a split ledger (`wechatpay-edge/split-ledger`). */
  function ledger({ query }) {
    const date = query.get('bill_date') ?? cstDate(Date.now());
    const { splits, returns } = movements(date, query.get('sub_mchid'), { succeeded: false });
    const entries = [
      ...splits.flatMap((o) => o.receivers.map((r) => ({ kind: 'split', transactionId: o.transaction_id, outOrderNo: o.out_order_no, account: r.receiver_account, amount: r.amount }))),
      ...returns.map((r) => ({ kind: 'return', transactionId: r.transaction_id, outOrderNo: r.out_order_no, outReturnNo: r.out_return_no, account: r.return_mchid, amount: r.amount })),
    ];
    return { kind: 'wechatpay-edge/split-ledger', version: 1, entries };
  }

  return {
    routes: [
      ['GET', '/v3/profitsharing/bills', applyBill],
      ['GET', '/v3/billdownload/file', download],
    ],
    ledger,
  };
}
