// Just enough PEM/DER for the signature debugger: find the SubjectPublicKeyInfo inside an
// X.509 certificate and wrap PKCS#1 keys so WebCrypto can import them.

export function b64decode(b64) {
  const clean = String(b64).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new Error('invalid base64');
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function b64urlToBigInt(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = b64decode(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return bytesToBigInt(bytes);
}

export function bytesToBigInt(bytes) {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function bigIntToBytes(n, len) {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** All PEM blocks in `text`: [{ label, der, pem }]. */
export function pemBlocks(text) {
  const out = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  let m;
  while ((m = re.exec(String(text)))) out.push({ label: m[1], der: b64decode(m[2]), pem: m[0] });
  return out;
}

/** One DER element at `pos`: { tag, start, valueStart, end }. */
export function tlv(bytes, pos) {
  const tag = bytes[pos];
  let len = bytes[pos + 1];
  let valueStart = pos + 2;
  if (len === undefined || tag === undefined) throw new Error('truncated DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[pos + 2 + i];
    valueStart += n;
  }
  const end = valueStart + len;
  if (end > bytes.length) throw new Error('truncated DER');
  return { tag, start: pos, valueStart, end };
}

function children(bytes, el) {
  const out = [];
  for (let p = el.valueStart; p < el.end; ) {
    const c = tlv(bytes, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** Certificate → tbsCertificate → subjectPublicKeyInfo (the 7th field, or 6th without [0] version). */
export function certificateSpki(der) {
  const cert = tlv(der, 0);
  if (cert.tag !== 0x30) throw new Error('not a certificate');
  const [tbs] = children(der, cert);
  if (!tbs || tbs.tag !== 0x30) throw new Error('not a certificate');
  const f = children(der, tbs);
  const i = f[0]?.tag === 0xa0 ? 6 : 5;
  const spki = f[i];
  if (!spki || spki.tag !== 0x30) throw new Error('certificate without a public key');
  return der.slice(spki.start, spki.end);
}

function derLength(n) {
  if (n < 0x80) return [n];
  const bytes = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | bytes.length, ...bytes];
}

function der(tag, ...parts) {
  const body = parts.flatMap((p) => Array.from(p));
  return Uint8Array.from([tag, ...derLength(body.length), ...body]);
}

// SEQUENCE { OID 1.2.840.113549.1.1.1 rsaEncryption, NULL }
const RSA_ALG = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);

/** PKCS#1 RSAPublicKey → SubjectPublicKeyInfo. */
export function pkcs1PublicToSpki(pkcs1) {
  return der(0x30, RSA_ALG, der(0x03, [0], pkcs1));
}

/** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo. */
export function pkcs1PrivateToPkcs8(pkcs1) {
  return der(0x30, [0x02, 0x01, 0x00], RSA_ALG, der(0x04, pkcs1));
}
