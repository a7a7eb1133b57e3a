// The admin page's static server: 127.0.0.1 only, GET/HEAD only, no directory listings, and the
// page's strict Content-Security-Policy sent as a header too (the page also carries it as a meta tag).
// `wechatpay-edge admin [--port N]` serves the page shipped in this package (admin/) with the
// package's own browser entry and wasm under /pkg/; the repository's www/serve.mjs reuses it.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Identical to the page's <meta http-equiv="Content-Security-Policy"> (a test compares them). */
export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

const HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': CSP,
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

function send(res, status, body) {
  res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}

const withSep = (dir) => (dir.endsWith(sep) ? dir : dir + sep);

/**
 * A static server over `mounts`: [{ prefix: '/pkg/', dir, only?: (relPath) => boolean }, …], the
 * longest matching prefix wins. Not yet listening.
 */
export function createStaticServer(mounts) {
  const sorted = mounts.map((m) => ({ ...m, dir: withSep(normalize(m.dir)) })).sort((a, b) => b.prefix.length - a.prefix.length);
  return createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(res, 400, 'bad request');
    }
    if (path.includes('\0')) return send(res, 403, 'forbidden');
    if (path.endsWith('/')) path += 'index.html';
    const mount = sorted.find((m) => path.startsWith(m.prefix));
    if (!mount) return send(res, 404, 'not found');
    const rel = path.slice(mount.prefix.length);
    const file = normalize(join(mount.dir, rel));
    if (!file.startsWith(mount.dir)) return send(res, 403, 'forbidden');
    if (mount.only && !mount.only(file.slice(mount.dir.length).split(sep).join('/'))) return send(res, 404, 'not found');
    try {
      const st = await stat(file);
      if (!st.isFile()) return send(res, 404, 'not found');
      const type = TYPES[extname(file).toLowerCase()];
      if (!type) return send(res, 404, 'not found');
      const body = await readFile(file);
      res.writeHead(200, { ...HEADERS, 'Content-Type': type, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, 404, 'not found');
    }
  });
}

/** Listens on 127.0.0.1:`port` (0 = any free port); resolves to the page's URL. */
export function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${server.address().port}/`);
    });
  });
}

/** Closes the server on SIGINT / SIGTERM. */
export function closeOnSignals(server) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => server.close(() => process.exit(0)));
}

const USAGE = `Usage: wechatpay-edge admin [--port N]

Serves the admin page (split checker, signature debugger, notification decoder) on
http://127.0.0.1:N/ (default 8080; 0 picks a free port) with this package's browser entry.
The page runs entirely in the browser under a strict Content-Security-Policy; the server
binds 127.0.0.1 only and serves the page's own files.
`;

// What the page loads from the package: the browser entry and what it imports, the generated
// constants (wechatpay-edge/constants: policy defaults, receiver types), and the wasm.
const PKG_FILES = /^(entry\/browser\.js|testing\/[\w-]+\.js|src\/(?:client\/)?[\w-]+\.js|generated\/[\w-]+\.js|wechatpay_edge\.js|wechatpay_edge_bg\.wasm)$/;

/** `wechatpay-edge admin …`: resolves once listening (undefined), or to an exit code. */
export async function main(argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  let port = 8080;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      stdout.write(USAGE);
      return 0;
    }
    const m = /^--port(?:=(.*))?$/.exec(a);
    if (!m) {
      stderr.write(`wechatpay-edge admin: unknown option ${JSON.stringify(a)}\n\n${USAGE}`);
      return 2;
    }
    const v = m[1] ?? argv[++i];
    if (!/^\d+$/.test(v ?? '') || Number(v) > 65535) {
      stderr.write(`wechatpay-edge admin: --port must be an integer 0–65535\n\n${USAGE}`);
      return 2;
    }
    port = Number(v);
  }
  const here = fileURLToPath(new URL('.', import.meta.url));
  const pkgRoot = fileURLToPath(new URL('..', import.meta.url));
  const server = createStaticServer([
    { prefix: '/', dir: here, only: (rel) => rel !== 'server.js' },
    { prefix: '/pkg/', dir: pkgRoot, only: (rel) => PKG_FILES.test(rel) },
  ]);
  const url = await listen(server, port);
  stdout.write(`wechatpay-edge admin page: ${url}\n(127.0.0.1 only; Ctrl-C stops it)\n`);
  closeOnSignals(server);
  return undefined;
}
