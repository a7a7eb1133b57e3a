#!/usr/bin/env node
// Serves www/ (with the built package copied to www/pkg by scripts/www.sh) through the same server
// as `npx wechatpay-edge admin`: 127.0.0.1 only, GET/HEAD only, the page's CSP as a header.
// Usage: node www/serve.mjs [port]   (port 0 picks a free one; the URL is printed on stdout)
import { fileURLToPath } from 'node:url';
import { createStaticServer, listen, closeOnSignals } from '../pkg-template/admin/server.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);

const server = createStaticServer([{ prefix: '/', dir: root, only: (rel) => rel !== 'serve.mjs' && rel !== 'README.md' }]);
console.log(await listen(server, port));
closeOnSignals(server);
