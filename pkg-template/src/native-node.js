// node:crypto backend: keys are imported once into KeyObjects; only RSA work happens here.

export function nodeBackend(crypto) {
  const OAEP = crypto.constants.RSA_PKCS1_OAEP_PADDING;
  return {
    importPrivate(pkcs8Der) {
      return crypto.createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
    },
    importPublic(spkiDer) {
      return crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
    },
    sign(keyObject, message) {
      return crypto.sign('sha256', new TextEncoder().encode(message), keyObject).toString('base64');
    },
    verify(keyObject, message, signature) {
      return crypto.verify('sha256', message, keyObject, signature);
    },
    /** AES-256-GCM open of ciphertext‖tag; throws on a bad tag. */
    aesGcmOpen(key, nonce, aad, sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, nonce);
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      d.setAAD(aad);
      const head = d.update(sealed.subarray(0, sealed.length - 16));
      const tail = d.final();
      const out = new Uint8Array(head.length + tail.length);
      out.set(head, 0);
      out.set(tail, head.length);
      return out;
    },
    oaepEncrypt(keyObject, plaintext) {
      const data = new TextEncoder().encode(plaintext);
      const max = keyObject.asymmetricKeyDetails.modulusLength / 8 - 42;
      if (data.length > max) {
        const err = new Error(`sensitive field is ${data.length} bytes, RSA-OAEP with this key takes at most ${max}`);
        err.code = 'ERR_WXPAY_PAYLOAD_INVALID';
        err.details = {};
        throw err;
      }
      return crypto.publicEncrypt({ key: keyObject, padding: OAEP, oaepHash: 'sha1' }, data).toString('base64');
    },
  };
}
