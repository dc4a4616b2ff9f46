// Search in a browser, measured: danvan's search page beside Pagefind on
// the same built site, in Debian's headless Chromium with the CPU slowed
// 4× (a cheap phone's stand-in). Run by bench/search.sh, which builds the
// sites, runs Pagefind and serves them; see bench/README.md.
//
//   node bench/search.mjs speed   BASE SITE [--pagefind]   first-search bytes and keystroke times
//   node bench/search.mjs quality DANVAN_BASE PAGEFIND_BASE FOLDED_BASE
//                                                          the query set: rank of each query, MRR, top 3
//   node bench/search.mjs sizes   SITE                     bytes each query fetches, typed and sent at once
//
// `speed` types each query of a list drawn from SITE's own items (a
// number, a title's words, a phrase deep in a body, a name...) into a
// fresh page, a character every 150 ms, and reports per query the bytes
// fetched from the first keystroke on, the time from the first keystroke
// to the first results shown, and the times of the later keystrokes. The
// output is one JSON object per line, then a summary.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/quality/package.json'));
const { chromium } = require('playwright-core');
const search = require(path.join(here, '../themes/default/static/search.js'));

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const THROTTLE = 4;
const KEY_DELAY = 150;

const [cmd, ...args] = process.argv.slice(2);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

/** Queries drawn from the site's own items, deterministically. */
function queriesOf(site) {
  const folder = path.join(site, 'search');
  const entry = JSON.parse(readFileSync(path.join(folder, 'index.json'), 'utf8'));
  const frag = (id) => JSON.parse(readFileSync(path.join(folder, 'f', `${id}.json`), 'utf8'));
  const n = entry.count;
  const out = ['dân vận khéo', 'ket nap doan vien'];
  const numbered = [...Array(n).keys()].map(frag).filter((f) => f.n);
  out.push(numbered[Math.floor(numbered.length / 3)].n);
  const t = frag(Math.floor(n / 2)).t.split(' ');
  out.push(t.slice(0, 4).join(' '));
  const body = search.tokenize(frag(Math.floor(n / 5)).b);
  out.push(body.slice(Math.floor(body.length * 0.8), Math.floor(body.length * 0.8) + 4).join(' '));
  const other = search.tokenize(frag(Math.floor((n * 7) / 9)).b);
  out.push(search.fold(other.slice(Math.floor(other.length / 2), Math.floor(other.length / 2) + 3).join(' ')));
  out.push('biên giới');
  out.push('hội nghị người lao động');
  return out;
}

/* Types `q` a character at a time; for each, the time from its input
 * event to its list on screen, as the page measures it (`data-ms` of the
 * status, set with `data-done`), or null when that text showed no list of
 * its own (a first letter waits for the next). */
async function typeAndTime(page, q) {
  const times = [];
  for (let i = 1; i <= q.length; i++) {
    const sofar = q.slice(0, i);
    await page.keyboard.type(q[i - 1]);
    const done = await page
      .waitForFunction((t) => document.getElementById('search-status')?.dataset.done === t, sofar, { timeout: 5000, polling: 50 })
      .then(() => true, () => false);
    times.push(done ? Number(await page.$eval('#search-status', (s) => s.dataset.ms)) : null);
    if (!done) continue;
    await page.waitForTimeout(KEY_DELAY);
  }
  return times;
}

async function speed() {
  const [base, site] = args;
  const pagefind = args.includes('--pagefind');
  const browser = await chromium.launch({ executablePath: CHROME, args: FLAGS, headless: true });
  const rows = [];
  for (const q of queriesOf(site)) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await page.goto(pagefind ? `${base}/pagefind-bench.html` : `${base}/search/`);
    await page.waitForLoadState('load');
    const sizes = [];
    page.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
    await page.click('#search-q');
    const times = await typeAndTime(page, q);
    await page.waitForTimeout(300);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    // "First results": the first keystroke that shows a list (the second
    // letter), from its input event to its list shown.
    const shown = times.filter((t) => t !== null);
    const first = shown[0];
    const later = shown.slice(1);
    const row = { engine: pagefind ? 'pagefind' : 'danvan', q, bytes, first, laterMedian: median(later), laterMax: Math.max(...later) };
    console.log(JSON.stringify(row));
    rows.push(row);
    await context.close();
  }
  await browser.close();
  const kb = rows.map((r) => r.bytes / 1024);
  console.log(`summary ${rows[0].engine}: first search ${median(kb).toFixed(1)} KB median, ${Math.max(...kb).toFixed(1)} KB max; ` +
    `first results ${median(rows.map((r) => r.first))} ms median, ${Math.max(...rows.map((r) => r.first))} ms max; ` +
    `later keystrokes ${median(rows.map((r) => r.laterMedian))} ms median, ${Math.max(...rows.map((r) => r.laterMax))} ms max ` +
    `(CPU ${THROTTLE}× slower)`);
}

async function quality() {
  const [danvanBase, pagefindBase, foldedBase] = args;
  const queries = JSON.parse(readFileSync(path.join(here, '../tests/search/queries.json'), 'utf8'));
  const browser = await chromium.launch({ executablePath: CHROME, args: FLAGS, headless: true });
  const page = await browser.newPage();
  const engines = {
    danvan: async (c) => {
      const url = `${danvanBase}/${c.lang === 'vi' ? '' : c.lang + '/'}search/`;
      if (page.url() !== url) await page.goto(url);
      await page.fill('#search-q', c.q);
      await page.waitForFunction((t) => document.getElementById('search-status')?.dataset.done === t, c.q, { timeout: 15000 });
      return page.$$eval('#search-results h2 a', (links) => links.map((a) => new URL(a.href).pathname));
    },
    pagefind: (c) => pagefindRanks(page, pagefindBase, c.q, c.lang),
    'pagefind, folded text': (c) => pagefindRanks(page, foldedBase, search.fold(c.q.normalize('NFC')), c.lang),
  };
  const table = {};
  for (const [name, run] of Object.entries(engines)) {
    let reciprocal = 0;
    let top3 = 0;
    let first = 0;
    const misses = [];
    for (const c of queries) {
      const got = await run(c);
      const rank = got.indexOf(`/${c.want}`) + 1;
      if (rank) reciprocal += 1 / rank;
      if (rank && rank <= 3) top3++;
      if (rank === 1) first++;
      if (!rank || rank > c.rank) misses.push(`[${c.lang}] ${c.q}: ${rank || 'none'}`);
    }
    table[name] = { mrr: reciprocal / queries.length, top1: first, top3, reached: queries.length - misses.length, misses };
    console.log(`${name}: MRR ${(reciprocal / queries.length).toFixed(3)}, first ${first}, top 3 ${top3}, ` +
      `rank reached ${queries.length - misses.length} of ${queries.length}; misses: ${misses.join('; ')}`);
  }
  await browser.close();
}

/** Pagefind's result URLs for `q` on the harness page below `base`, with
 * Pagefind's index of `lang`. */
async function pagefindRanks(page, base, q, lang) {
  const url = `${base}/pagefind-bench.html?lang=${lang}`;
  if (page.url() !== url) {
    await page.goto(url);
    await page.waitForFunction(() => window.pagefindReady === true, null, { timeout: 15000 });
  }
  return page.evaluate((text) => window.ranks(text), q);
}

/* What each query of the list fetches, by Node from the files: typed a
 * character at a time (every list the page would show: a screenful of
 * fragments each, ten for the last) and sent at once (a shared link),
 * gzip -6 bytes of chunks and fragments, plus the entry and the script. */
async function sizes() {
  const [site] = args;
  const { gzipSync } = await import('node:zlib');
  const folder = path.join(site, 'search');
  const gz = (rel) => gzipSync(readFileSync(path.join(folder, rel))).length;
  const entry = JSON.parse(readFileSync(path.join(folder, 'index.json'), 'utf8'));
  const script = gzipSync(readFileSync(path.join(here, '../themes/default/static/search.js'))).length;
  const fixed = gz('index.json') + script;
  const rows = [];
  for (const q of queriesOf(site)) {
    const measure = async (texts, last) => {
      const fetched = new Set();
      const index = search.open(entry, async (rel) => {
        fetched.add(rel);
        return JSON.parse(readFileSync(path.join(folder, rel), 'utf8'));
      });
      for (const [i, text] of texts.entries()) {
        const got = await search.search(index, text, { prefix: i < texts.length - 1 || !last });
        if (got.waiting) continue;
        const shown = i === texts.length - 1 ? 10 : 3;
        await Promise.all(got.results.slice(0, shown).map((r) => search.fragment(index, r.id)));
      }
      return [...fetched].reduce((a, rel) => a + gz(rel), fixed);
    };
    const typed = await measure([...q].map((_, i) => q.slice(0, i + 1)), false);
    const once = await measure([q], true);
    rows.push({ q, typed, once });
    console.log(JSON.stringify({ q, typedKB: +(typed / 1024).toFixed(1), atOnceKB: +(once / 1024).toFixed(1) }));
  }
  const kb = (xs) => `${(median(xs) / 1024).toFixed(1)} KB median, ${(Math.max(...xs) / 1024).toFixed(1)} KB max`;
  console.log(`summary sizes: entry ${(gz('index.json') / 1024).toFixed(1)} KB and script ${(script / 1024).toFixed(1)} KB gzipped; ` +
    `typed ${kb(rows.map((r) => r.typed))}; sent at once ${kb(rows.map((r) => r.once))}`);
}

const commands = { speed, quality, sizes };
if (!commands[cmd]) {
  console.error('usage: node bench/search.mjs speed BASE SITE [--pagefind] | quality DANVAN PAGEFIND FOLDED | sizes SITE');
  process.exit(2);
}
await commands[cmd]();
