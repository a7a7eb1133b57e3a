// With lib.dom: fetch's Headers, Response and WebAssembly.Module fit the inputs.
import { init, verifyResponse, parseNotification, createPlatformKeySet, prepare, importMerchantKey } from 'wechatpay-edge';
import { testKeys } from 'wechatpay-edge/testing';

export async function handler(request: Request, wasm: WebAssembly.Module): Promise<Response> {
  await init(wasm);
  await init(fetch('/wechatpay_edge_bg.wasm'));
  await init(new URL('https://cdn.example.com/wechatpay_edge_bg.wasm'));
  await init(new Uint8Array(8));
  const keys = createPlatformKeySet([]);
  const n = parseNotification({ headers: request.headers, body: await request.text(), keys, apiV3Key: testKeys.apiV3Key });
  const key = importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
  const p = prepare(key, { method: 'GET', pathAndQuery: '/v3/certificates', headers: [] });
  const res = await fetch(p.url, p);
  const body = new Uint8Array(await res.arrayBuffer());
  verifyResponse({ status: res.status, headers: res.headers, body, keys });
  return new Response(n.id);
}
