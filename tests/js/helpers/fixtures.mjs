// The repository's test keys, read straight from tests/fixtures (independent of the
// package's embedded copy), and small byte helpers that work without globalThis.Buffer.
// tests/interop imports `fx` from here too.
import { readFileSync } from 'node:fs';

const dir = new URL('../../fixtures/', import.meta.url);
export const readFixture = (name) => readFileSync(new URL(name, dir), 'utf8');

const env = Object.fromEntries(
  readFixture('test-keys.env')
    .split('\n')
    .filter((l) => l.includes('=') && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
);

export const fx = Object.freeze({
  mchid: env.MERCHANT_ID,
  merchantSerial: env.MERCHANT_SERIAL,
  platformSerial: env.PLATFORM_SERIAL,
  platform2Serial: env.PLATFORM2_SERIAL,
  publicKeyId: env.PUBLIC_KEY_ID,
  apiV3Key: env.APIV3_KEY,
  merchantKey: readFixture('merchant_key.pem'),
  merchantKeyPkcs1: readFixture('merchant_key_pkcs1.pem'),
  merchantCert: readFixture('merchant_cert.pem'),
  platformKey: readFixture('platform_key.pem'),
  platformCert: readFixture('platform_cert.pem'),
  platform2Key: readFixture('platform2_key.pem'),
  platform2Cert: readFixture('platform2_cert.pem'),
  pubKey: readFixture('wechatpay_pubkey.pem'),
  pubKeyPrivate: readFixture('wechatpay_pubkey_private.pem'),
  badEcKey: readFixture('bad_ec_key.pem'),
  badEncryptedKey: readFixture('bad_encrypted_key.pem'),
  badRsa1024Key: readFixture('bad_rsa1024_key.pem'),
});

/** The base64 body lines of a PEM (what must never leak into errors or logs). */
export function pemBody(pem) {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
}

export const utf8 = (s) => new TextEncoder().encode(s);
export const fromUtf8 = (b) => new TextDecoder().decode(b);

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(b64) {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export { prng } from './prng.mjs';

export const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
