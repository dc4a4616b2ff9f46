/* danvan search page. Loaded only on the search page. It reads the index
 * danvan writes for the page's language (src/search/): a small entry file
 * when the search box gets focus (or the page opens with ?q=...), then for
 * each search only the chunks of the vocabulary that hold its words, and
 * the fragments (title, text) of the results it shows.
 *
 * Folding is the same as `fold` in src/i18n.rs: NFD, drop combining marks,
 * đ/Đ → d, lower case one character at a time. Both are tested against
 * tests/fold_cases.json. Results rank, in this order: the document whose
 * number was typed; items with every word (else those with the most, said
 * to be partial, and after a short list of items with all of three
 * words or more, those lacking one); the words typed with diacritics found exactly ("Đảng"
 * before "đang" and "dạng"); the words found next to each other (a quoted
 * part must be); found in the title or number; then BM25.
 *
 * The core (fold, exactKey, tokenize, parseQuery, open, search, snippet,
 * highlight) uses no DOM: tests/search/search.test.mjs runs it in Node. */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.DanvanSearch = api;
    if (typeof document !== 'undefined') api.start(document, root);
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var MARKS = /\p{M}/gu;
  /* The five Vietnamese tone marks: huyền, sắc, ngã, hỏi, nặng. */
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  /* Weight bits, as src/search/mod.rs writes them. */
  var IN_TITLE = 2;
  var IN_HEADING = 1;
  var SNIPPET_CHARS = 200;
  /* Results shown at once; each needs its fragment. */
  var PAGE = 10;
  /* Chunks a prefix may fetch while typing. */
  var PREFIX_CHUNKS = 3;

  /* Lower case per character, as Rust's char::to_lowercase; the whole-
   * string toLowerCase differs only for a final capital sigma. */
  function lower(s) {
    if (s.indexOf('\u03a3') < 0) return s.toLowerCase();
    return Array.from(s, function (c) { return c.toLowerCase(); }).join('');
  }

  /* "Đoàn viên" → "doan vien". */
  function fold(s) {
    return lower(s.normalize('NFD').replace(MARKS, '').replace(/[đĐ]/g, 'd'));
  }

  /* A word as typed, lower case, decomposed, with its tone marks moved to
   * the end: "Hòa" and "hoà" give the same key, "Đảng" and "đang" do not.
   * The same as `exact_key` in src/search/terms.rs. */
  function exactKey(s) {
    var d = s.normalize('NFD');
    var tones = (d.match(TONES) || []).sort().join('');
    return lower(d.replace(TONES, '')) + tones;
  }

  /* The exact form a word is indexed under: empty when it has no marks. */
  function formOf(w) {
    var e = exactKey(w);
    return e === fold(w) ? '' : e;
  }

  function tokenize(text) {
    return text ? text.match(WORD) || [] : [];
  }

  /* "04/KH-LĐLĐ", "04 kh ldld" → "#04khldld". */
  function numberKey(s) {
    return '#' + tokenize(fold(s)).join('');
  }

  /* Two neighbouring words: "cong", "doan" → "congdoan 4". */
  function pairKey(a, b) {
    return a + b + ' ' + Array.from(a).length;
  }

  var folds = new Map();
  function foldWord(w) {
    var f = folds.get(w);
    if (f === undefined) folds.set(w, (f = fold(w)));
    return f;
  }

  /* The words of a query, each {w, f, e, group}: as typed, folded, its
   * exact form ('' without marks) and the quoted part it is in (-1 for
   * none). `prefix`: the last word may be the start of a longer one (the
   * reader is still typing it). */
  function parseQuery(text, allowPrefix) {
    text = (text || '').normalize('NFC');
    var words = [];
    var groups = [];
    var parts = text.split('"');
    parts.forEach(function (part, i) {
      var quoted = i % 2 === 1;
      var ws = tokenize(part);
      if (quoted && ws.length > 1) groups.push([words.length, words.length + ws.length - 1]);
      ws.forEach(function (w) {
        words.push({ w: w, f: fold(w), e: formOf(w), group: quoted && ws.length > 1 ? groups.length - 1 : -1 });
      });
    });
    var last = words[words.length - 1];
    var prefix = allowPrefix !== false && !!last && last.f.length > 1 && last.group < 0 &&
      /[\p{L}\p{N}\p{M}]$/u.test(text);
    var number = numberKey(text);
    return {
      words: words,
      groups: groups,
      prefix: prefix,
      number: Array.from(number).length > 3 && /\d/.test(number) ? number : ''
    };
  }

  /* Postings as the index writes them: gaps and weights in five-bit
   * digits. Returns [ids, weights]. */
  function decode(text) {
    var ids = [];
    var weights = [];
    var n = 0;
    var shift = 0;
    var id = -1;
    var odd = false;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS.indexOf(text[i]);
      n += (d & 31) * Math.pow(2, shift);
      if (d & 32) {
        shift += 5;
        continue;
      }
      if (odd) weights.push(n);
      else ids.push((id = id + n + 1));
      odd = !odd;
      n = 0;
      shift = 0;
    }
    return [ids, weights];
  }

  /* An index of one language: `entry` is its index.json, `load(path)`
   * fetches a file below the index's folder ("w/3.json") as JSON. */
  function open(entry, load) {
    return { entry: entry, load: load, chunks: new Map(), fragments: new Map() };
  }

  /* The chunk that would hold `key`: the last whose first key is not
   * after it. */
  function chunkOf(index, key) {
    var firsts = index.entry.chunks;
    var lo = 0;
    var hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /* Chunk n as {terms: [[key, form, postings, ...]], byKey: Map}. */
  function chunk(index, n) {
    var got = index.chunks.get(n);
    if (!got) {
      got = index.load('w/' + n + '.json').then(function (terms) {
        var byKey = new Map();
        terms.forEach(function (t) { byKey.set(t[0], t); });
        return { terms: terms, byKey: byKey };
      });
      got.catch(function () { index.chunks.delete(n); });
      index.chunks.set(n, got);
    }
    return got;
  }

  /* The fragment of item `id`: {u, k, d, t, n, b, l}. */
  function fragment(index, id) {
    var got = index.fragments.get(id);
    if (!got) {
      got = index.load('f/' + id + '.json');
      got.catch(function () { index.fragments.delete(id); });
      index.fragments.set(id, got);
    }
    return got;
  }

  /* The terms with `key`, or starting with `start` (to the end of the
   * range, at most `limit` chunks), from loaded chunks. */
  function lookups(index, q) {
    var wanted = [];
    function exact(key) { wanted.push({ from: chunkOf(index, key), to: chunkOf(index, key) }); }
    function range(start) {
      var from = chunkOf(index, start);
      var to = Math.min(chunkOf(index, start + '\uffff'), from + PREFIX_CHUNKS - 1);
      wanted.push({ from: from, to: to });
    }
    var words = q.words;
    words.forEach(function (word, i) {
      exact(word.f);
      range(word.f + ' ');
      if (q.prefix && i === words.length - 1) range(word.f);
      if (i > 0) exact(pairKey(words[i - 1].f, word.f));
    });
    if (q.number) exact(q.number);
    var need = new Set();
    wanted.forEach(function (r) { for (var n = r.from; n <= r.to; n++) need.add(n); });
    return Promise.all(Array.from(need, function (n) { return chunk(index, n); }));
  }

  /* Every loaded term whose key starts with `start`. */
  function startingWith(chunks, start) {
    var out = [];
    chunks.forEach(function (c) {
      c.terms.forEach(function (t) {
        if (t[0].lastIndexOf(start, 0) === 0) out.push(t);
      });
    });
    return out;
  }

  function find(chunks, key) {
    for (var i = 0; i < chunks.length; i++) {
      var t = chunks[i].byKey.get(key);
      if (t) return t;
    }
    return null;
  }

  /* Adds the postings of term `t` to `hits` (id → hit). `exactForm`, when
   * not null, is the form typed: its weight is kept apart (`exactV`,
   * `exactOften`). `full`: a whole-word match (not a prefix); `joined`: a
   * run-together pair. */
  function addTerm(hits, t, exactForm, full, joined) {
    for (var j = 1; j < t.length; j += 2) {
      var isExact = exactForm !== null && t[j] === exactForm;
      // Decoded once per term: typing runs the search again and again.
      if (!t.decoded) t.decoded = [];
      var p = t.decoded[j] || (t.decoded[j] = decode(t[j + 1]));
      var ids = p[0];
      var weights = p[1];
      for (var k = 0; k < ids.length; k++) {
        var h = hits.get(ids[k]);
        if (!h) {
          h = { v: 0, often: 0, exactV: 0, exactOften: 0, full: false, exact: false, joined: false };
          hits.set(ids[k], h);
        }
        var v = weights[k];
        if (full) {
          h.v |= v & 3;
          h.often = Math.max(h.often, v >> 2);
        } else {
          h.often = Math.max(h.often, (v >> 2) / 2);
        }
        if (isExact) {
          h.exact = true;
          h.exactV |= v & 3;
          h.exactOften = Math.max(h.exactOften, v >> 2);
        }
        h.full = h.full || full;
        h.joined = h.joined || joined;
      }
    }
  }

  /* How much a pair of query words side by side in an item counts: in
   * the title most, then in a heading, then in the body. */
  function pairWeight(v) {
    return v & IN_TITLE ? 3 : v & IN_HEADING ? 2 : 1;
  }

  /* Results for `text`, best first: a promise of {results, partial}, each
   * result {id, cover, missing, exact, phrase, title, score, number}. With
   * `prefix` (the default), the last word may be the start of a word. */
  function search(index, text, options) {
    var q = parseQuery(text, !options || options.prefix !== false);
    var words = q.words;
    if (!words.length) return Promise.resolve({ results: [], partial: false });
    return lookups(index, q).then(function (chunks) {
      var count = index.entry.count;
      // A query typed with diacritics means every word as typed: "Mường
      // So" wants "So", not "sơ". Without any, every form is as good.
      var typedExactly = words.some(function (w) { return w.e !== ''; });
      var hits = words.map(function (word, i) {
        var h = new Map();
        var t = find(chunks, word.f);
        if (t) addTerm(h, t, typedExactly ? word.e : null, true, false);
        startingWith(chunks, word.f + ' ').forEach(function (pair) { addTerm(h, pair, null, true, true); });
        if (q.prefix && i === words.length - 1) {
          startingWith(chunks, word.f).forEach(function (other) {
            var key = other[0];
            if (key !== word.f && key.indexOf(' ') < 0) addTerm(h, other, null, false, false);
          });
        }
        return h;
      });
      var pairs = words.slice(1).map(function (word, i) {
        var h = new Map();
        var t = find(chunks, pairKey(words[i].f, word.f));
        if (t) addTerm(h, t, null, true, false);
        return h;
      });
      var idf = hits.map(function (h) {
        return Math.log(1 + (count - h.size + 0.5) / (h.size + 0.5));
      });
      var numbered = new Set();
      if (q.number) {
        var n = find(chunks, q.number);
        if (n) decode(n[2])[0].forEach(function (id) { numbered.add(id); });
      }
      var candidates = new Set(numbered);
      hits.forEach(function (h) { h.forEach(function (_, id) { candidates.add(id); }); });
      var all = [];
      candidates.forEach(function (id) {
        var r = { id: id, number: numbered.has(id) ? 1 : 0, cover: 0, missing: [], exact: 0, phrase: 0, title: 0, score: 0 };
        var found = words.map(function (word, i) { return hits[i].get(id); });
        var paired = pairs.map(function (p) { return p.get(id); });
        // A quoted part counts only with all its words side by side.
        q.groups.forEach(function (g) {
          var whole = true;
          for (var i = g[0]; i <= g[1]; i++) if (!found[i] || (i > g[0] && !paired[i - 1])) whole = false;
          if (!whole) for (var j = g[0]; j <= g[1]; j++) found[j] = undefined;
        });
        found.forEach(function (h, i) {
          if (!h) {
            r.missing.push(words[i].w);
            return;
          }
          r.cover++;
          if (h.exact) r.exact++;
          if (h.joined) r.phrase += 2;
          // Typed exactly, the exact form's places count in full and the
          // other forms' a little.
          var v = typedExactly ? h.exactV : h.v;
          var often = typedExactly ? h.exactOften + h.often / 4 : h.often;
          if (v & IN_TITLE) r.title++;
          var weight = (often / 7) * 2.2 + (v & IN_TITLE ? 3 : 0) + (v & IN_HEADING ? 1 : 0);
          r.score += idf[i] * weight;
        });
        paired.forEach(function (p, i) {
          if (p && found[i] && found[i + 1]) r.phrase += pairWeight(p.v);
        });
        if (r.cover || r.number) all.push(r);
      });
      var full = all.filter(function (r) { return r.cover === words.length || r.number; });
      var partial = full.length === 0;
      // A short list of items with every word of three or more is followed
      // by those lacking one.
      var results = partial ? all : full.concat(words.length >= 3 && full.length < PAGE ? all.filter(function (r) {
        return !r.number && r.cover === words.length - 1;
      }) : []);
      results.sort(function (a, b) {
        return (b.number - a.number) || (b.cover - a.cover) || (b.exact - a.exact) || (b.phrase - a.phrase) ||
          (b.title - a.title) || (b.score - a.score) || (b.id - a.id);
      });
      return { results: results, partial: partial && results.length > 0 };
    });
  }

  /* Which words of `text` match the query words: folded equal, or for the
   * last query word with `prefix`, folded start. Returns
   * [{start, end, word, exact}], `word` the query word's place. */
  function matches(text, words, prefix) {
    var folded = words.map(fold);
    var exact = words.map(formOf);
    var last = words.length - 1;
    var out = [];
    var re = new RegExp(WORD.source, 'gu');
    var m;
    while ((m = re.exec(text || ''))) {
      var f = foldWord(m[0]);
      for (var i = 0; i < folded.length; i++) {
        if (f === folded[i] || (prefix && i === last && folded[i].length > 1 && f.indexOf(folded[i]) === 0)) {
          out.push({ start: m.index, end: m.index + m[0].length, word: i, exact: exact[i] !== '' && formOf(m[0]) === exact[i] });
          break;
        }
      }
    }
    return out;
  }

  /* `text` as parts [{text, mark}], the query's words marked, in the
   * text's own diacritics. */
  function highlight(text, words, prefix) {
    return split(text || '', matches(text, words, prefix), 0, (text || '').length);
  }

  function split(text, found, from, to) {
    var parts = [];
    var at = from;
    found.forEach(function (m) {
      if (m.start < from || m.end > to) return;
      if (m.start > at) parts.push({ text: text.slice(at, m.start), mark: false });
      parts.push({ text: text.slice(m.start, m.end), mark: true });
      at = m.end;
    });
    if (at < to) parts.push({ text: text.slice(at, to), mark: false });
    return parts;
  }

  /* Where the sentences of `text` start and end: after . ! ? … or ; and a
   * space, as the index splits phrases. */
  function sentences(text) {
    var out = [];
    var re = /[.!?…;]+\s+/g;
    var at = 0;
    var m;
    while ((m = re.exec(text))) {
      out.push([at, m.index + m[0].length]);
      at = m.index + m[0].length;
    }
    if (at < text.length) out.push([at, text.length]);
    return out;
  }

  /* The sentence of `text` that holds most of the query's words (those
   * side by side in the order typed count more; the first such sentence
   * wins), cut to about SNIPPET_CHARS around its first match, as parts
   * with the matches marked. Without a match, the start of the text. */
  function snippet(text, words, prefix) {
    text = text || '';
    var found = matches(text, words, prefix);
    var best = null;
    var bestScore = 0;
    sentences(text).forEach(function (s) {
      var inside = found.filter(function (m) { return m.start >= s[0] && m.end <= s[1]; });
      var distinct = new Set(inside.map(function (m) { return m.word; })).size;
      var next = 0;
      for (var i = 1; i < inside.length; i++) if (inside[i].word === inside[i - 1].word + 1) next++;
      var exact = inside.filter(function (m) { return m.exact; }).length ? 0.5 : 0;
      var score = distinct * 4 + Math.min(next, words.length) * 2 + exact;
      if (score > bestScore) {
        bestScore = score;
        best = { range: s, first: inside[0] };
      }
    });
    var from = best ? best.range[0] : 0;
    var end = best ? best.range[1] : text.length;
    if (best && best.first.end - from > SNIPPET_CHARS - 40) {
      from = text.lastIndexOf(' ', Math.max(from, best.first.start - 60)) + 1;
    }
    var to = Math.min(end, text.length);
    if (to - from > SNIPPET_CHARS) {
      to = text.lastIndexOf(' ', from + SNIPPET_CHARS);
      if (to <= from) to = from + SNIPPET_CHARS;
    }
    while (to > from && /\s/.test(text[to - 1])) to--;
    var parts = split(text, found, from, to);
    if (from > 0) parts.unshift({ text: '… ', mark: false });
    if (to < text.length) parts.push({ text: ' …', mark: false });
    return parts;
  }

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  /* A date of the index (2024-01-05, or a year) as `format_date` in
   * src/i18n.rs writes it: "ngày 05 tháng 01 năm 2024", "5 January 2024". */
  function formatDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return iso || '';
    var month = +m[2];
    if (lang === 'vi') return 'ngày ' + m[3] + ' tháng ' + (month <= 2 ? m[2] : month) + ' năm ' + m[1];
    if (lang === 'en') return +m[3] + ' ' + MONTHS[month - 1] + ' ' + m[1];
    return iso;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  /* ---- The page ---- */

  function start(doc, win) {
    var form = doc.getElementById('search-form');
    if (!form || !win.fetch || !win.Promise) return;
    var input = form.elements.q;
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    var more = doc.getElementById('search-more');
    var ds = form.dataset;
    var folder = ds.index.replace(/[^/]*$/, '');
    var loading = null;
    var current = null;
    var timer = 0;
    var asked = 0;
    /* The form is hidden in the page: without this script it cannot work. */
    form.hidden = false;

    function json(url) {
      return win.fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }

    function load() {
      if (!loading) {
        loading = json(ds.index).then(function (entry) {
          return open(entry, function (path) { return json(folder + path + '?v=' + entry.stamp); });
        });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    function el(name, className, parts) {
      var e = doc.createElement(name);
      if (className) e.className = className;
      (parts || []).forEach(function (p) {
        if (p.mark) {
          var m = doc.createElement('mark');
          m.textContent = p.text;
          e.appendChild(m);
        } else {
          e.appendChild(doc.createTextNode(p.text));
        }
      });
      return e;
    }

    function item(index, r, d, words) {
      var li = el('li', 'item search-item');
      var meta = el('p', 'item-meta');
      var bits = [el('span', '', [{ text: index.entry.kinds[d.k] }])];
      if (d.n) bits.push(el('span', 'doc-no', highlight(d.n, words, false)));
      if (d.d) {
        var time = el('time', '', [{ text: formatDate(d.d, index.entry.lang) }]);
        time.setAttribute('datetime', d.d);
        bits.push(time);
      }
      bits.forEach(function (bit, i) {
        if (i) {
          var dot = el('span', '', [{ text: ' · ' }]);
          dot.setAttribute('aria-hidden', 'true');
          meta.appendChild(dot);
        }
        meta.appendChild(bit);
      });
      li.appendChild(meta);
      var h = el('h2', 'item-title');
      var a = el('a', '', highlight(d.t, words, true));
      a.href = index.entry.base + d.u;
      if (d.l) {
        a.hreflang = d.l;
        a.lang = d.l;
      }
      h.appendChild(a);
      li.appendChild(h);
      if (d.b) {
        var p = el('p', 'snippet', snippet(d.b, words, true));
        if (d.l) p.lang = d.l;
        li.appendChild(p);
      }
      if (r.missing.length) li.appendChild(el('p', 'lang-note', [{ text: fill(ds.missing, { words: r.missing.join(', ') }) }]));
      if (d.l && index.entry.notes[d.l]) li.appendChild(el('p', 'lang-note', [{ text: index.entry.notes[d.l] }]));
      return li;
    }

    /* Shows the next PAGE results of `run` once their fragments are in;
     * `replace`: in place of the list shown, which stays until then. */
    function showMore(run, replace) {
      var batch = run.results.slice(run.shown, run.shown + PAGE);
      return Promise.all(batch.map(function (r) { return fragment(run.index, r.id); })).then(function (fragments) {
        if (current !== run) return;
        if (replace) list.textContent = '';
        fragments.forEach(function (d, i) { list.appendChild(item(run.index, batch[i], d, run.words)); });
        run.shown += batch.length;
        more.hidden = run.shown >= run.results.length;
      });
    }

    function setUrl(text) {
      var url = win.location.pathname + (text ? '?' + new win.URLSearchParams({ q: text }).toString() : '');
      win.history.replaceState(null, '', url);
    }

    function run(text) {
      var asking = ++asked;
      var trimmed = text.trim();
      setUrl(trimmed);
      if (!trimmed) {
        current = null;
        list.textContent = '';
        more.hidden = true;
        status.textContent = '';
        return;
      }
      if (!current) status.textContent = ds.loading;
      load().then(function (index) {
        return search(index, text).then(function (got) {
          if (asking !== asked) return;
          var words = parseQuery(text).words.map(function (w) { return w.w; });
          var next = { index: index, results: got.results, words: words, shown: 0 };
          current = next;
          return showMore(next, true).then(function () {
            if (current !== next) return;
            var count = got.results.length;
            var template = count === 0 ? ds.none : count === 1 ? ds.one : ds.many;
            var said = fill(template, { count: count.toLocaleString(index.entry.lang), query: trimmed });
            status.textContent = got.partial ? said + ' ' + ds.partial : said;
            status.setAttribute('data-done', text);
          });
        });
      }).catch(function () {
        if (asking === asked) status.textContent = ds.failed;
      });
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      win.clearTimeout(timer);
      run(input.value);
    });
    input.addEventListener('input', function () {
      win.clearTimeout(timer);
      timer = win.setTimeout(function () { run(input.value); }, 20);
    });
    input.addEventListener('focus', load);
    more.addEventListener('click', function () { if (current) showMore(current); });
    var q = new win.URLSearchParams(win.location.search).get('q');
    if (q) {
      input.value = q;
      run(q);
    }
  }

  return {
    fold: fold,
    exactKey: exactKey,
    tokenize: tokenize,
    numberKey: numberKey,
    pairKey: pairKey,
    parseQuery: parseQuery,
    decode: decode,
    open: open,
    search: search,
    fragment: fragment,
    highlight: highlight,
    snippet: snippet,
    formatDate: formatDate,
    fill: fill,
    start: start
  };
});
