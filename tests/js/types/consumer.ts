// Uses wechatpay-edge the way an application would; compiled with tsc --strict by types.test.mjs.
import {
  init,
  runtime,
  importMerchantKey,
  importPlatformPublicKey,
  importPlatformCertificate,
  createPlatformKeySet,
  loadCertificates,
  buildSigningMessage,
  formatAuthorization,
  parseAuthorization,
  signRequest,
  signRequestAsync,
  encryptSensitive,
  decryptSensitive,
  verifyResponse,
  verifyNotification,
  verifySignature,
  exportSpki,
  decryptResource,
  parseNotification,
  ack,
  nack,
  prepare,
  prepareAsync,
  profitSharing,
  payScore,
  split,
  WxPayError,
  MerchantKey,
  PlatformKey,
  PlatformKeySet,
  createClient,
  type Client,
  type PollResult,
} from 'wechatpay-edge';
import type {
  WxPayErrorCode,
  Notification,
  RequestSpec,
  PreparedRequest,
  HeadersLike,
  Verified,
  CreateOrderInput,
  Allocation,
  PlanReport,
  Simulation,
  SplitOperation,
  PayscoreServiceOrder,
  AllowedOperations,
  Reply,
  OrderResult,
  PayscoreAck,
  ReturnOrderResult,
  AfterSalesOrderResult,
  ProfitSharingNotificationData,
  PayscoreDeductInfo,
  PayscoreDeductionInfo,
  PayscoreApplyPermissionsResult,
  PayscoreOrderTimeRange,
  PayscorePayOnDeliveryOrder,
  PayscorePermissionNotice,
  PayscoreOperation,
} from 'wechatpay-edge';
import { testKeys, signNotification, signResponse, encryptResource } from 'wechatpay-edge/testing';
import type { WechatpaySignatureHeaders } from 'wechatpay-edge/testing';

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

/** Exhaustive over the code union: adding a code without handling it breaks this file. */
export function httpStatusFor(code: WxPayErrorCode): number {
  switch (code) {
    case 'ERR_WXPAY_NOT_INITIALIZED':
    case 'ERR_WXPAY_KEY_INVALID':
    case 'ERR_WXPAY_KEY_UNSUPPORTED':
    case 'ERR_WXPAY_APIV3_KEY_INVALID':
    case 'ERR_WXPAY_ENGINE_MISSING':
    case 'ERR_WXPAY_INTERNAL':
      return 500;
    case 'ERR_WXPAY_BODY_NOT_RAW':
    case 'ERR_WXPAY_VALIDATION':
    case 'ERR_WXPAY_PAYLOAD_INVALID':
    case 'ERR_WXPAY_RESOURCE_INVALID':
      return 400;
    case 'ERR_WXPAY_HEADER_MISSING':
    case 'ERR_WXPAY_HEADER_INVALID':
    case 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE':
    case 'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED':
    case 'ERR_WXPAY_SERIAL_UNKNOWN':
    case 'ERR_WXPAY_SIGNATURE_INVALID':
    case 'ERR_WXPAY_DECRYPTION_FAILED':
      return 401;
    case 'ERR_WXPAY_API':
    case 'ERR_WXPAY_BILL_INVALID':
    case 'ERR_WXPAY_BILL_HASH_MISMATCH':
    case 'ERR_WXPAY_NETWORK':
      return 502;
    default:
      return assertNever(code);
  }
}

export async function main(): Promise<void> {
  await init();
  const where: 'node' | 'workerd' | 'browser' = runtime;

  const merchant: MerchantKey = importMerchantKey({
    mchid: testKeys.mchid,
    serialNo: testKeys.merchantSerialNo,
    privateKey: testKeys.merchantPrivateKey,
  });
  const ids: { mchid: string; serialNo: string } = merchant.toJSON();
  const cert: PlatformKey = importPlatformCertificate(testKeys.platformCertificate);
  const pub = importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey });
  const kind: 'certificate' | 'publicKey' = cert.kind;
  const expires: number | undefined = cert.notAfter;
  const keys: PlatformKeySet = createPlatformKeySet([cert, pub], { merchantSerialNo: merchant.serialNo });
  const serials: readonly string[] = keys.serials;
  const found: PlatformKey | undefined = keys.get(testKeys.platformSerial);

  // Requests.
  const message: string = buildSigningMessage({ method: 'GET', url: '/v3/certificates', timestamp: 1700000000, nonce: 'n1' });
  const signed = signRequest(merchant, { method: 'POST', url: '/v3/x', body: '{"a":1}', timestamp: 1700000000, nonce: 'n1' });
  const authz: string = signed.authorization;
  const signedAsync = await signRequestAsync(merchant, { method: 'get', url: '/v3/x' });
  const parts = parseAuthorization(signedAsync.authorization);
  const ts: number = parts.timestamp;
  const header: string = formatAuthorization({ mchid: parts.mchid, serialNo: parts.serialNo, timestamp: ts, nonce: parts.nonceStr, signature: parts.signature });

  const input: CreateOrderInput = {
    appid: 'wx8888888888888888',
    sub_mchid: '1900000109',
    transaction_id: '4208450740201411110007820472',
    out_order_no: 'P20150806125346',
    receivers: [
      { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: '分给商户' },
      { type: 'PERSONAL_OPENID', receiver_account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', amount: 50, description: '分给个人', receiver_name: '张三' },
    ],
    finish: false,
  };
  const spec: RequestSpec = profitSharing.createOrder(input, { keys, policy: { maxReceiversPerRequest: 50 } });

  // The client (issue 17): typed per-operation calls.
  const client: Client = createClient({ merchant, keys, apiV3Key: testKeys.apiV3Key, retry: { maxAttempts: 2 }, timeoutMs: 5000, hooks: { response: (e) => console.log(e.status, e.requestId) } });
  const baseUrl: string = client.baseUrl;
  if ((baseUrl as string) === 'never') {
    const split: OrderResult = await client.profitSharing.createOrder(input, { policy: 'official' });
    const waited: PollResult<OrderResult> = await client.profitSharing.waitForOrder({ sub_mchid: '1', transaction_id: '4', out_order_no: split.out_order_no ?? '' }, { maxWaitMs: 1000 });
    const order: PayscoreServiceOrder = await client.payScore.queryServiceOrder({ service_id: 's', channel_id: 'c', sub_mchid: '1', out_order_no: 'o' });
    const n: Notification = await client.parseNotification({ headers: {}, body: '' });
    console.log(waited.settled, order.state, n.kind);
  }
  const serialHeader: [string, string] | undefined = spec.headers.find(([k]) => k === 'Wechatpay-Serial');
  const req: PreparedRequest = prepare(merchant, spec, { timestamp: 1700000000, nonce: 'abc' });
  const req2 = await prepareAsync(merchant, profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1' }), { baseUrl: 'http://127.0.0.1:8080' });
  const fetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string | undefined }) => ({ url, init });
  fetchLike(req.url, req);
  fetchLike(req2.url, req2);
  profitSharing.addReceiver({ appid: 'wx1', type: 'PERSONAL_OPENID', account: 'o1', name: '李四', relation_type: 'OTHERS' }, { platformKey: pub });
  profitSharing.deleteReceiver({ appid: 'wx1', type: 'MERCHANT_ID', account: '1900000110' });
  profitSharing.createReturnOrder({ sub_mchid: '1900000109', out_order_no: 'P1', out_return_no: 'R1', return_mchid: '1900000110', amount: 10, description: '回退' });
  profitSharing.queryReturnOrder({ sub_mchid: '1900000109', order_id: '3008450740201411110007820472', out_return_no: 'R1' });
  profitSharing.finishOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'F1', description: '完结' });
  profitSharing.queryAmounts({ transaction_id: '4208450740201411110007820472' });
  const order: OrderResult = profitSharing.parseResponse('queryOrder', '{}');
  const unsplit: number = profitSharing.parseResponse('queryAmounts', new Uint8Array(0)).unsplit_amount;
  for (const r of order.receivers) {
    if (r.result === 'SUCCESS') console.log(r.amount, r.receiver_account ?? r.receiver_mchid);
  }

  // Sensitive fields.
  const enc = encryptSensitive('张三', keys);
  const plain: string = decryptSensitive(enc.ciphertext, merchant);

  // Responses and notifications.
  const res = { status: 200, headers: new Map<string, string>(), text: async () => '' };
  const headersLike: HeadersLike = { forEach: (cb) => res.headers.forEach((v, k) => cb(v, k)), get: (n) => res.headers.get(n) ?? null };
  try {
    const v = verifyResponse({ status: res.status, headers: headersLike, body: await res.text(), keys, now: 1700000000 });
    const requestId: string | null = v.requestId;
    const verified: Verified = v.verified;
    console.log(requestId, verified.serial);
  } catch (e) {
    if (e instanceof WxPayError) {
      const status = httpStatusFor(e.code);
      if (e.code === 'ERR_WXPAY_API') console.log(e.status, e.apiCode, e.apiMessage, e.detail, e.requestId, status);
      if (e.code === 'ERR_WXPAY_VALIDATION') for (const i of e.issues ?? []) console.log(i.path, i.code, i.message);
      if (e.code === 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE') console.log(e.side === 'future' ? 'clock' : 'replay', e.details.skewSec);
      if (e.code === 'ERR_WXPAY_SIGNATURE_INVALID' && e.probe) console.log('probe');
    }
  }

  const made: { headers: WechatpaySignatureHeaders; body: string } = signNotification({
    payload: { sub_mchid: '1900000109', transaction_id: '42', order_id: 'O1', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888 } },
    eventType: 'PROFITSHARING.SUCCESS',
    summary: '分账',
    apiV3Key: testKeys.apiV3Key,
    privateKey: testKeys.platformPrivateKey,
    serial: testKeys.platformSerial,
    timestamp: 1700000000,
  });
  // Headers as a plain object, as pairs, and Node's IncomingHttpHeaders shape.
  verifyNotification({ headers: made.headers, body: made.body, keys, now: 1700000000 });
  verifyNotification({ headers: Object.entries(made.headers), body: new TextEncoder().encode(made.body), keys: [cert], now: 1700000000, toleranceSec: 60 });
  const nodeHeaders: { [name: string]: string | string[] | undefined } = { ...made.headers, 'set-cookie': ['a=b'] };
  verifyNotification({ headers: nodeHeaders, body: made.body, keys: cert, now: 1700000000 });

  const n: Notification = parseNotification({ headers: made.headers, body: made.body, keys, apiV3Key: testKeys.apiV3Key, now: 1700000000 });
  let reply: Reply = ack();
  switch (n.kind) {
    case 'split':
    case 'return': {
      const total = n.data.receivers.reduce((s, r) => s + r.amount, 0);
      const k: 'split' | 'return' = n.data.kind;
      console.log(total, k, n.data.sub_mchid ?? n.data.mchid, n.idempotencyKey);
      break;
    }
    case 'payscoreUserConfirm':
    case 'payscoreUserPaid': {
      const o: PayscoreServiceOrder = n.data.payload;
      const ops: AllowedOperations = payScore.allowedOperations(o.state ?? '', o.state_description, o.collection?.state);
      console.log(n.data.event_type, o.collection?.paid_amount, ops.operations.includes('complete'));
      break;
    }
    case 'payscoreMchPrepay':
      console.log(n.data.payload.prepay_req_body?.nonce_str);
      break;
    case 'payscoreUserOpenService':
    case 'payscoreUserCloseService':
      console.log(n.data.event_type, n.data.payload.authorization_code, n.data.payload.user_service_status);
      break;
    case 'other': {
      // Unknown or undecidable events are kept: the raw payload and a key from the envelope id.
      const key: `event:${string}` = n.idempotencyKey;
      console.log(n.eventType, n.summary, n.data, key);
      break;
    }
    default:
      assertNever(n);
  }
  reply = nack('稍后重试', 503);
  const created: string | null = n.createTime;
  const via: Verified = n.verified;

  const resource = encryptResource({ apiV3Key: testKeys.apiV3Key, plaintext: { a: 1 }, associatedData: 'certificate' });
  const text: string = decryptResource({ apiV3Key: testKeys.apiV3Key, resource });
  const hdrs: WechatpaySignatureHeaders = signResponse({ body: '', privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial });
  const loaded: PlatformKey[] = loadCertificates('{"data":[]}', testKeys.apiV3Key);
  const spki: Uint8Array = exportSpki(cert);
  const ok: boolean = verifySignature(cert, new TextEncoder().encode(`${hdrs['Wechatpay-Timestamp']}\n${hdrs['Wechatpay-Nonce']}\n\n`), hdrs['Wechatpay-Signature']);
  console.log(spki.length, ok);

  // Payscore.
  payScore.createServiceOrder({
    service_id: '2002000000000558128851361561536',
    appid: 'wxd678efh567hg6787',
    sub_mchid: '1900000109',
    channel_id: '1230000109',
    out_order_no: 'A1',
    service_introduction: '共享充电宝',
    post_payments: [{ name: '充电费', amount: 400, count: 2 }],
    risk_fund: { name: 'DEPOSIT', amount: 9900 },
    time_range: { start_time: 'OnAccept' },
    notify_url: 'https://example.com/payscore/notify',
  });
  payScore.queryServiceOrder({ service_id: 's', sub_mchid: '1', channel_id: '2', query_id: 'q' });
  payScore.cancelServiceOrder({ out_order_no: 'A1', service_id: 's', channel_id: '2', sub_mchid: '1', reason: '用户取消' });
  payScore.completeServiceOrder({ out_order_no: 'A1', service_id: 's', sub_mchid: '1', channel_id: '2', post_payments: [{ name: '充电费', amount: 400 }], total_amount: 400, context: { risk_fund: { name: 'DEPOSIT', amount: 9900 } } });
  payScore.modifyServiceOrder({ out_order_no: 'A1', service_id: 's', sub_mchid: '1', channel_id: '2', post_payments: [{ name: '充电费', amount: 300 }], total_amount: 300, reason: '降价' });
  payScore.syncServiceOrder({ out_order_no: 'A1', service_id: 's', sub_mchid: '1', channel_id: '2', detail: { paid_time: '20251231235959' } });
  payScore.registerDeductInfo({ out_order_no: 'A1', service_id: 's', appid: 'wx1', sub_mchid: '1', channel_id: '2', out_trade_no: 'T1' });
  payScore.queryDeduction({ service_id: 's', appid: 'wx1', sub_mchid: '1', channel_id: '2', out_order_no: 'A1' });
  const done: PayscoreAck = payScore.parseResponse('completeServiceOrder', 204, '');
  const q: PayscoreServiceOrder = payScore.parseResponse('queryServiceOrder', 200, '{}');
  // Authorization and pay-on-delivery (issue 19).
  payScore.applyPermissions({ service_id: 's', channel_id: '2', appid: 'wx1', sub_mchid: '1', authorization_code: 'AUTH1', notify_url: 'https://example.com/auth' });
  payScore.queryPermissions({ authorization_code: 'AUTH1', service_id: 's', channel_id: '2', sub_mchid: '1' });
  payScore.terminatePermissions({ authorization_code: 'AUTH1', service_id: 's', channel_id: '2', sub_mchid: '1', reason: '用户要求' });
  const token: string = payScore.parseResponse('applyPermissions', 200, '{}').apply_permissions_token;
  const state = payScore.parseResponse('queryPermissions', 200, '{}').authorization_state;
  payScore.createPayOnDeliveryOrder({
    service_id: 's', appid: 'wx1', sub_mchid: '1', channel_id: '2', out_order_no: 'POD1', service_introduction: '先用后付',
    risk_fund: { name: 'ESTIMATE_ORDER_COST', amount: 39900 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://example.com/n',
    shopping_info: { jump_link: { jump_link_type: 'JUMP_LINK_MINI_PROGRAM', appid: 'wx1', path: '/o' }, goods: [{ name: '耳机', picture: 'https://example.com/p.png', amount: 39900, count: 1 }] },
  });
  const goods = payScore.parseResponse('createPayOnDeliveryOrder', 200, '{}').shopping_info?.goods?.[0]?.amount;
  profitSharing.createAfterSalesOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', amount: 10, type: 'SERVICE_FEE_INCOME', scene: 'RETURN_GOODS', refund_id: '50000000382019052709732678859' });
  profitSharing.queryAfterSalesOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472' });
  const afterSales = profitSharing.parseResponse('queryAfterSalesOrder', '{}').result;
  console.log(token, state, goods, afterSales);

  // Split arithmetic.
  const alloc: Allocation = split.allocate(10000, [
    { type: 'MERCHANT_ID', account: '1900000110', percentBp: 1500 },
    { type: 'PERSONAL_OPENID', account: 'o1', fixedAmount: 100 },
  ], { ratePpm: 6000 });
  const plan: PlanReport = split.checkPlan({ amount: 10000, fee: { amount: 60 } }, { receivers: alloc.shares.filter((s) => s.amount > 0) }, { maxRatioBp: 3000 });
  const capLeft: number | null = plan.cap === null ? null : plan.cap - plan.requestTotal;
  const ops: SplitOperation[] = [
    { op: 'split', outOrderNo: 'P1', receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 100 }] },
    { op: 'return', outReturnNo: 'R1', outOrderNo: 'P1', account: '1900000110', amount: 10 },
    { op: 'finish', outOrderNo: 'F1' },
  ];
  const sim: Simulation = split.simulate({ amount: 10000 }, ops);
  for (const v of [...plan.violations, ...sim.violations]) console.log(v.step, v.path, v.code, v.message);
  console.log(sim.finalState?.unfrozen);

  console.log(where, ids, kind, expires, serials, found, message, authz, header, serialHeader, unsplit, plain, reply, created, via, text, hdrs, loaded, done, q, capLeft);
}

// Issue 19: the profit-sharing bill.
export async function billTypes(merchantKey: import('wechatpay-edge').MerchantKey, bytes: Uint8Array): Promise<number> {
  const { profitSharing } = await import('wechatpay-edge');
  const spec: import('wechatpay-edge').RequestSpec = profitSharing.bill({ bill_date: '2026-12-01', tar_type: 'GZIP' });
  const result = profitSharing.parseResponse('bill', spec.pathAndQuery);
  const bill = await profitSharing.downloadBill(merchantKey, result);
  const again: import('wechatpay-edge').Bill = await profitSharing.readBill(bytes, { hashType: result.hash_type, hashValue: result.hash_value });
  const rec = await profitSharing.reconcileBill(bytes, { kind: 'wechatpay-edge/split-ledger', version: 1, entries: [{ kind: 'split', outOrderNo: 'P1', account: '1900000109', amount: 100 }] });
  const row: import('wechatpay-edge').BillRow | undefined = bill.rows[0];
  const totals: import('wechatpay-edge').ReconcileTotals = rec.totals;
  const cell: import('wechatpay-edge').BillSummaryCell | undefined = bill.summary[0];
  const line: import('wechatpay-edge').ReconcileLine | undefined = rec.lines[0];
  const extra: string | undefined = row?.extra['新列'];
  console.log(cell?.fen ?? cell?.value, line?.status === 'differs', line?.kind, extra, row?.kind === 'other');
  return (row?.amount ?? 0) + again.rows.length + totals.differences + (line?.difference ?? 0);
}

// ---- wechatpay-edge/webhooks: the stores and the handler, typed -------------------------
import { handleOnce, sqlStore, d1Store, eventsFromQuery, reconcile, markerTableSql } from 'wechatpay-edge/webhooks';
import type { SqlLike, D1Like, HandleOnceResult, ReconcileReport } from 'wechatpay-edge/webhooks';

export async function webhookOnce(db: SqlLike, d1: D1Like, n: { idempotencyKey: string; kind: string; data: unknown }): Promise<number> {
  const r: HandleOnceResult = await handleOnce({
    store: sqlStore(db),
    notification: n,
    apply: async (event, tx) => {
      await tx.query('INSERT INTO ledger (idempotency_key) VALUES ($1)', [event.idempotencyKey]);
    },
  });
  const viaD1 = await handleOnce({ store: d1Store(d1, { table: 'markers' }), notification: n, apply: (event, { db: d }) => [d.prepare('INSERT INTO ledger VALUES (?)').bind(event.idempotencyKey)] });
  const report: ReconcileReport = await reconcile({ pending: [{ kind: 'split' as const }], query: async () => ({}), handle: async () => ({ outcome: 'processed' }) });
  const sql: string = markerTableSql();
  return r.reply.status + viaD1.reply.status + report.checked + eventsFromQuery('return', {}).length + sql.length;
}

/** The answers' types are generated from the Rust structs (generated/results.d.ts). */
export function generatedResults(ret: ReturnOrderResult, after: AfterSalesOrderResult, data: ProfitSharingNotificationData, pod: PayscorePayOnDeliveryOrder, notice: PayscorePermissionNotice): void {
  // Open enums: the known values autocomplete, a value WeChat Pay adds later still type-checks.
  const known: ReturnOrderResult['result'] = 'FAILED';
  const later: ReturnOrderResult['result'] = 'SOMETHING_NEW';
  const reason: AfterSalesOrderResult['fail_reason'] = 'RECEIVER_REAL_NAME_NOT_VERIFIED';
  console.log(known, later, reason, ret.amount, after.result ?? 'query only');
  // Fields serde omits are optional; unknown fields stay reachable.
  const kind: 'split' | 'return' = data.kind;
  const firstAccount: string | undefined = data.receivers[0]?.account;
  const added: unknown = data['new_field'];
  console.log(kind, firstAccount, added, data.success_time?.length);
  const deduct: PayscoreDeductInfo = payScore.parseResponse('registerDeductInfo', 200, '{}');
  const deduction: PayscoreDeductionInfo = payScore.parseResponse('queryDeduction', 200, '{}');
  const apply: PayscoreApplyPermissionsResult = payScore.parseResponse('applyPermissions', 200, '{}');
  const range: PayscoreOrderTimeRange | undefined = pod.time_range;
  console.log(deduct.description, deduction.out_trade_no, apply.apply_permissions_token, range?.start_time_remark, pod.shopping_info?.goods?.[0]?.category_id);
  console.log(pod.shopping_info?.jump_link?.['path'], notice.user_service_status === 'USER_OPEN_SERVICE');
  const op: PayscoreOperation = 'register_deduct_info';
  console.log(op);
}

/** Split results, findings and the small answers are generated from the Rust structs too. */
export function generatedSplitAndSmall(sim: import('wechatpay-edge').Simulation, parts: import('wechatpay-edge').AuthorizationParts, verified: import('wechatpay-edge').Verified, e: import('wechatpay-edge').WxPayError): void {
  const step: import('wechatpay-edge').SplitStep | undefined = sim.steps[0];
  const snapshot: import('wechatpay-edge').SplitSnapshot | null = sim.initial;
  const balance: import('wechatpay-edge').ReceiverBalance | undefined = step?.state.receivers[0];
  const share: import('wechatpay-edge').SplitReceiver | undefined = balance && { type: balance.type, account: balance.account, amount: balance.net };
  const finding: import('wechatpay-edge').Violation | undefined = sim.violations[0];
  // A split finding is an Issue (step, path, code, message); an error's issues may carry step too.
  const issue: import('wechatpay-edge').Issue | undefined = finding;
  const at: number | undefined = e.issues?.[0]?.step;
  const policyMax: number | undefined = sim.policy.maxReceiversPerRequest;
  console.log(step?.op, snapshot?.remaining, share, issue?.code, at, policyMax);
  console.log(parts.nonceStr, parts.serialNo, parts.timestamp + 1, verified.serial, verified.timestamp + 1);
}

// wechatpay-edge/lite: the main entry's declarations, webhooks helpers included.
import * as lite from 'wechatpay-edge/lite';
export async function liteWebhook(headers: Record<string, string>, body: string, apiV3Key: string, db: D1ForLite): Promise<number> {
  const keys = lite.createPlatformKeySet([lite.importPlatformPublicKey({ id: 'PUB_KEY_ID_0114232134912410000000000000', pem: '' })]);
  const n = await lite.parseNotificationAsync({ headers, body, keys, apiV3Key });
  const { reply } = await lite.handleOnce({ store: lite.d1Store(db), notification: n });
  return reply.status;
}
type D1ForLite = Parameters<typeof lite.d1Store>[0];
