// Shared setup for the admin page tests: the static server, Debian's Chromium, request logging.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
/** Screenshots: test-results/www/ at the repository root (gitignored). */
export const ARTIFACTS = here('../../test-results/www/');
const WWW = here('../../www/');

let serverProc = null;

/** The page's base URL: $WWW_URL (scripts/test-www.sh), or a server started here on a free port. */
export async function startServer() {
  if (process.env.WWW_URL) return process.env.WWW_URL.replace(/\/?$/, '/');
  if (!existsSync(`${WWW}pkg/wechatpay_edge_bg.wasm`)) {
    throw new Error('www/pkg is missing: run scripts/test-www.sh (or scripts/www.sh once) to copy dist/pkg next to the page');
  }
  serverProc = spawn(process.execPath, [`${WWW}serve.mjs`, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    serverProc.once('error', reject);
    serverProc.stdout.once('data', (d) => resolve(String(d).trim()));
  });
}

export function stopServer() {
  if (serverProc) serverProc.kill('SIGTERM');
  serverProc = null;
}

/**
 * Registers the suite's before/after hooks: starts the page server and Chromium, hands
 * `{ base, browser }` to `ready`, and closes both (then runs `cleanup`) after the suite.
 */
export function withPageAndBrowser(ready, cleanup) {
  let browser;
  before(async () => {
    const base = await startServer();
    browser = await launch();
    ready({ base, browser });
  });
  after(async () => {
    await browser?.close();
    stopServer();
    cleanup?.();
  });
}

export async function launch() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * A fresh page with every request, page error and console error recorded.
 * `log.requests` holds { url, failure } for each request the page started.
 */
export async function openPage(browser, base, { width = 1100, height = 900, hash = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  const log = { requests: [], errors: [] };
  page.on('request', (r) => log.requests.push({ url: r.url(), failure: null, req: r }));
  page.on('requestfailed', (r) => {
    const entry = log.requests.find((x) => x.req === r);
    if (entry) entry.failure = r.failure()?.errorText ?? 'failed';
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
  });
  await page.goto(base + hash);
  await page.waitForSelector('body[data-ready]');
  if ((await page.getAttribute('body', 'data-ready')) !== 'true') throw new Error(`page failed to boot: ${await page.textContent('#boot')}`);
  return { page, context, log };
}

/** Requests that went anywhere but the page's own 127.0.0.1 server. */
export function offsiteRequests(log, base) {
  const origin = new URL(base).origin;
  return log.requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith('data:'));
}

/** Full-page screenshot in chunks of `h` px so each stays legible in an image viewer. */
export async function screenshot(page, name, h = 1400) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const { width } = page.viewportSize();
  const files = [];
  for (let y = 0, i = 0; y < height; y += h, i++) {
    const path = `${ARTIFACTS}${name}${height > h ? `-${i}` : ''}.png`;
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y, width, height: Math.min(h, height - y) } });
    files.push(path);
  }
  return files;
}

export async function noHorizontalScroll(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    widest: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && el.getClientRects().length)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`),
  }));
}
