// The baseline of `npm run bench:workerd-cold`: the same first request with bare WebCrypto
// (key import, RSA verify, AES-GCM, JSON.parse), no package, no rule checked.
const enc = new TextEncoder();
const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export default {
  async fetch(request, env) {
    const d = env.DELIVERY;
    const subtle = crypto.subtle;
    const spki = bytes(d.publicKey.replace(/-----[^-]+-----|\s/g, ''));
    const key = await subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    const h = d.headers;
    const message = enc.encode(`${h['Wechatpay-Timestamp']}\n${h['Wechatpay-Nonce']}\n${d.body}\n`);
    if (!(await subtle.verify('RSASSA-PKCS1-v1_5', key, bytes(h['Wechatpay-Signature']), message))) throw new Error('bad signature');
    const r = JSON.parse(d.body).resource;
    const aes = await subtle.importKey('raw', enc.encode(d.apiV3Key), 'AES-GCM', false, ['decrypt']);
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: enc.encode(r.nonce), additionalData: enc.encode(r.associated_data), tagLength: 128 }, aes, bytes(r.ciphertext));
    return Response.json({ amount: JSON.parse(new TextDecoder().decode(plain)).receivers[0].amount });
  },
};
