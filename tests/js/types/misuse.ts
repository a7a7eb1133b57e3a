// Misuse the typings must refuse: every line below carries @ts-expect-error, so tsc
// fails if one of them starts compiling (an unused @ts-expect-error is an error).
import { importMerchantKey, verifySignature, signRequest, verifyNotification, parseNotification, profitSharing, payScore, split, createPlatformKeySet, WxPayError, MerchantKey, PlatformKey, PlatformKeySet, prepare, createClient } from 'wechatpay-edge';
import type { WxPayErrorCode, Notification, RequestSpec, PayscoreServiceOrder, OrderResult, PayscoreOperation, ProfitSharingNotificationData, Violation, SplitStep, ReconcileLine, BillRow, PlanReport, SplitReceiver } from 'wechatpay-edge';
import { testKeys, signNotification } from 'wechatpay-edge/testing';

const merchant = importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
const keys = createPlatformKeySet([]);

// @ts-expect-error missing privateKey
importMerchantKey({ mchid: '1', serialNo: 'AA' });
// @ts-expect-error keys are opaque: a look-alike object is not a MerchantKey
signRequest({ mchid: '1', serialNo: 'AA' }, { method: 'GET', url: '/v3/x' });
// @ts-expect-error key classes cannot be constructed
new MerchantKey();
// @ts-expect-error key classes cannot be constructed
new PlatformKey();
// @ts-expect-error key classes cannot be constructed
new PlatformKeySet();
// @ts-expect-error the request body to sign is the exact JSON text, not an object
signRequest(merchant, { method: 'POST', url: '/v3/x', body: { a: 1 } });
// @ts-expect-error unknown HTTP method
signRequest(merchant, { method: 'FETCH', url: '/v3/x' });
// @ts-expect-error parsed JSON is not a raw body
verifyNotification({ headers: {}, body: { id: 'x' }, keys });
// @ts-expect-error headers values must be strings
verifyNotification({ headers: { 'Wechatpay-Timestamp': 1700000000 }, body: '', keys });
// @ts-expect-error keys are required
verifyNotification({ headers: {}, body: '' });
// @ts-expect-error apiV3Key is required to parse a notification
parseNotification({ headers: {}, body: '', keys });
// @ts-expect-error the APIv3 key is a string or bytes
parseNotification({ headers: {}, body: '', keys, apiV3Key: 32 });
// @ts-expect-error timestamps are numbers of seconds
signRequest(merchant, { method: 'GET', url: '/v3/x', timestamp: '1700000000' });

// @ts-expect-error camelCase is not the API's field name
profitSharing.queryOrder({ subMchid: '1900000109', transaction_id: '42', out_order_no: 'P1' });
// @ts-expect-error amounts are numbers of fen
profitSharing.createReturnOrder({ sub_mchid: '1', out_order_no: 'P1', out_return_no: 'R1', return_mchid: '2', amount: '10', description: 'x' });
profitSharing.createOrder({
  sub_mchid: '1',
  transaction_id: '42',
  out_order_no: 'P1',
  // @ts-expect-error unknown receiver type
  receivers: [{ type: 'MERCHANT', receiver_account: '2', amount: 1, description: 'x' }],
  finish: false,
});
// @ts-expect-error finish is required
profitSharing.createOrder({ sub_mchid: '1', transaction_id: '42', out_order_no: 'P1', receivers: [] });
// @ts-expect-error relation_type is a closed enum
profitSharing.addReceiver({ type: 'MERCHANT_ID', account: '1', name: 'x', relation_type: 'FRIEND' });
// @ts-expect-error unknown operation
profitSharing.parseResponse('refund', '{}');
// @ts-expect-error no such builder
profitSharing.refund({});

// @ts-expect-error risk_fund.name is a closed enum
payScore.createServiceOrder({ service_id: 's', appid: 'a', sub_mchid: '1', channel_id: '2', out_order_no: 'o', service_introduction: 'x', risk_fund: { name: 'BAIL', amount: 1 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://e.com' });
// @ts-expect-error status is required to parse a Payscore response
payScore.parseResponse('queryServiceOrder', '{}');
// @ts-expect-error scene is a closed enum (REFUND_TICKET, CHANGE_TICKET, RETURN_GOODS)
profitSharing.createAfterSalesOrder({ sub_mchid: '1', transaction_id: '42', amount: 1, type: 'SERVICE_FEE_INCOME', scene: 'REFUND', refund_id: '5' });
// @ts-expect-error a pay-on-delivery order needs shopping_info
payScore.createPayOnDeliveryOrder({ service_id: 's', appid: 'a', sub_mchid: '1', channel_id: '2', out_order_no: 'o', service_introduction: 'x', risk_fund: { name: 'DEPOSIT', amount: 1 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://e.com' });
// @ts-expect-error jump_link_type is JUMP_LINK_MINI_PROGRAM
payScore.createPayOnDeliveryOrder({ service_id: 's', appid: 'a', sub_mchid: '1', channel_id: '2', out_order_no: 'o', service_introduction: 'x', risk_fund: { name: 'DEPOSIT', amount: 1 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://e.com', shopping_info: { jump_link: { jump_link_type: 'H5' }, goods: [] } });

// @ts-expect-error a rule has percentBp or fixedAmount, not both
split.allocate(100, [{ type: 'MERCHANT_ID', account: '1', percentBp: 10, fixedAmount: 1 }]);
// @ts-expect-error split inputs are camelCase
split.checkPlan({ amount: 100, already_split: 10 }, { receivers: [] });
// @ts-expect-error fee is { amount } or { ratePpm }
split.allocate(100, [{ type: 'MERCHANT_ID', account: '1', percentBp: 10 }], { rate: 6000 });
// @ts-expect-error unknown operation kind
split.simulate({ amount: 1 }, [{ op: 'refund', outOrderNo: 'x' }]);

// @ts-expect-error not a stable code
const code: WxPayErrorCode = 'ERR_WXPAY_SOMETHING';

declare const n: Notification;
if (n.kind === 'split') {
  // @ts-expect-error a split notification carries profit-sharing data, not a Payscore order
  const order: PayscoreServiceOrder = n.data.payload;
  console.log(order);
}
// @ts-expect-error data is unknown until kind is narrowed
console.log(n.data.receivers);
// @ts-expect-error not a notification kind
if (n.kind === 'refund') console.log(n);

declare const e: WxPayError;
// @ts-expect-error code is read-only
e.code = 'ERR_WXPAY_API';

// @ts-expect-error a spec needs pathAndQuery
const spec: RequestSpec = { method: 'GET', headers: [] };
// @ts-expect-error spec headers are pairs
prepare(merchant, { method: 'GET', pathAndQuery: '/v3/x', headers: { a: 'b' } });

// @ts-expect-error eventType is required
signNotification({ payload: {}, apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial });
// @ts-expect-error test keys are read-only
testKeys.apiV3Key = 'x';

// @ts-expect-error verifySignature takes one platform key, not a key set
verifySignature(keys, '', '');

// @ts-expect-error tar_type is 'GZIP' or absent
profitSharing.bill({ bill_date: '2026-12-01', tar_type: 'gzip' });
// @ts-expect-error bill_date is required
profitSharing.bill({ sub_mchid: '1900000109' });
// @ts-expect-error a ledger's kind is named
profitSharing.reconcileBill('', { entries: [] });

// @ts-expect-error createClient needs a merchant key
createClient({ keys });
// @ts-expect-error retry is options or false
createClient({ merchant, retry: true });

console.log(code, spec);

// Generated answer types (generated/results.d.ts): what serde always writes is required.
// @ts-expect-error receivers is always written (an empty list when absent)
const noReceivers: OrderResult = { sub_mchid: '1', transaction_id: '2', out_order_no: '3', order_id: '4' };
// @ts-expect-error the operations are a closed set (the core's Operation enum)
const unknownOperation: PayscoreOperation = 'refund_all';
// @ts-expect-error kind is split or return, nothing else
const otherKind: ProfitSharingNotificationData['kind'] = 'other';
console.log(noReceivers, unknownOperation, otherKind);

// Split results, bill rows and the reconciliation are generated too (src/split/, src/bill/).
// @ts-expect-error a split finding's code is a ViolationCode
const looseCode: Violation['code'] = 'not_a_rule';
// @ts-expect-error a step's op is split, return or finish (OperationKind)
const stepOp: SplitStep['op'] = 'refund';
// @ts-expect-error a line's status is a closed set (LineStatus)
const lineStatus: ReconcileLine['status'] = 'unknown';
// @ts-expect-error a row's kind is split, return or other (RowKind)
const rowKind: BillRow['kind'] = 'fee';
// @ts-expect-error fee is always written: null when the order is invalid, never absent
const noFee: Pick<PlanReport, 'fee'> = {};
// @ts-expect-error a split receiver's type is a known one (the core refuses others before any result)
const otherType: SplitReceiver = { type: 'SOMETHING_NEW', account: '1', amount: 1 };
console.log(looseCode, stepOp, lineStatus, rowKind, noFee, otherType);
