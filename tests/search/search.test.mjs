// The search page's code, run in Node against indexes danvan builds:
// tests/search/fixture (small cases: folding, exact forms, numbers) and
// the query-set site of tests/search/site.mjs (the sample site and the
// real 2024 plan imported), where every query of queries.json must reach
// its rank. Run from the repository root:
//
//     node --test tests/search/
//
// It builds with `cargo run` (so the binary is never stale); set
// DANVAN_BIN to use a built binary instead.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildQuerySite, danvan, root } from './site.mjs';

const require = createRequire(import.meta.url);
const search = require(join(root, 'themes/default/static/search.js'));
const cases = JSON.parse(readFileSync(join(root, 'tests/fold_cases.json'), 'utf8'));
const queries = JSON.parse(readFileSync(join(root, 'tests/search/queries.json'), 'utf8'));

let out;
let querySite;
let vi;
let en;
const read = (rel) => readFileSync(join(out, rel), 'utf8');
const json = (dir, rel) => JSON.parse(readFileSync(join(dir, rel), 'utf8'));

/** The index below `dir`/`prefix`search/, reading its files from disk;
 * `fetched` collects the paths it reads. */
function openIndex(dir, prefix, fetched = []) {
  const folder = join(dir, prefix, 'search');
  return search.open(json(folder, 'index.json'), async (path) => {
    fetched.push(path);
    return json(folder, path);
  });
}

before(() => {
  const work = mkdtempSync(join(tmpdir(), 'danvan-search-'));
  out = join(work, 'fixture');
  querySite = join(work, 'queries');
  danvan(['build', '--site', join(root, 'tests/search/fixture'), '--output', out]);
  buildQuerySite(querySite);
  vi = openIndex(out, '');
  en = openIndex(out, 'en');
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
});

/** Results of `q` in `index` with their fragments: [{r, d}]. */
async function find(index, q, options) {
  const got = await search.search(index, q, options);
  const docs = await Promise.all(got.results.map((r) => search.fragment(index, r.id)));
  return { partial: got.partial, results: got.results.map((r, i) => ({ r, d: docs[i] })) };
}
const titles = (got) => got.results.map((x) => x.d.t);
const marked = (parts) => parts.filter((p) => p.mark).map((p) => p.text);
const plain = (parts) => parts.map((p) => p.text).join('');

test('fold matches the table shared with the Rust tests', () => {
  assert.ok(cases.length > 10);
  for (const { input, folded } of cases) {
    assert.equal(search.fold(input), folded, `fold(${JSON.stringify(input)})`);
  }
});

test('exact keys tell tones apart but not where the tone is written', () => {
  assert.equal(search.exactKey('Hòa'), search.exactKey('hoà'));
  assert.equal(search.exactKey('thuỷ'), search.exactKey('Thủy'));
  assert.notEqual(search.exactKey('Đảng'), search.exactKey('đang'));
  assert.notEqual(search.exactKey('đang'), search.exactKey('dạng'));
  assert.equal(search.exactKey('D\u0061\u0302n'), search.exactKey('dân'));
});

test('queries: words, quoted phrases, numbers, and a last word still being typed', () => {
  const q = search.parseQuery('kết nạp "đoàn viên mới" 04/KH-LĐ');
  assert.deepEqual(q.words.map((w) => w.f), ['ket', 'nap', 'doan', 'vien', 'moi', '04', 'kh', 'ld']);
  assert.deepEqual(q.groups, [[2, 4]]);
  assert.equal(q.prefix, true);
  assert.equal(q.number, '#ketnapdoanvienmoi04khld');
  assert.equal(search.parseQuery('kết nạp ').prefix, false, 'a space ends the word');
  assert.equal(search.parseQuery('"dân vận"').prefix, false, 'so does a quote');
  const short = search.parseQuery('tiêu chí ng');
  assert.deepEqual([short.prefix, short.waiting, short.words.length], [false, true, 2], 'two letters wait');
  assert.equal(search.parseQuery('tiêu chí ng', false).words.length, 3, 'unless the form is sent');
  assert.equal(search.parseQuery('tiêu chí và').prefix, true, 'a word with marks is searched');
  assert.equal(search.parseQuery('dan van').number, '', 'no digit, no number');
  assert.equal(search.pairKey('cong', 'doan'), 'congdoan 4');
});

test('"dan van kheo" finds the Dân vận khéo story first', async () => {
  const got = await find(vi, 'dan van kheo');
  assert.equal(got.results[0].d.t, 'Mô hình “Dân vận khéo” ở bản Mường So');
  assert.equal(got.results[0].d.u, 'stories/dan-van-kheo-muong-so/');
  // The guidance with "dẫn", "văn" and "khéo" apart in its title comes later.
  assert.ok(titles(got).indexOf('Hướng dẫn hội thi văn nghệ và khéo tay hay làm') > 0, titles(got).join(' | '));
  assert.deepEqual(marked(search.highlight(got.results[0].d.t, ['dan', 'van', 'kheo'], true)), [
    'Dân',
    'vận',
    'khéo',
  ]);
});

test('"doan vien" finds every item with "Đoàn viên", the snippet marked as written', async () => {
  const got = await find(vi, 'doan vien');
  const found = titles(got);
  assert.ok(found.includes('Đoàn viên đang làm kinh tế giỏi'), found.join(' | '));
  assert.ok(found.includes('Giới thiệu'), found.join(' | '));
  const about = got.results.find((x) => x.d.t === 'Giới thiệu').d;
  const parts = search.snippet(about.b, ['doan', 'vien'], true);
  assert.ok(marked(parts).includes('Đoàn'), plain(parts));
  assert.match(plain(parts), /quyền lợi của Đoàn viên công đoàn/);
});

test('"Đảng" ranks the Đảng page before "đang" and "dạng" titles', async () => {
  const found = titles(await find(vi, 'Đảng'));
  assert.equal(found[0], 'Sinh hoạt chi bộ', found.join(' | '));
  assert.ok(found.includes('Đoàn viên đang làm kinh tế giỏi'));
  assert.ok(found.includes('Thông báo về đa dạng hoá hình thức tuyên truyền'));
  // Typed without marks, every "dang" is as good as another: titles first.
  assert.notEqual(titles(await find(vi, 'dang'))[0], 'Sinh hoạt chi bộ');
  // And "đang" typed exactly puts the story first.
  assert.equal(titles(await find(vi, 'đang'))[0], 'Đoàn viên đang làm kinh tế giỏi');
});

test('a document number finds its document first, typed any way', async () => {
  for (const q of ['04/KH-LDLD', '04/KH-LĐLĐ', '04/kh-ldld', '04 KH LDLD', '04KHLDLD']) {
    const got = await find(vi, q);
    assert.equal(got.results[0].d.n, '04/KH-LĐLĐ', q);
    assert.equal(got.results[0].d.u, 'documents/2024/04-kh-ldld/', q);
  }
  // The report citing the plan's number comes after the plan.
  const found = titles(await find(vi, '04/KH-LDLD'));
  assert.ok(found.indexOf('Báo cáo sơ kết 6 tháng thực hiện Kế hoạch 04/KH-LĐLĐ') > 0);
});

test('when no item has every word, items with some of them come, marked partial', async () => {
  const all = await find(vi, 'dan van kheo');
  assert.equal(all.partial, false);
  // Items lacking one of three words or more come after all those with
  // every word, each saying which it lacks.
  const lacking = all.results.findIndex((x) => x.r.missing.length > 0);
  assert.ok(lacking > 0, 'the items with every word come first');
  assert.ok(all.results.slice(lacking).every((x) => x.r.missing.length === 1));
  const some = await find(vi, 'dan van kheo xylophone');
  assert.equal(some.partial, true);
  assert.equal(some.results[0].d.u, 'stories/dan-van-kheo-muong-so/');
  assert.deepEqual(some.results[0].r.missing, ['xylophone']);
  assert.deepEqual(await search.search(vi, 'xylophone'), { results: [], partial: false });
  // With more words, items missing one come after those with all.
  const long = await find(vi, 'dân vận khéo Mường So xylophone');
  assert.equal(long.results[0].d.u, 'stories/dan-van-kheo-muong-so/');
});

test('a quoted phrase must stand in a row; unquoted words side by side rank first', async () => {
  const loose = titles(await find(vi, 'khéo tay'));
  assert.equal(loose[0], 'Hướng dẫn hội thi văn nghệ và khéo tay hay làm', loose.join(' | '));
  const phrase = await find(vi, '"văn nghệ khéo"');
  assert.ok(phrase.partial || phrase.results.length === 0, 'no item has "văn nghệ khéo" in a row');
  const inRow = await find(vi, '"khéo tay hay làm"');
  assert.equal(inRow.partial, false);
  assert.equal(inRow.results[0].d.t, 'Hướng dẫn hội thi văn nghệ và khéo tay hay làm');
});

test('a pasted paragraph finds its item; two words run together never outrank the word', async () => {
  const index = openIndex(querySite, '');
  const folder = join(querySite, 'search');
  const count = json(folder, 'index.json').count;
  const longest = [...Array(count).keys()].map((id) => json(folder, `f/${id}.json`)).sort((a, b) => b.b.length - a.b.length)[0];
  const paste = search.tokenize(longest.b).slice(40, 240).join(' ');
  const got = await find(index, paste);
  assert.equal(got.results[0].d.u, longest.u);
  // "11" is a word of its own, not "1 1" in a table.
  const eleven = await find(index, '11', { prefix: false });
  assert.ok(eleven.results.length > 0);
  assert.ok(eleven.results.every((x) => search.tokenize(`${x.d.t} ${x.d.b}`).includes('11')), titles(eleven).join(' | '));
});

test('every word of every item finds it', async () => {
  for (const [index, prefix] of [[vi, ''], [en, 'en']]) {
    const folder = join(out, prefix, 'search');
    const count = json(folder, 'index.json').count;
    for (let id = 0; id < count; id++) {
      const d = json(folder, `f/${id}.json`);
      const words = new Set(search.tokenize(`${d.t} ${d.n || ''} ${d.b || ''}`).map((w) => w.toLowerCase()));
      for (const w of words) {
        const got = await search.search(index, w, { prefix: false });
        assert.ok(got.results.some((r) => r.id === id), `${prefix || 'vi'}: "${w}" does not find ${d.u}`);
      }
    }
  }
});

test('a search fetches the entry, a few chunks and the shown fragments only', async () => {
  const fetched = [];
  const index = openIndex(querySite, '', fetched);
  const chunks = json(join(querySite, 'search'), 'index.json').chunks.length;
  await find(index, 'giỏi việc nước đảm việc nhà');
  const words = fetched.filter((p) => p.startsWith('w/'));
  assert.ok(words.length > 0 && words.length < chunks, `${words.length} of ${chunks} chunks`);
  const entry = statSync(join(querySite, 'search/index.json')).size;
  assert.ok(entry < 4000, `entry file ${entry} bytes`);
});

test('results carry kind, date as the pages write it, and the sentence that matched', async () => {
  const data = json(out, 'search/index.json');
  const plan = (await find(vi, '04/KH-LDLD')).results[0].d;
  assert.equal(data.kinds[plan.k], 'Kế hoạch');
  const date = search.formatDate(plan.d, 'vi');
  assert.equal(date, 'ngày 24 tháng 01 năm 2024');
  assert.ok(read('documents/2024/04-kh-ldld/index.html').includes(date));
  const story = (await find(vi, 'dan van kheo')).results[0].d;
  assert.equal(data.kinds[story.k], 'Mô hình “Dân vận khéo”');
  assert.equal(search.formatDate(story.d, 'vi'), 'ngày 10 tháng 6 năm 2024');
  const enPlan = (await find(en, '04/KH-LDLD')).results[0].d;
  assert.equal(enPlan.t, "Plan for the trade unions' mass mobilisation work in 2024");
  assert.equal(search.formatDate(enPlan.d, 'en'), '24 January 2024');
  assert.ok(read('en/documents/2024/04-kh-ldld/index.html').includes('24 January 2024'));
  // The snippet is the sentence with the words, far into the text.
  const long = 'Mở đầu. '.repeat(40) + 'Ở cuối nói về Đoàn viên và công việc. Hết.';
  const parts = search.snippet(long, ['doan', 'vien'], false);
  assert.equal(parts[0].text, '… ');
  assert.deepEqual(marked(parts), ['Đoàn', 'viên']);
  assert.match(plain(parts), /^… Ở cuối nói về Đoàn viên và công việc\. …$/);
  // The sentence with more of the words wins over the first with one.
  const two = search.snippet('Đoàn thể. Một câu khác nói về đoàn viên mới.', ['doan', 'vien'], false);
  assert.match(plain(two), /^… Một câu khác/);
});

test('counts are written as the pages write numbers', () => {
  assert.equal(search.formatCount(1234567, 'vi'), '1.234.567');
  assert.equal(search.formatCount(1234, 'en'), '1,234');
  assert.equal(search.formatCount(999, 'vi'), '999');
});

test('the English index lists untranslated items with a note', async () => {
  const data = json(out, 'en/search/index.json');
  assert.equal(data.lang, 'en');
  assert.equal(data.notes.vi, 'Available in Tiếng Việt only');
  const story = (await find(en, 'dan van kheo')).results[0].d;
  assert.equal(story.l, 'vi');
  assert.equal(data.kinds[story.k], 'Model story');
});

test('every query of the query set reaches its rank', async () => {
  assert.ok(queries.length >= 40);
  const index = { vi: openIndex(querySite, ''), en: openIndex(querySite, 'en') };
  const misses = [];
  let reciprocal = 0;
  for (const c of queries) {
    const got = await find(index[c.lang], c.q);
    const rank = got.results.findIndex((x) => x.d.u === c.want) + 1;
    if (rank) reciprocal += 1 / rank;
    if (!rank || rank > c.rank) {
      misses.push(`[${c.lang}] ${c.q} (${c.what}): rank ${rank || 'none'}, want ≤ ${c.rank}; got ${titles(got).slice(0, 3).join(' | ')}`);
    }
  }
  assert.deepEqual(misses, []);
  console.log(`# query set: ${queries.length} queries, MRR ${(reciprocal / queries.length).toFixed(3)}`);
});

test('the search page works without a server and says so without JavaScript', () => {
  for (const [page, archive] of [
    ['search/index.html', '/phongtho/documents/'],
    ['en/search/index.html', '/phongtho/en/documents/'],
  ]) {
    const html = read(page);
    assert.match(html, new RegExp(`<noscript>.*href="${archive}"`, 's'), page);
    assert.match(html, /<form id="search-form"[^>]* hidden/, page);
    // The script is published under a content hash, for caching.
    assert.match(html, /<script src="\/phongtho\/search\.[0-9a-f]{8}\.js" defer><\/script>/);
    assert.ok(!html.includes('cdn'), page);
  }
  assert.match(read('search/index.html'), /data-index="\/phongtho\/search\/index\.json"/);
  assert.match(read('en/search/index.html'), /data-index="\/phongtho\/en\/search\/index\.json"/);
  // Other pages load no script, and link to the search page.
  const home = read('index.html');
  assert.ok(!home.includes('<script'));
  assert.match(home, /href="\/phongtho\/search\/"/);
});

test('opening search/?q=dan+van+kheo shows the results', async () => {
  const page = fakePage('/phongtho/search/', '?q=dan+van+kheo', out);
  assert.equal(page.form.hidden, true);
  search.start(page.document, page.window);
  assert.equal(page.form.hidden, false);
  await page.settle();
  assert.equal(page.input.value, 'dan van kheo');
  const count = (await search.search(vi, 'dan van kheo')).results.length;
  assert.equal(page.status.textContent, `${count} kết quả cho “dan van kheo”`);
  const first = page.list.children[0];
  const link = first.find((e) => e.tagName === 'a');
  assert.equal(link.href, '/phongtho/stories/dan-van-kheo-muong-so/');
  assert.deepEqual(
    first.findAll((e) => e.tagName === 'mark').map((e) => e.textContent).slice(0, 3),
    ['Dân', 'vận', 'khéo'],
  );
  // Chunks and fragments are fetched with the index's stamp.
  const stamp = json(out, 'search/index.json').stamp;
  assert.ok(page.fetched.some((u) => u.startsWith('/phongtho/search/w/') && u.endsWith(`?v=${stamp}`)), page.fetched.join(' '));
  assert.ok(page.fetched.some((u) => u.startsWith('/phongtho/search/f/')));
  // A new search updates the address, so the list can be shared.
  page.input.value = 'doan vien';
  page.form.dispatch('submit');
  await page.settle();
  // A screenful first, the rest of the ten once the reader stops typing.
  assert.equal(page.list.children.length, 3);
  await page.settle(400);
  assert.equal(page.url(), '/phongtho/search/?q=doan+vien');
  const all = (await search.search(vi, 'doan vien')).results.length;
  assert.equal(page.list.children.length, Math.min(10, all));
  assert.ok(page.list.children.length >= 2);
  assert.match(page.status.textContent, /kết quả cho “doan vien”/);
  // A word found nowhere: the items with the others, each saying what it lacks.
  page.input.value = 'dan van kheo xylophone';
  page.form.dispatch('submit');
  await page.settle();
  assert.match(page.status.textContent, /Một phần/);
  assert.ok(page.list.children[0].textContent.includes('Không có: xylophone'));
});

// ---- a page just big enough for search.js ----

function fakePage(pathname, query, site) {
  class El {
    constructor(tagName, attrs = {}) {
      this.tagName = tagName;
      this.children = [];
      this.listeners = {};
      this.dataset = {};
      this.hidden = false;
      this.text = '';
      Object.assign(this, attrs);
    }
    appendChild(child) {
      this.children.push(child);
      if (child.tagName === 'script' && child.onload) setTimeout(child.onload);
      return child;
    }
    setAttribute(name, value) {
      this[name] = value;
    }
    addEventListener(type, fn) {
      (this.listeners[type] = this.listeners[type] || []).push(fn);
    }
    dispatch(type) {
      for (const fn of this.listeners[type] || []) fn({ preventDefault() {} });
    }
    get textContent() {
      return this.tagName === '#text' ? this.text : this.children.map((c) => c.textContent).join('');
    }
    set textContent(value) {
      this.children = [];
      if (this.tagName === '#text') this.text = value;
      else if (value) this.children.push(new El('#text', { text: value }));
    }
    findAll(test) {
      return this.children.flatMap((c) => (test(c) ? [c] : []).concat(c.findAll(test)));
    }
    find(test) {
      return this.findAll(test)[0];
    }
  }
  const input = new El('input', { value: '' });
  const form = new El('form', { elements: { q: input }, hidden: true });
  form.dataset = {
    index: '/phongtho/search/index.json',
    loading: 'Đang tải…',
    failed: 'Lỗi',
    none: 'Không tìm thấy kết quả nào cho “{query}”.',
    one: '1 kết quả cho “{query}”',
    many: '{count} kết quả cho “{query}”',
    partial: 'Một phần.',
    missing: 'Không có: {words}',
  };
  const byId = {
    'search-form': form,
    'search-status': new El('p'),
    'search-results': new El('ol'),
    'search-more': new El('button'),
  };
  const location = { pathname, search: query };
  const document = {
    head: new El('head'),
    getElementById: (id) => byId[id] || null,
    createElement: (name) => new El(name),
    createTextNode: (text) => new El('#text', { text }),
  };
  const fetched = [];
  const window = {
    Promise,
    URLSearchParams,
    location,
    setTimeout,
    clearTimeout,
    // The site as a server would send it: below /phongtho/, no query.
    fetch: async (url) => {
      fetched.push(url);
      const file = join(site, url.replace(/^\/phongtho\//, '').replace(/\?.*/, ''));
      return { ok: true, json: async () => JSON.parse(readFileSync(file, 'utf8')) };
    },
    history: {
      replaceState(state, title, url) {
        const [p, q] = url.split('?');
        location.pathname = p;
        location.search = q ? `?${q}` : '';
      },
    },
  };
  return {
    document,
    window,
    form,
    input,
    status: byId['search-status'],
    list: byId['search-results'],
    fetched,
    url: () => location.pathname + location.search,
    settle: (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
