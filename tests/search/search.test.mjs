// The search page's code, run in Node against the index danvan builds from
// tests/search/fixture. Run from the repository root:
//
//     node --test tests/search/
//
// It builds the fixture with `cargo run` (so the binary is never stale);
// set DANVAN_BIN to use a built binary instead.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const search = require(join(root, 'themes/default/static/search.js'));
const MiniSearch = require(join(root, 'themes/default/static/minisearch.min.js'));
const cases = JSON.parse(readFileSync(join(root, 'tests/fold_cases.json'), 'utf8'));

let out;
let vi;
let en;
const read = (rel) => readFileSync(join(out, rel), 'utf8');
const indexOf = (rel) => JSON.parse(read(rel));

before(() => {
  out = mkdtempSync(join(tmpdir(), 'danvan-search-'));
  rmSync(out, { recursive: true });
  const site = join(root, 'tests/search/fixture');
  const args = ['build', '--site', site, '--output', out];
  if (process.env.DANVAN_BIN) {
    execFileSync(process.env.DANVAN_BIN, args, { cwd: root, stdio: 'pipe' });
  } else {
    execFileSync('cargo', ['run', '--quiet', '--', ...args], { cwd: root, stdio: 'pipe' });
  }
  vi = search.build(indexOf('search/index.json'), MiniSearch);
  en = search.build(indexOf('en/search/index.json'), MiniSearch);
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
});

const titles = (got) => got.results.map((r) => r.doc.t);
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

test('"dan van kheo" finds the Dân vận khéo story first', () => {
  const got = search.search(vi, 'dan van kheo');
  assert.equal(got.results[0].doc.t, 'Mô hình “Dân vận khéo” ở bản Mường So');
  assert.equal(got.results[0].doc.u, 'stories/dan-van-kheo-muong-so/');
  // The guidance with "dẫn", "văn" and "khéo" apart in its title comes later.
  assert.ok(titles(got).includes('Hướng dẫn hội thi văn nghệ và khéo tay hay làm'));
  assert.deepEqual(marked(search.highlight(got.results[0].doc.t, ['dan', 'van', 'kheo'], true)), [
    'Dân',
    'vận',
    'khéo',
  ]);
});

test('"doan vien" finds every item with "Đoàn viên", highlighted as written', () => {
  const got = search.search(vi, 'doan vien');
  const found = titles(got);
  assert.ok(found.includes('Đoàn viên đang làm kinh tế giỏi'), found.join(' | '));
  assert.ok(found.includes('Giới thiệu'), found.join(' | '));
  const about = got.results.find((r) => r.doc.t === 'Giới thiệu').doc;
  const parts = search.snippet(about.b, ['doan', 'vien'], true);
  // Every word of the query is marked, as written: "Liên đoàn", "Đoàn viên".
  assert.deepEqual(marked(parts), ['đoàn', 'Đoàn', 'viên', 'đoàn']);
  assert.match(plain(parts), /quyền lợi của Đoàn viên công đoàn/);
});

test('"Đảng" ranks the Đảng page before "đang" and "dạng" titles', () => {
  const got = search.search(vi, 'Đảng');
  const found = titles(got);
  assert.equal(found[0], 'Sinh hoạt chi bộ', found.join(' | '));
  assert.ok(found.includes('Đoàn viên đang làm kinh tế giỏi'));
  assert.ok(found.includes('Thông báo về đa dạng hoá hình thức tuyên truyền'));
  // Typed without marks, every "dang" is as good as another: titles first.
  assert.notEqual(titles(search.search(vi, 'dang'))[0], 'Sinh hoạt chi bộ');
  // And "đang" typed exactly puts the story first.
  assert.equal(titles(search.search(vi, 'đang'))[0], 'Đoàn viên đang làm kinh tế giỏi');
});

test('a document number finds its document first, with or without diacritics', () => {
  for (const q of ['04/KH-LDLD', '04/KH-LĐLĐ', '04/kh-ldld', '04 KH LDLD']) {
    const got = search.search(vi, q);
    assert.equal(got.results[0].doc.n, '04/KH-LĐLĐ', q);
    assert.equal(got.results[0].doc.u, 'documents/2024/04-kh-ldld/', q);
  }
  // The report citing the plan's number comes after the plan.
  const found = titles(search.search(vi, '04/KH-LDLD'));
  assert.ok(found.indexOf('Báo cáo sơ kết 6 tháng thực hiện Kế hoạch 04/KH-LĐLĐ') > 0);
});

test('when no item has every word, items with some of them come, marked partial', () => {
  const all = search.search(vi, 'dan van kheo');
  assert.equal(all.partial, false);
  const some = search.search(vi, 'dan van kheo xylophone');
  assert.equal(some.partial, true);
  assert.equal(some.results[0].doc.u, 'stories/dan-van-kheo-muong-so/');
  assert.deepEqual(search.search(vi, 'xylophone'), { results: [], partial: false });
});

test('words deep in a body find it through the rare words kept for it', () => {
  const got = search.search(vi, 'muong khoa');
  assert.equal(got.results[0].doc.n, '04/KH-LĐLĐ');
});

test('results carry kind, date as the pages write it, and a snippet', () => {
  const data = indexOf('search/index.json');
  const plan = search.search(vi, '04/KH-LDLD').results[0].doc;
  assert.equal(data.kinds[plan.k], 'Kế hoạch');
  const date = search.formatDate(plan.d, 'vi');
  assert.equal(date, 'ngày 24 tháng 01 năm 2024');
  assert.ok(read('documents/2024/04-kh-ldld/index.html').includes(date));
  const story = search.search(vi, 'dan van kheo').results[0].doc;
  assert.equal(data.kinds[story.k], 'Mô hình “Dân vận khéo”');
  assert.equal(search.formatDate(story.d, 'vi'), 'ngày 10 tháng 6 năm 2024');
  const enPlan = search.search(en, '04/KH-LDLD').results[0].doc;
  assert.equal(enPlan.t, "Plan for the trade unions' mass mobilisation work in 2024");
  assert.equal(search.formatDate(enPlan.d, 'en'), '24 January 2024');
  assert.ok(read('en/documents/2024/04-kh-ldld/index.html').includes('24 January 2024'));
  // A snippet around a match far into the text starts with an ellipsis.
  const long = 'Mở đầu '.repeat(40) + 'nói về Đoàn viên ở cuối.';
  const parts = search.snippet(long, ['doan', 'vien'], false);
  assert.equal(parts[0].text, '… ');
  assert.deepEqual(marked(parts), ['Đoàn', 'viên']);
});

test('the English index lists untranslated items with a note', () => {
  const data = indexOf('en/search/index.json');
  assert.equal(data.lang, 'en');
  assert.equal(data.notes.vi, 'Available in Tiếng Việt only');
  const story = search.search(en, 'dan van kheo').results[0].doc;
  assert.equal(story.l, 'vi');
  assert.equal(data.kinds[story.k], 'Model story');
});

test('the search page works without a server and says so without JavaScript', () => {
  for (const [page, archive] of [
    ['search/index.html', '/phongtho/documents/'],
    ['en/search/index.html', '/phongtho/en/documents/'],
  ]) {
    const html = read(page);
    assert.match(html, new RegExp(`<noscript>.*href="${archive}"`, 's'), page);
    assert.match(html, /<form id="search-form"[^>]* hidden/, page);
    // Scripts are published under a content hash, for caching.
    assert.match(html, /<script src="\/phongtho\/search\.[0-9a-f]{8}\.js" defer><\/script>/);
    assert.match(html, /data-library="\/phongtho\/minisearch\.min\.[0-9a-f]{8}\.js"/);
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
  const page = fakePage('/phongtho/search/', '?q=dan+van+kheo', indexOf('search/index.json'));
  assert.equal(page.form.hidden, true);
  search.start(page.document, page.window);
  assert.equal(page.form.hidden, false);
  await page.settle();
  assert.equal(page.input.value, 'dan van kheo');
  assert.equal(page.status.textContent, '2 kết quả cho “dan van kheo”');
  const first = page.list.children[0];
  const link = first.find((e) => e.tagName === 'a');
  assert.equal(link.href, '/phongtho/stories/dan-van-kheo-muong-so/');
  assert.deepEqual(
    first.findAll((e) => e.tagName === 'mark').map((e) => e.textContent).slice(0, 3),
    ['Dân', 'vận', 'khéo'],
  );
  // A new search updates the address, so the list can be shared.
  page.input.value = 'doan vien';
  page.form.dispatch('submit');
  await page.settle();
  assert.equal(page.url(), '/phongtho/search/?q=doan+vien');
  assert.equal(page.list.children.length, search.search(vi, 'doan vien').results.length);
  assert.ok(page.list.children.length >= 2);
  assert.match(page.status.textContent, /kết quả cho “doan vien”/);
});

// ---- a page just big enough for search.js ----

function fakePage(pathname, query, data) {
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
    library: '/phongtho/minisearch.min.js',
    loading: 'Đang tải…',
    failed: 'Lỗi',
    none: 'Không tìm thấy kết quả nào cho “{query}”.',
    one: '1 kết quả cho “{query}”',
    many: '{count} kết quả cho “{query}”',
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
  const window = {
    MiniSearch,
    Promise,
    URLSearchParams,
    location,
    setTimeout,
    clearTimeout,
    fetch: async () => ({ ok: true, json: async () => structuredClone(data) }),
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
    url: () => location.pathname + location.search,
    settle: () => new Promise((resolve) => setTimeout(resolve, 50)),
  };
}
