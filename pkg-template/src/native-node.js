// node:crypto backend: keys are imported once into KeyObjects; RSA and AES-GCM run here, and
// Buffer does the byte plumbing (UTF-8, base64) faster than TextEncoder and atob. Nothing here
// decides a protocol rule: api.js only calls it for inputs the core would accept as well.

export function nodeBackend(crypto, { Buffer, isUtf8 }) {
  const OAEP = crypto.constants.RSA_PKCS1_OAEP_PADDING;
  const NEWLINE = Buffer.from('\n');

  /** Canonical padded standard base64 → Buffer; null for anything else (whitespace, URL-safe, stray bits). */
  function strictBase64(text) {
    const bytes = Buffer.from(text, 'base64');
    return bytes.toString('base64') === text ? bytes : null;
  }

  return {
    strictBase64,
    importPrivate(pkcs8Der) {
      return crypto.createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
    },
    importPublic(spkiDer) {
      return crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
    },
    sign(keyObject, message) {
      return crypto.sign('sha256', Buffer.from(message, 'utf8'), keyObject).toString('base64');
    },
    verify(keyObject, message, signature) {
      return crypto.verify('sha256', message, keyObject, signature);
    },
    /** The response message `head‖body‖\n` (head = "timestamp\nnonce\n") checked against `signature` bytes. */
    verifyResponse(keyObject, head, body, signature) {
      // Hashed piecewise: no copy of the body into a message buffer.
      return crypto.createVerify('sha256').update(head, 'utf8').update(body, 'utf8').update(NEWLINE).verify(keyObject, signature);
    },
    /**
     * AES-256-GCM open of base64(ciphertext‖tag) into strict UTF-8 text, or undefined when
     * anything is off: the caller then takes the wasm path, which owns every error.
     */
    /** `key`: 32 bytes, or 32 ASCII characters (node:crypto reads a string key as UTF-8). */
    openResource(key, nonce, associatedData, ciphertext) {
      const sealed = strictBase64(ciphertext);
      const iv = Buffer.from(nonce, 'utf8');
      if (!sealed || sealed.length < 16 || iv.length !== 12) return undefined;
      let plain;
      try {
        const d = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
        d.setAuthTag(sealed.subarray(sealed.length - 16));
        d.setAAD(Buffer.from(associatedData, 'utf8'));
        plain = d.update(sealed.subarray(0, sealed.length - 16));
        d.final(); // checks the tag; GCM emits no further bytes
      } catch {
        return undefined;
      }
      try {
        return isUtf8(plain) ? plain.toString('utf8') : undefined;
      } finally {
        plain.fill(0);
      }
    },
    oaepEncrypt(keyObject, plaintext) {
      const data = Buffer.from(plaintext, 'utf8');
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
