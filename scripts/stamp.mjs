// Stamps the version into package.json (the module's User-Agent is the crate's own) and embeds the public test keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [out, version] = process.argv.slice(2);
const pkgPath = join(out, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
pkg.version = version;
writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');


const fixtures = 'tests/fixtures';
const env = Object.fromEntries(
  readFileSync(join(fixtures, 'test-keys.env'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => l.split('=')),
);
const read = (f) => readFileSync(join(fixtures, f), 'utf8');
const testKeys = {
  mchid: env.MERCHANT_ID,
  merchantSerialNo: env.MERCHANT_SERIAL,
  merchantPrivateKey: read('merchant_key.pem'),
  merchantCertificate: read('merchant_cert.pem'),
  platformSerial: env.PLATFORM_SERIAL,
  platformCertificate: read('platform_cert.pem'),
  platformPrivateKey: read('platform_key.pem'),
  // A second platform certificate: the emulator's rotation (a new certificate starts signing).
  platform2Serial: env.PLATFORM2_SERIAL,
  platform2Certificate: read('platform2_cert.pem'),
  platform2PrivateKey: read('platform2_key.pem'),
  publicKeyId: env.PUBLIC_KEY_ID,
  publicKey: read('wechatpay_pubkey.pem'),
  publicKeyPrivateKey: read('wechatpay_pubkey_private.pem'),
  apiV3Key: env.APIV3_KEY,
};
writeFileSync(
  join(out, 'testing', 'test-keys.js'),
  '// Public test keys generated for wechatpay-edge. Never use them outside tests.\n' +
    `export const testKeys = Object.freeze(${JSON.stringify(testKeys, null, 2)});\n`,
);
