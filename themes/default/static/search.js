/* danvan search page. Loaded only on the search page; the index of the
 * page's language and the MiniSearch library are fetched on first use (the
 * search box gets focus, or the page opens with ?q=...).
 *
 * Folding is the same as `fold` in src/i18n.rs: NFD, drop combining marks,
 * đ/Đ → d, lower case one character at a time. Both are tested against
 * tests/fold_cases.json. A query typed with diacritics ranks exact matches
 * first ("Đảng" before "đang" and "dạng"), comparing words with their tone
 * mark moved to the end so that "hoà" and "hòa" are the same word. A query
 * that is a document number ("04/KH-LDLD") puts that document first.
 *
 * The core (fold, exactKey, tokenize, build, search, highlight, snippet)
 * uses no DOM: tests/search/search.test.mjs runs it in Node. */
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
  var FIELDS = ['t', 'n', 'h', 'b', 'x'];
  /* Title and number over headings over body. */
  var BOOST = { t: 6, n: 6, h: 3, b: 1, x: 1 };
  var SNIPPET_CHARS = 180;

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

  /* A word as typed, lower case, with its tone mark moved to the end:
   * "Hòa" and "hoà" give the same key, "Đảng" and "đang" do not. */
  function exactKey(s) {
    var d = s.normalize('NFD');
    var tones = (d.match(TONES) || []).sort().join('');
    return lower(d.replace(TONES, '')) + tones;
  }

  /* True when a word carries marks or đ: only then is "exact" meaningful. */
  function marked(s) {
    return exactKey(s) !== fold(s);
  }

  function tokenize(text) {
    return text ? text.match(WORD) || [] : [];
  }

  /* fold and exactKey of single words, remembered: a site has a few
   * thousand distinct words and indexing meets each of them many times. */
  var folds = new Map();
  var exacts = new Map();
  function foldWord(w) {
    var f = folds.get(w);
    if (f === undefined) folds.set(w, (f = fold(w)));
    return f;
  }
  function exactWord(w) {
    var e = exacts.get(w);
    if (e === undefined) exacts.set(w, (e = marked(w) ? exactKey(w) : null));
    return e;
  }

  /* A text as its folded words, one space apart, for phrase matching. */
  function foldedWords(text) {
    return ' ' + tokenize(text).map(foldWord).join(' ') + ' ';
  }

  /* "04/KH-LĐLĐ", "04 kh ldld" → "04khldld". */
  function numberKey(s) {
    return tokenize(fold(s)).join('');
  }

  /* An empty in-memory index for a language's index.json; `build` fills
   * it at once, the page bit by bit (`addAllAsync`) to stay responsive. */
  function create(data, MiniSearch) {
    var docs = data.docs;
    var numbers = {};
    for (var i = 0; i < docs.length; i++) {
      docs[i].i = i;
      if (docs[i].n) {
        var key = numberKey(docs[i].n);
        (numbers[key] = numbers[key] || []).push(i);
      }
    }
    var ms = new MiniSearch({
      idField: 'i',
      fields: FIELDS.concat(['e']),
      extractField: function (doc, field) {
        if (field === 'i') return doc.i;
        if (field === 'e') return [doc.t, doc.n, doc.h, doc.b, doc.x].join('\n');
        return doc[field];
      },
      tokenize: tokenize,
      /* Every field is indexed folded; `e` holds the exact form of the
       * words that have marks, for ranking exact matches first. */
      processTerm: function (term, field) {
        return field === 'e' ? exactWord(term) : foldWord(term);
      }
    });
    return { data: data, ms: ms, numbers: numbers };
  }

  function build(data, MiniSearch) {
    var index = create(data, MiniSearch);
    index.ms.addAll(data.docs);
    return index;
  }

  function query(words, combineWith, prefix) {
    var last = words.length - 1;
    return {
      combineWith: combineWith,
      queries: words.map(function (w, i) {
        var folded = {
          queries: [w],
          fields: FIELDS,
          boost: BOOST,
          processTerm: fold,
          prefix: prefix && i === last && fold(w).length > 1
        };
        if (!marked(w)) return folded;
        return {
          combineWith: 'OR',
          queries: [folded, { queries: [w], fields: ['e'], boost: { e: 2 }, processTerm: exactKey }]
        };
      })
    };
  }

  /* How well a result holds the query as a phrase, its words in a row:
   * 2 in the title, 1 elsewhere, else 0. */
  function phrase(doc, folded, prefix) {
    var p = ' ' + folded.join(' ') + (prefix ? '' : ' ');
    if (!doc.ft) {
      doc.ft = foldedWords(doc.t);
      doc.fb = [doc.n, doc.h, doc.b, doc.x].map(foldedWords).join('');
    }
    return doc.ft.indexOf(p) >= 0 ? 2 : doc.fb.indexOf(p) >= 0 ? 1 : 0;
  }

  /* Results for `text`, best first: the document whose number was typed;
   * then those matching more of the marked words exactly ("Đảng" before
   * "đang"); then those holding the words in a row, in the title first;
   * then by MiniSearch's score (BM25, title and number over headings over
   * body). Every word must match; when no item has them all, any word
   * will do (`partial`), and items with more of the words come first. `prefix` lets the last word match the start of a
   * word, for searching while typing. */
  function search(index, text, options) {
    var prefix = !options || options.prefix !== false;
    var words = tokenize(text.normalize('NFC'));
    if (!words.length) return { results: [], partial: false };
    var found = index.ms.search(query(words, 'AND', prefix));
    var partial = false;
    if (!found.length && words.length > 1) {
      found = index.ms.search(query(words, 'OR', prefix));
      partial = found.length > 0;
    }
    var exact = words.filter(marked).map(exactKey);
    var folded = words.map(fold);
    var key = numberKey(text);
    var pinned = key.length > 2 && /\d/.test(key) ? index.numbers[key] || [] : [];
    var byId = {};
    function result(id, score) {
      return (byId[id] = { id: id, doc: index.data.docs[id], score: score, number: false, cover: 0, exact: 0, phrase: 0 });
    }
    var results = found.map(function (r) {
      var res = result(r.id, r.score);
      exact.forEach(function (k) {
        if (r.match[k] && r.match[k].indexOf('e') >= 0) res.exact++;
      });
      // With `partial`, the words this item has, in the order typed.
      var has = folded.filter(function (f, i) {
        return !partial || r.queryTerms.indexOf(f) >= 0 || r.queryTerms.indexOf(exactKey(words[i])) >= 0;
      });
      res.cover = has.length;
      if (has.length > 1) res.phrase = phrase(res.doc, has, prefix && has[has.length - 1] === folded[folded.length - 1]);
      return res;
    });
    pinned.forEach(function (id) {
      if (!byId[id]) results.push(result(id, 0));
      byId[id].number = true;
    });
    results.sort(function (a, b) {
      return (b.number - a.number) || (b.cover - a.cover) || (b.exact - a.exact) || (b.phrase - a.phrase) ||
        (b.score - a.score) || (a.id - b.id);
    });
    return { results: results, partial: partial };
  }

  /* Which words of `text` match the query: folded equal, or for the last
   * query word with `prefix`, folded start. Returns [{start, end, exact}]. */
  function matches(text, words, prefix) {
    var folded = words.map(fold);
    var exact = words.map(function (w) { return marked(w) ? exactKey(w) : null; });
    var last = words.length - 1;
    var out = [];
    var re = new RegExp(WORD.source, 'gu');
    var m;
    while ((m = re.exec(text || ''))) {
      var f = foldWord(m[0]);
      for (var i = 0; i < folded.length; i++) {
        if (f === folded[i] || (prefix && i === last && folded[i].length > 1 && f.indexOf(folded[i]) === 0)) {
          out.push({ start: m.index, end: m.index + m[0].length, exact: exact[i] !== null && exactWord(m[0]) === exact[i] });
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

  /* About SNIPPET_CHARS of `text` around its first exact match (else its
   * first match, else its start), as parts with the matches marked. */
  function snippet(text, words, prefix) {
    text = text || '';
    var found = matches(text, words, prefix);
    var first = found.filter(function (m) { return m.exact; })[0] || found[0];
    var from = 0;
    if (first && first.end > SNIPPET_CHARS - 20) {
      from = text.lastIndexOf(' ', Math.max(0, first.start - 50)) + 1;
    }
    var to = text.length;
    if (to - from > SNIPPET_CHARS) {
      to = text.lastIndexOf(' ', from + SNIPPET_CHARS);
      if (to <= from) to = from + SNIPPET_CHARS;
    }
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

  var PAGE = 50;

  function start(doc, win) {
    var form = doc.getElementById('search-form');
    if (!form || !win.fetch || !win.Promise) return;
    var input = form.elements.q;
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    var more = doc.getElementById('search-more');
    var ds = form.dataset;
    var loading = null;
    var current = null;
    var shown = 0;
    var timer = 0;
    /* The form is hidden in the page: without this script it cannot work. */
    form.hidden = false;

    function loadScript(src) {
      return new Promise(function (resolve, reject) {
        if (win.MiniSearch) return resolve();
        var s = doc.createElement('script');
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = reject;
        doc.head.appendChild(s);
      });
    }

    function load() {
      if (!loading) {
        loading = Promise.all([
          loadScript(ds.library),
          win.fetch(ds.index).then(function (r) {
            if (!r.ok) throw new Error(r.status);
            return r.json();
          })
        ]).then(function (got) {
          var index = create(got[1], win.MiniSearch);
          return index.ms.addAllAsync(got[1].docs, { chunkSize: 200 }).then(function () {
            return index;
          });
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

    function item(index, r, words) {
      var d = r.doc;
      var li = el('li', 'item search-item');
      var meta = el('p', 'item-meta');
      var bits = [el('span', '', [{ text: index.data.kinds[d.k] }])];
      if (d.n) bits.push(el('span', 'doc-no', highlight(d.n, words, false)));
      if (d.d) {
        var time = el('time', '', [{ text: formatDate(d.d, index.data.lang) }]);
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
      a.href = index.data.base + d.u;
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
      if (d.l && index.data.notes[d.l]) li.appendChild(el('p', 'lang-note', [{ text: index.data.notes[d.l] }]));
      return li;
    }

    function showMore() {
      var index = current.index;
      var end = Math.min(current.results.length, shown + PAGE);
      for (; shown < end; shown++) list.appendChild(item(index, current.results[shown], current.words));
      more.hidden = shown >= current.results.length;
    }

    function setUrl(text) {
      var url = win.location.pathname + (text ? '?' + new win.URLSearchParams({ q: text }).toString() : '');
      win.history.replaceState(null, '', url);
    }

    function clear() {
      list.textContent = '';
      more.hidden = true;
      shown = 0;
    }

    function run(text) {
      text = text.trim();
      setUrl(text);
      if (!text) {
        clear();
        status.textContent = '';
        return;
      }
      if (!current) status.textContent = ds.loading;
      load().then(function (index) {
        if (input.value.trim() !== text) return;
        var got = search(index, text);
        current = { index: index, results: got.results, words: tokenize(text.normalize('NFC')) };
        var count = got.results.length;
        var template = count === 0 ? ds.none : count === 1 ? ds.one : ds.many;
        var said = fill(template, { count: count.toLocaleString(index.data.lang), query: text });
        status.textContent = got.partial ? said + ' ' + ds.partial : said;
        clear();
        showMore();
      }, function () {
        status.textContent = ds.failed;
      });
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      win.clearTimeout(timer);
      run(input.value);
    });
    input.addEventListener('input', function () {
      win.clearTimeout(timer);
      timer = win.setTimeout(function () { run(input.value); }, 250);
    });
    input.addEventListener('focus', load);
    more.addEventListener('click', showMore);
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
    create: create,
    build: build,
    search: search,
    highlight: highlight,
    snippet: snippet,
    formatDate: formatDate,
    fill: fill,
    start: start
  };
});
