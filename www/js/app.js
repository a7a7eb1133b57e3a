// Boot: language and tool from the URL hash, tabs, the package's browser entry, the three tools.
import { t, setLang, lang, applyStatic } from './i18n.js';
import { $ } from './dom.js';

const TOOLS = ['split', 'sig', 'notify', 'reconcile'];
const tools = {};

function readHash() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  return { lang: p.get('lang') === 'en' ? 'en' : 'zh', tool: TOOLS.includes(p.get('tool')) ? p.get('tool') : 'split' };
}

function writeHash(next) {
  const cur = readHash();
  const v = { ...cur, ...next };
  const p = new URLSearchParams();
  if (v.lang !== 'zh') p.set('lang', v.lang);
  if (v.tool !== 'split') p.set('tool', v.tool);
  const hash = p.toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function showTool(name, focus = false) {
  for (const tool of TOOLS) {
    const tab = $(`tab-${tool}`);
    const on = tool === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${tool}`).hidden = !on;
    if (on && focus) tab.focus();
  }
}

function relabel() {
  applyStatic();
  const toggle = $('lang-toggle');
  toggle.textContent = lang() === 'en' ? '中文' : 'English';
  toggle.lang = lang() === 'en' ? 'zh-CN' : 'en';
  for (const tool of Object.values(tools)) tool.relabel?.();
}

function setupChrome() {
  const st = readHash();
  setLang(st.lang);
  relabel();
  showTool(st.tool);

  $('lang-toggle').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    writeHash({ lang: lang() });
    relabel();
  });
  window.addEventListener('hashchange', () => {
    const h = readHash();
    if (h.lang !== lang()) {
      setLang(h.lang);
      relabel();
    }
    showTool(h.tool);
  });

  const tabs = TOOLS.map((tool) => $(`tab-${tool}`));
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      showTool(tab.dataset.tool);
      writeHash({ tool: tab.dataset.tool });
    });
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      showTool(next.dataset.tool, true);
      writeHash({ tool: next.dataset.tool });
    });
  }
}

async function boot() {
  setupChrome();
  const boot = $('boot');
  try {
    const wx = await import('../pkg/entry/browser.js');
    await wx.init();
    const testing = await import('../pkg/testing/browser.js');
    const ctx = { wx, testing };
    const [split, sig, notify, reconcile] = await Promise.all([import('./split.js'), import('./sig.js'), import('./notify.js'), import('./reconcile.js')]);
    tools.split = split.mount(ctx);
    tools.sig = sig.mount(ctx);
    tools.notify = notify.mount(ctx);
    tools.reconcile = reconcile.mount(ctx);
    boot.hidden = true;
    document.body.dataset.ready = 'true';
  } catch (err) {
    boot.removeAttribute('data-i18n');
    boot.textContent = t('app.loadFailed', { message: err && err.message ? err.message : String(err) });
    boot.classList.add('bad');
    document.body.dataset.ready = 'error';
    console.error(err);
  }
}

boot();
