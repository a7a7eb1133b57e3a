// Runs inside real workerd with only wechatpay-edge/lite: the Node side posts inputs made with the
// main entry's testing helpers (plain JSON) and compares what comes back with the main entry's.
import * as lite from 'wechatpay-edge/lite';

async function settle(fn) {
  try {
    return { ok: JSON.parse(JSON.stringify(await fn())) };
  } catch (e) {
    return { error: { isWxPayError: e instanceof lite.WxPayError, code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details ?? null)) } };
  }
}

export default {
  async fetch(request) {
    try {
      return await answer(request);
    } catch (e) {
      return Response.json({ failed: `${e.code}: ${e.message}` });
    }
  },
};

async function answer(request) {
  const { keys: k, notifications, request: req } = await request.json();
  const pub = lite.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey });
  const certKey = lite.importPlatformPublicKey({ id: k.otherId, pem: k.platformSpki });
  const set = lite.createPlatformKeySet([certKey, pub], { merchantSerialNo: k.merchantSerialNo });
  const merchant = lite.importMerchantKey({ mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey });
  const out = { runtime: lite.runtime, parsed: [], verified: [] };
  for (const n of notifications) {
    const input = { ...n, keys: set };
    out.parsed.push(await settle(() => lite.parseNotificationAsync(input)));
    out.verified.push(await settle(() => lite.verifyNotificationAsync(input)));
  }
  out.signed = await settle(() => lite.signRequestAsync(merchant, req));
  out.encrypted = await settle(() => lite.encryptSensitiveAsync('张三', pub));
  return Response.json(out);
}
