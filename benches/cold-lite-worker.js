// Runs inside real workerd for `npm run bench:workerd-cold`, on wechatpay-edge/lite: the first
// request of a fresh isolate imports the WeChat Pay public key and parses one notification (signed
// in Node, passed in as a JSON binding) with parseNotificationAsync. The lite module is compiled
// and instantiated when the script loads; bench-workerd-cold.mjs times that from outside.
import { importPlatformPublicKey, createPlatformKeySet, parseNotificationAsync } from 'wechatpay-edge/lite';

export default {
  async fetch(request, env) {
    const d = env.DELIVERY;
    const keys = createPlatformKeySet([importPlatformPublicKey({ id: d.publicKeyId, pem: d.publicKey })]);
    const n = await parseNotificationAsync({ headers: d.headers, body: d.body, keys, apiV3Key: d.apiV3Key, now: d.now });
    return Response.json({ amount: n.data.receivers[0].amount });
  },
};
