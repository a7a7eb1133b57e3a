// The node:crypto executor: runs the crypto operations the core hands back (RSA-SHA256 sign and
// verify, AES-256-GCM open, RSA-OAEP-SHA1 encrypt) with KeyObjects imported once per key, and
// nothing else. Every input it sees was checked by the core; it decides no rule and raises no
// error of its own (a refusal is `false`/`null`, which api.js turns into the core's error).

export function nodeBackend(crypto, { Buffer }, zlib = null) {
  const OAEP = crypto.constants.RSA_PKCS1_OAEP_PADDING;

  return {
    /** UTF-8 length of a string, without encoding it. */
    byteLength(text) {
      return Buffer.byteLength(text, 'utf8');
    },
    /** SHA-1 of a downloaded bill (the bill API's hash_type), as lower-case hex. */
    sha1Hex(bytes) {
      return crypto.createHash('sha1').update(bytes).digest('hex');
    },
    /**
     * Inflates a gzip bill, stopping just past `max` bytes: `{ bytes }`, `{ tooLarge: true }`, or
     * null when the stream is truncated or corrupt.
     */
    gunzip: zlib && ((bytes, max) => {
      try {
        return { bytes: zlib.gunzipSync(bytes, { maxOutputLength: max + 1 }) };
      } catch (err) {
        return err && err.code === 'ERR_BUFFER_TOO_LARGE' ? { tooLarge: true } : null;
      }
    }),
    // PKCS#1, not PKCS#8/SPKI: OpenSSL 3 imports it 3× (private) and 15× (public) faster here.
    importPrivate(pkcs1Der) {
      try {
        return crypto.createPrivateKey({ key: pkcs1Der, format: 'der', type: 'pkcs1' });
      } finally {
        pkcs1Der.fill(0);
      }
    },
    importPublic(pkcs1Der) {
      return crypto.createPublicKey({ key: pkcs1Der, format: 'der', type: 'pkcs1' });
    },
    /** RSA-SHA256 signature (bytes) over the UTF-8 of `message`; the core base64-encodes it. */
    sign(keyObject, message) {
      return crypto.sign('sha256', Buffer.from(message, 'utf8'), keyObject);
    },
    verify(keyObject, message, signature) {
      return crypto.verify('sha256', message, keyObject, signature);
    },
    /**
     * RSA-SHA256 over `head ‖ body ‖ tail` (texts as UTF-8, body as given), hashed piecewise so
     * the body is never copied; `signature` is the core-checked canonical base64.
     */
    verifyPieces(keyObject, head, body, tail, signature) {
      const v = crypto.createVerify('sha256');
      v.update(head, 'utf8');
      if (typeof body === 'string') v.update(body, 'utf8');
      else v.update(body);
      return v.update(tail, 'utf8').verify(keyObject, Buffer.from(signature, 'base64'));
    },
    /** AES-256-GCM open of ciphertext‖tag; null when the tag does not match. */
    open(key, iv, additionalData, sealed) {
      try {
        const d = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
        d.setAuthTag(sealed.subarray(sealed.length - 16));
        d.setAAD(additionalData);
        const plain = d.update(sealed.subarray(0, sealed.length - 16));
        d.final(); // checks the tag; GCM emits no further bytes
        return plain;
      } catch {
        return null;
      }
    },
    /** Base64 RSA-OAEP-SHA1 ciphertext; null when node:crypto refuses (the core then answers). */
    oaepEncrypt(keyObject, plaintext) {
      try {
        return crypto.publicEncrypt({ key: keyObject, padding: OAEP, oaepHash: 'sha1' }, Buffer.from(plaintext, 'utf8')).toString('base64');
      } catch {
        return null;
      }
    },
  };
}
