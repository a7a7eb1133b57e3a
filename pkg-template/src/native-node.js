// node:crypto backend: keys are imported once into KeyObjects; RSA and AES-GCM run here, and
// Buffer does the byte plumbing (UTF-8, base64) faster than TextEncoder and atob. Nothing here
// decides a protocol rule: api.js only calls it for inputs the core would accept as well.

export function nodeBackend(crypto, { Buffer, isUtf8 }) {
  const OAEP = crypto.constants.RSA_PKCS1_OAEP_PADDING;
  const NEWLINE = Buffer.from('\n');

  const BASE64_VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) BASE64_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

  /**
   * Canonical padded standard base64 → Buffer; null for anything else (whitespace, URL-safe,
   * missing or misplaced padding, stray bits). Buffer's decoder is lenient: it skips unknown
   * characters, stops at '=', takes '-' and '_', and truncates UTF-16 units to their low byte.
   * So: ASCII only (no truncation), no '-'/'_', and then a skipped character or an early '='
   * can only make the output shorter than the length the text implies.
   */
  function strictBase64(text) {
    const n = text.length;
    if ((n & 3) !== 0) return null;
    const pad = n === 0 || text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2;
    if (Buffer.byteLength(text, 'utf8') !== n || text.indexOf('-') !== -1 || text.indexOf('_') !== -1) return null;
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== (n >>> 2) * 3 - pad) return null;
    // The last data character may carry only zero bits past the data (2 with one '=', 4 with two).
    if (pad !== 0 && (BASE64_VALUE[text.charCodeAt(n - pad - 1)] & (pad === 1 ? 3 : 15)) !== 0) return null;
    return bytes;
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
    /** `key`: 32 bytes, or 32 ASCII characters (screenApiV3Key). */
    openResource(key, nonce, associatedData, ciphertext) {
      const sealed = strictBase64(ciphertext);
      const iv = Buffer.from(nonce, 'utf8');
      if (!sealed || sealed.length < 16 || iv.length !== 12) return undefined;
      let plain;
      // A Buffer key is cheaper for node:crypto than a string; the copy is wiped below.
      const keyBytes = typeof key === 'string' ? Buffer.from(key, 'latin1') : key;
      try {
        const d = crypto.createDecipheriv('aes-256-gcm', keyBytes, iv, { authTagLength: 16 });
        d.setAuthTag(sealed.subarray(sealed.length - 16));
        d.setAAD(Buffer.from(associatedData, 'utf8'));
        plain = d.update(sealed.subarray(0, sealed.length - 16));
        d.final(); // checks the tag; GCM emits no further bytes
      } catch {
        return undefined;
      } finally {
        if (keyBytes !== key) keyBytes.fill(0);
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
