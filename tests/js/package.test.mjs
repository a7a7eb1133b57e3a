// The package as published: exports under each condition, tarball contents, what the
// non-node files may touch, the browser entry's init contract, and (when installed)
// publint and arethetypeswrong on the tarball. Runs with and without globalThis.Buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as crypto from 'node:crypto';
import { pkg, pkgDir } from './helpers/entries.mjs';
import { fx, utf8 } from './helpers/fixtures.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const tarball = fileURLToPath(new URL(`../../dist/wechatpay-edge-${pkg.version}.tgz`, import.meta.url));
const NO_BUFFER = process.env.WXE_NO_BUFFER === '1';
const read = (rel) => readFileSync(new URL(rel, pkgDir), 'utf8');

function node(args, { timeout = 60_000 } = {}) {
  const r = spawnSync(process.execPath, args, { cwd: here, encoding: 'utf8', timeout });
  assert.equal(r.status, 0, `node ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function tool(bin, args) {
  const path = fileURLToPath(new URL(`node_modules/.bin/${bin}`, import.meta.url));
  if (!existsSync(path)) return null;
  return spawnSync(path, args, { cwd: here, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
}

// ---- package.json ------------------------------------------------------------------

test('package.json: ESM only, side-effect free, types first in every conditional export', () => {
  assert.equal(pkg.name, 'wechatpay-edge');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(pkg.types, './index.d.ts');
  assert.equal(pkg.main, undefined, 'no CommonJS main');
  assert.deepEqual(pkg.exports['.'], {
    types: './index.d.ts',
    workerd: './entry/workerd.js',
    browser: './entry/browser.js',
    node: './entry/node.js',
    default: './entry/browser.js',
  });
  assert.deepEqual(pkg.exports['./testing'], {
    types: './testing/index.d.ts',
    workerd: './testing/workerd.js',
    browser: './testing/browser.js',
    node: './testing/node.js',
    default: './testing/browser.js',
  });
  assert.deepEqual(pkg.exports['./webhooks'], {
    types: './webhooks/index.d.ts',
    workerd: './webhooks/workerd.js',
    browser: './webhooks/browser.js',
    node: './webhooks/node.js',
    default: './webhooks/browser.js',
  });
  assert.deepEqual(pkg.exports['./lite'], {
    types: './lite/index.d.ts',
    workerd: './lite/workerd.js',
    browser: './lite/browser.js',
    node: './lite/node.js',
    default: './lite/browser.js',
  });
  assert.equal(pkg.exports['./wechatpay_edge_bg.wasm'], './wechatpay_edge_bg.wasm');
  assert.equal(pkg.exports['./wechatpay_edge_lite_bg.wasm'], './wechatpay_edge_lite_bg.wasm');
  assert.equal(pkg.exports['./package.json'], './package.json');
  for (const [sub, target] of Object.entries(pkg.exports)) {
    assert.ok(!sub.includes('*'), `${sub}: no wildcard subpaths (they would expose internals)`);
    if (typeof target === 'object') {
      // TypeScript reads conditions in order: "types" must come first to be seen.
      if ('types' in target) assert.equal(Object.keys(target)[0], 'types', `${sub}: "types" must be the first condition`);
      for (const [cond, file] of Object.entries(target)) assert.match(file, /^\.\//, `${sub} ${cond}`);
    }
  }
  // Every target exists in the installed package.
  const targets = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
  for (const t of new Set(targets)) assert.ok(existsSync(new URL(t, pkgDir)), `${t} is exported but missing`);
});

test('exports resolve per condition: node by default, workerd and browser when asked; internals stay private', () => {
  const resolve = (conditions) => JSON.parse(node([...conditions.map((c) => `--conditions=${c}`), 'helpers/resolve-child.mjs']));
  const common = {
    'wechatpay-edge/package.json': 'package.json',
    'wechatpay-edge/wechatpay_edge_bg.wasm': 'wechatpay_edge_bg.wasm',
    'wechatpay-edge/wechatpay_edge_lite_bg.wasm': 'wechatpay_edge_lite_bg.wasm',
    'wechatpay-edge/src/api.js': { error: 'ERR_PACKAGE_PATH_NOT_EXPORTED' },
    'wechatpay-edge/entry/node.js': { error: 'ERR_PACKAGE_PATH_NOT_EXPORTED' },
    'wechatpay-edge/index.d.ts': { error: 'ERR_PACKAGE_PATH_NOT_EXPORTED' },
  };
  for (const [conditions, entry] of [
    [[], 'node'],
    [['node'], 'node'],
    [['workerd'], 'workerd'],
    [['browser'], 'browser'],
    // The exports order decides between conditions: workerd before browser before node.
    [['browser', 'workerd'], 'workerd'],
  ]) {
    assert.deepEqual(resolve(conditions), { 'wechatpay-edge': `entry/${entry}.js`, 'wechatpay-edge/testing': `testing/${entry}.js`, 'wechatpay-edge/webhooks': `webhooks/${entry}.js`, 'wechatpay-edge/lite': `lite/${entry}.js`, ...common }, conditions.join(',') || '(default)');
  }
});

// ---- tarball -------------------------------------------------------------------------

test('the tarball holds the runtime files and nothing outside package.json "files"', () => {
  assert.ok(existsSync(tarball), `${tarball} is missing: run scripts/build.sh`);
  const r = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();
  const packed = JSON.parse(spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }).stdout);
  assert.deepEqual(packed, pkg, 'tests/js/node_modules holds another build than dist/: rerun scripts/test-js.sh');
  for (const required of [
    'package.json',
    'README.md',
    'LICENSE',
    'index.d.ts',
    'wechatpay_edge.js',
    'wechatpay_edge_bg.wasm',
    'wechatpay_edge_lite.js',
    'wechatpay_edge_lite_bg.wasm',
    'lite/index.d.ts',
    'lite/node.js',
    'lite/workerd.js',
    'lite/browser.js',
    'entry/node.js',
    'entry/workerd.js',
    'entry/browser.js',
    'src/api.js',
    'src/errors.js',
    'src/io.js',
    'src/native-node.js',
    'src/exports.js',
    'testing/index.d.ts',
    'testing/node.js',
    'testing/workerd.js',
    'testing/browser.js',
    'testing/test-keys.js',
    'webhooks/index.d.ts',
    'webhooks/node.js',
    'webhooks/workerd.js',
    'webhooks/browser.js',
    'webhooks/core.js',
    'webhooks/reconcile.js',
    'bin/wechatpay-edge.js',
    'admin/server.js',
    'generated/constants.js',
    'generated/constants.d.ts',
    'generated/inputs.d.ts',
    'generated/results.d.ts',
    'admin/index.html',
    'admin/style.css',
    'admin/split-plan.example.json',
    'admin/js/app.js',
    'admin/js/chart.js',
    'admin/js/der.js',
    'admin/js/dom.js',
    'admin/js/explain.js',
    'admin/js/i18n.js',
    'admin/js/money.js',
    'admin/js/notify.js',
    'admin/js/sig.js',
    'admin/js/split.js',
  ]) {
    assert.ok(files.includes(required), `${required} is missing from the tarball`);
  }
  const listed = (f) => ['package.json', 'README.md', 'LICENSE'].includes(f) || packed.files.some((entry) => (entry.endsWith('/') ? f.startsWith(entry) : f === entry));
  for (const f of files) {
    assert.ok(listed(f), `unexpected file in the tarball: ${f}`);
    assert.doesNotMatch(f, /\.(test|spec)\.|\.map$|\.rs$|(^|\/)\.|node_modules|\.tgz$/, `${f} should not ship`);
  }
  // wasm-bindgen's own typings describe internal names and must not ship.
  assert.ok(!files.some((f) => /^wechatpay_edge.*\.d\.ts$/.test(f)), 'no wasm-bindgen typings');
  // Version and test keys were stamped in.
  // The User-Agent is the core's (its crate version), so the module must carry this version.
  assert.ok(readFileSync(new URL('wechatpay_edge_bg.wasm', pkgDir)).includes(`wechatpay-edge/${pkg.version}`));
  assert.ok(readFileSync(new URL('wechatpay_edge_lite_bg.wasm', pkgDir)).includes(`wechatpay-edge/${pkg.version}`));
  assert.ok(!read('src/api.js').includes('__VERSION__'));
  assert.match(read('testing/test-keys.js'), /BEGIN PRIVATE KEY/);
});

// ---- what each runtime's files may use ------------------------------------------------------

const stripComments = (code) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
const importsOf = (code) => [...code.matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);

test('the browser and workerd graphs import no node: module, no node entry, and use no Buffer', () => {
  for (const start of ['entry/browser.js', 'entry/workerd.js', 'lite/browser.js', 'lite/workerd.js', 'testing/browser.js', 'testing/workerd.js']) {
    const seen = new Set();
    const visit = (rel) => {
      if (seen.has(rel)) return;
      seen.add(rel);
      if (rel.endsWith('.wasm')) return;
      const code = stripComments(read(rel));
      assert.doesNotMatch(code, /\bBuffer\b/, `${rel} (reached from ${start}) uses Buffer`);
      assert.doesNotMatch(code, /\brequire\s*\(|\bprocess\./, `${rel} (reached from ${start}) uses CommonJS or process`);
      for (const spec of importsOf(code)) {
        assert.ok(!spec.startsWith('node:') && !['fs', 'crypto', 'path', 'url', 'buffer', 'module'].includes(spec), `${rel} (reached from ${start}) imports ${spec}`);
        assert.ok(spec.startsWith('.'), `${rel} imports the bare specifier ${spec}`);
        const target = new URL(spec, new URL(rel, 'file:///pkg/')).pathname.slice('/pkg/'.length);
        assert.ok(!/^(entry|testing|lite)\/node\.js$/.test(target), `${start} reaches ${target}`);
        // The lite entries load the lite module only (a bundler would pack whatever is reached).
        if (start.startsWith('lite/')) assert.ok(!/^wechatpay_edge(_bg\.wasm|\.js)$|^src\/(full-parts|bill)\.js$|^src\/client\//.test(target), `${start} reaches the full module or its helpers (${target})`);
        visit(target);
      }
    };
    visit(start);
    assert.ok(seen.has('src/api.js') || start.startsWith('testing/'), start);
  }
  // Every src/ file too. native-node.js receives node:crypto, node:buffer and node:zlib (the
  // bill's gunzip) from the node entry instead of importing them, so its Buffer is a parameter,
  // never the global.
  for (const f of readdirSync(new URL('src/', pkgDir), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) {
    const code = stripComments(read(`src/${f}`));
    if (f === 'native-node.js') assert.match(code, /export function nodeBackend\(crypto, \{ Buffer \}, zlib = null\)/);
    else assert.doesNotMatch(code, /\bBuffer\b/, `src/${f} uses Buffer`);
    // Only siblings (src/client/ included), and the constants generated from the core (no imports of their own).
    for (const spec of importsOf(code)) assert.ok(spec.startsWith('./') || spec === '../generated/constants.js', `src/${f} imports ${spec}`);
  }
  // The HTTP client (src/client/): its siblings, the error class and the generated constants only; no Buffer, no node:.
  for (const f of readdirSync(new URL('src/client/', pkgDir))) {
    const code = stripComments(read(`src/client/${f}`));
    assert.doesNotMatch(code, /\bBuffer\b|\bprocess\./, `src/client/${f} uses Buffer or process`);
    for (const spec of importsOf(code)) assert.ok(spec.startsWith('./') || spec === '../errors.js' || spec === '../../generated/constants.js', `src/client/${f} imports ${spec}`);
  }
  assert.deepEqual(importsOf(stripComments(read('generated/constants.js'))), [], 'the generated constants import nothing');
  // The workerd entry imports the .wasm as a module (Workers cannot compile bytes).
  assert.match(read('entry/workerd.js'), /import\s+\w+\s+from\s+['"]\.\.\/wechatpay_edge_bg\.wasm['"]/);
  assert.match(read('entry/workerd.js'), /initSync\(/);
  assert.match(read('lite/workerd.js'), /import\s+\w+\s+from\s+['"]\.\.\/wechatpay_edge_lite_bg\.wasm['"]/);
  // The node entry is the only place node: modules appear.
  assert.match(read('entry/node.js'), /from 'node:crypto'/);
});

test('the .d.ts files reference no Node or DOM-only types and declare every runtime export', async () => {
  const dts = read('index.d.ts');
  const testingDts = read('testing/index.d.ts');
  const webhooksDts = read('webhooks/index.d.ts');
  for (const [name, text] of [
    ['index.d.ts', dts],
    ['testing/index.d.ts', testingDts],
    ['webhooks/index.d.ts', webhooksDts],
  ]) {
    const code = stripComments(text);
    assert.doesNotMatch(code, /\bBuffer\b|NodeJS\.|reference\s+types=|from\s+['"]node:|\bIncomingMessage\b/, name);
    assert.doesNotMatch(code, /:\s*(Headers|Response|Request|URL)\b[^-]/, `${name}: use structural types, not DOM classes`);
  }
  const declared = (text) => new Set([...text.matchAll(/export\s+declare\s+(?:function|const|class|let)\s+(\w+)/g)].map((m) => m[1]));
  const runtime = await import('wechatpay-edge');
  const names = declared(dts);
  for (const name of Object.keys(runtime)) {
    if (name === '__testing') continue; // internal: backs the ./testing subpath
    assert.ok(names.has(name), `index.d.ts does not declare ${name}`);
  }
  for (const name of names) assert.ok(name in runtime, `index.d.ts declares ${name}, which the node entry does not export`);
  const testing = await import('wechatpay-edge/testing');
  assert.deepEqual([...declared(testingDts)].sort(), Object.keys(testing).sort());
  const webhooks = await import('wechatpay-edge/webhooks');
  assert.deepEqual([...declared(webhooksDts)].sort(), Object.keys(webhooks).sort());
});

test('the export list exists once: every entry exports src/exports.js (plus runtime, init, __testing), createApi returns it', async () => {
  const { EXPORTS } = await import(new URL('src/exports.js', pkgDir).href);
  const listed = Object.values(EXPORTS).flat();
  const own = ['runtime', 'init', '__testing'];
  assert.deepEqual(Object.keys(await import('wechatpay-edge')).sort(), [...listed, ...own].sort());
  assert.deepEqual(Object.keys(await import(new URL('entry/browser.js', pkgDir).href)).sort(), [...listed, ...own].sort());
  // Each entry's export lines are generated from the list (cargo test --test contracts keeps them current).
  for (const rel of ['entry/node.js', 'entry/workerd.js', 'entry/browser.js']) {
    assert.match(read(rel), /\/\/ ---- exports: generated from src\/exports\.js/, rel);
  }
  const runtime = await import('wechatpay-edge');
  for (const name of [...EXPORTS.functions, ...EXPORTS.asyncFunctions]) assert.equal(typeof runtime[name], 'function', name);
  for (const name of EXPORTS.namespaces) assert.equal(typeof runtime[name], 'object', name);
});

test(
  'every entry exports the same names (the browser entry included)',
  async () => {
    const nodeNames = Object.keys(await import('wechatpay-edge')).sort();
    const browserNames = Object.keys(await import(new URL('entry/browser.js', pkgDir).href)).sort();
    assert.deepEqual(browserNames, nodeNames);
    // workerd cannot be imported in Node (it imports the .wasm as a module): compare its export list by text.
    const exported = (rel) => {
      const code = stripComments(read(rel));
      const names = (m) => m[1].split(',').map((s) => s.trim()).filter(Boolean);
      const list = [...code.matchAll(/export const \{([\s\S]*?)\}\s*=/g)].flatMap(names);
      const singles = [...code.matchAll(/export\s+(?:const|function|async function|let)\s+(\w+)/g)].map((m) => m[1]);
      const reexports = [...code.matchAll(/export\s*\{([^}]*)\}\s*from/g)].flatMap(names);
      return [...new Set([...list, ...singles, ...reexports])].sort();
    };
    assert.deepEqual(exported('entry/workerd.js'), exported('entry/node.js'));
    // The lite entries: LITE_EXPORTS, runtime and init, and the webhooks helpers but reconciliation, the same on each.
    const { LITE_EXPORTS } = await import(new URL('src/exports.js', pkgDir).href);
    const liteNames = Object.keys(await import('wechatpay-edge/lite')).sort();
    const webhooks = Object.keys(await import('wechatpay-edge/webhooks')).filter((n) => n !== 'eventsFromQuery' && n !== 'reconcile');
    assert.deepEqual(liteNames, [...Object.values(LITE_EXPORTS).flat(), 'init', 'runtime', ...webhooks].sort());
    assert.deepEqual(Object.keys(await import(new URL('lite/browser.js', pkgDir).href)).sort(), liteNames);
    assert.deepEqual(exported('lite/workerd.js'), liteNames);
  },
);

// ---- the browser entry in Node (wasm only) -----------------------------------------------------

test('browser entry: ERR_WXPAY_NOT_INITIALIZED before init(), everything works after init(bytes)', () => {
  const report = JSON.parse(node(['--conditions=browser', 'helpers/browser-child.mjs']));
  assert.equal(report.runtime, 'browser');
  assert.ok(Object.keys(report.before).length >= 20);
  for (const [name, r] of Object.entries({ ...report.before, ...report.testingBefore })) {
    assert.deepEqual([r.code, r.isWxPayError], ['ERR_WXPAY_NOT_INITIALIZED', true], name);
    assert.match(r.message, /await init\(\)/);
  }
  assert.equal(report.testKeysBeforeInit, true, 'test keys are plain data, usable before init');
  assert.equal(report.initReturnsPromise, true);
  assert.equal(report.initTwice, 'ok');
  // Same bytes as node:crypto.
  const message = 'GET\n/v3/certificates\n1700000000\nabc\n\n';
  const want = crypto.sign('sha256', utf8(message), crypto.createPrivateKey(fx.merchantKey)).toString('base64');
  assert.equal(report.after.signature, want);
  assert.equal(report.after.signatureAsync, want);
  assert.deepEqual(report.after.notification, ['split', 888, '1900000109|O1|1900000110|SPLIT']);
  assert.equal(report.after.tampered.code, 'ERR_WXPAY_SIGNATURE_INVALID');
  assert.equal(report.after.encrypted.serial, fx.publicKeyId);
  const plain = crypto.privateDecrypt(
    { key: fx.pubKeyPrivate, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Uint8Array.from(atob(report.after.encrypted.ciphertext), (c) => c.charCodeAt(0)),
  );
  assert.equal(new TextDecoder().decode(plain), '张三');
  assert.equal(report.after.spec, '/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=4208450740201411110007820472&out_order_no=P1');
  assert.deepEqual(report.after.allowed, ['query', 'cancel']);
  assert.equal(report.after.allocate, 30);
  assert.equal(report.after.ack, '{"code":"SUCCESS","message":"成功"}');
  assert.deepEqual(report.testingExports, ['encryptResource', 'signNotification', 'signResponse', 'testKeys']);
});

test(
  'browser entry: the async functions reject (rather than throw) before init()',
  () => {
    const report = JSON.parse(node(['--conditions=browser', 'helpers/browser-child.mjs']));
    assert.deepEqual(report.asyncBefore, { signRequestAsync: 'rejected promise', prepareAsync: 'rejected promise' });
  },
);

test(
  'browser entry: a failed init() can be retried',
  () => {
    const report = JSON.parse(node(['--conditions=browser', 'helpers/init-retry-child.mjs']));
    assert.deepEqual(report, { bad: 'rejected', good: 'resolved', works: 200 });
  },
);

// ---- linters on the tarball -------------------------------------------------------------------

test('publint passes on the tarball', { skip: NO_BUFFER && 'runs once, with Buffer' }, (t) => {
  const r = tool('publint', ['run', tarball, '--strict']);
  if (!r) return t.skip('publint is not installed (npm ci in tests/js)');
  assert.equal(r.status, 0, `publint:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /All good/);
});

test('arethetypeswrong passes on the tarball (ESM-only profile)', { skip: NO_BUFFER && 'runs once, with Buffer' }, (t) => {
  // The .wasm subpath is an asset for bundlers, not a module with types.
  const r = tool('attw', [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './wechatpay_edge_bg.wasm', './wechatpay_edge_lite_bg.wasm', '--format', 'json']);
  if (!r) return t.skip('@arethetypeswrong/cli is not installed (npm ci in tests/js)');
  const out = JSON.parse(r.stdout);
  // ESM only: CommonJS resolutions (node10, node16-cjs) are out of scope; subpaths that
  // only have a "node" condition are not meant for bundlers.
  const nodeOnly = new Set(Object.entries(pkg.exports).filter(([, v]) => typeof v === 'object' && Object.keys(v).every((c) => c === 'types' || c === 'node')).map(([k]) => k));
  const problems = (out.analysis?.problems ?? []).filter(
    (p) => !['node10', 'node16-cjs'].includes(p.resolutionKind) && !(p.resolutionKind === 'bundler' && nodeOnly.has(p.entrypoint)),
  );
  assert.deepEqual(problems, [], JSON.stringify(out.analysis?.problems, null, 1));
  // Both public subpaths resolve to types in node16 (ESM) and bundler resolution.
  for (const entry of ['.', './testing', './lite']) {
    for (const kind of ['node16-esm', 'bundler']) {
      const res = out.analysis.entrypoints[entry].resolutions[kind].resolution;
      assert.ok(res && res.isTypeScript, `${entry} ${kind}: ${JSON.stringify(res)}`);
    }
  }
});

// ---- module size (issue 16) ----------------------------------------------------------

// A ratchet, not the goal: the default module is 453 852 bytes (node:zlib level 9) on 2026-12-05 (462 355
// that morning) against issue 16's 130 KB target. Growing past this fails; shrinking it, lower the number with it.
const WASM_GZIP_BUDGET = 460_000;

test(`the .wasm stays within its size budget (${WASM_GZIP_BUDGET} bytes gzip -9)`, async () => {
  const { gzipSync, constants } = await import('node:zlib');
  const raw = readFileSync(new URL('wechatpay_edge_bg.wasm', pkgDir));
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length;
  console.log(`  .wasm: ${raw.length} bytes raw, ${gz} bytes gzip -9 (budget ${WASM_GZIP_BUDGET}; issue 16 target 133 120)`);
  assert.ok(gz <= WASM_GZIP_BUDGET, `the module is ${gz} bytes gzipped, over the ${WASM_GZIP_BUDGET}-byte budget: find what grew (twiggy top, cargo bloat) or raise the budget in this test with a reason`);
});

// The lite module (wechatpay-edge/lite): 156 366 bytes on 2026-12-05, its first build; issue 16's
// target for the module a Worker loads for webhooks and signing is 130 KB (133 120 bytes).
const LITE_WASM_GZIP_BUDGET = 160_000;

test(`the lite .wasm stays within its size budget (${LITE_WASM_GZIP_BUDGET} bytes gzip -9)`, async () => {
  const { gzipSync, constants } = await import('node:zlib');
  const raw = readFileSync(new URL('wechatpay_edge_lite_bg.wasm', pkgDir));
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length;
  console.log(`  lite .wasm: ${raw.length} bytes raw, ${gz} bytes gzip -9 (budget ${LITE_WASM_GZIP_BUDGET}; issue 16 target 133 120)`);
  assert.ok(gz <= LITE_WASM_GZIP_BUDGET, `the lite module is ${gz} bytes gzipped, over the ${LITE_WASM_GZIP_BUDGET}-byte budget: find what grew (twiggy top on a --profile lite --no-default-features build) or raise the budget in this test with a reason`);
});
