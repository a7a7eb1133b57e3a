// TypeScript consumer (module NodeNext, strict): the public types as an application uses them.
import {
  importMerchantKey,
  importPlatformCertificate,
  createPlatformKeySet,
  parseNotification,
  profitSharing,
  prepare,
  prepareAsync,
  ack,
  nack,
  split,
  WxPayError,
  type Notification,
  type RequestSpec,
  type Reply,
} from 'wechatpay-edge';
import { testKeys, signNotification } from 'wechatpay-edge/testing';

const merchant = importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
const keys = createPlatformKeySet([importPlatformCertificate(testKeys.platformCertificate)], { merchantSerialNo: testKeys.merchantSerialNo });

const spec: RequestSpec = profitSharing.createOrder(
  {
    sub_mchid: '1900000109',
    appid: 'wx8888888888888888',
    transaction_id: '4208450740201411110007820472',
    out_order_no: 'P1',
    receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: 'fee' }],
    finish: false,
  },
  { keys },
);
const req = prepare(merchant, spec);
const url: string = req.url;
const headers: Record<string, string> = req.headers;

async function send(): Promise<string> {
  const r = await prepareAsync(merchant, spec, { baseUrl: 'https://api.mch.weixin.qq.com' });
  return r.method;
}

function handle(body: string, h: Record<string, string>): Reply {
  let n: Notification;
  try {
    n = parseNotification({ headers: h, body, keys, apiV3Key: testKeys.apiV3Key });
  } catch (e) {
    if (e instanceof WxPayError && e.code === 'ERR_WXPAY_SIGNATURE_INVALID') return nack('bad signature', 401);
    throw e;
  }
  switch (n.kind) {
    case 'split':
    case 'return': {
      const amounts: number[] = n.data.receivers.map((r) => r.amount);
      const key: string = n.idempotencyKey;
      void amounts;
      void key;
      break;
    }
    default:
      break;
  }
  return ack();
}

const d = signNotification({ payload: {}, eventType: 'PROFITSHARING.SUCCESS', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial });
const reply: Reply = handle(d.body, d.headers);
const plan = split.checkPlan({ amount: 10000, alreadySplit: 0, splitCount: 0, finished: false }, { receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 100 }] });
const ok: boolean = plan.ok;

// @ts-expect-error a parsed body is not a RawBody
parseNotification({ headers: d.headers, body: JSON.parse(d.body) as object, keys, apiV3Key: testKeys.apiV3Key });

export { url, headers, send, reply, ok };
