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
  /* The same, for walking a text with exec (its lastIndex is reset). */
  var WORDS = new RegExp(WORD.source, 'gu');
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  /* Weight bits, as src/search/mod.rs writes them. */
  var IN_TITLE = 2;
  var IN_HEADING = 1;
  var SNIPPET_CHARS = 200;
  /* Words of a query searched; the rest of a pasted text is not. */
  var MAX_WORDS = 32;
  /* Results shown at once; each needs its fragment. */
  var PAGE = 10;
  /* Results a 360 × 740 screen shows: the list counts as shown with them. */
  var SCREEN = 3;
  /* How long the reader must stop typing before the rest of a page of
   * results is fetched. */
  var REST_AFTER = 300;
  /* Chunks a prefix may fetch while typing. */
  var PREFIX_CHUNKS = 2;

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
  var forms = new Map();
  function formOf(w) {
    var e = forms.get(w);
    if (e === undefined) {
      e = exactKey(w);
      if (e === fold(w)) e = '';
      forms.set(w, e);
    }
    return e;
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
    // A pasted paragraph: its first MAX_WORDS words.
    if (words.length > MAX_WORDS) {
      words.length = MAX_WORDS;
      groups = groups.filter(function (g) { return g[1] < MAX_WORDS; });
      words.forEach(function (w) { if (w.group >= groups.length) w.group = -1; });
    }
    var typing = allowPrefix !== false && /[\p{L}\p{N}\p{M}]$/u.test(text);
    var last = words[words.length - 1];
    // One or two letters without marks just typed ("k", "ng") are the
    // start of a word, too short to search: they wait for the next (and
    // are searched when the form is sent).
    var waiting = typing && !!last && last.group < 0 && last.e === '' &&
      (last.f.length === 1 || (last.f.length === 2 && !/\d/.test(last.f)));
    if (waiting) words.pop();
    last = words[words.length - 1];
    var prefix = typing && !waiting && !!last && last.f.length > 1 && last.group < 0;
    var number = numberKey(text);
    return {
      words: words,
      groups: groups,
      prefix: prefix,
      waiting: waiting,
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

  /* Where one query word (or pair) is found, by item id, in typed arrays
   * the size of the index: searching again on every keystroke must not
   * make an object per item. `seen` bits: 1 found, 2 as a whole word (not
   * only a prefix), 4 in the form typed, 8 as a run-together pair. */
  function Hits(count) {
    this.ids = [];
    this.seen = new Uint8Array(count);
    this.v = new Uint8Array(count);
    this.often = new Float32Array(count);
    this.exactV = new Uint8Array(count);
    this.exactOften = new Float32Array(count);
  }

  /* Adds the postings of term `t` to `hits`. `exactForm`, when not null,
   * is the form typed: its weights are kept apart. `full`: a whole-word
   * match; `joined`: a run-together pair. */
  function addTerm(hits, t, exactForm, full, joined) {
    var flags = 1 | (full ? 2 : 0) | (joined ? 8 : 0);
    // Decoded once per term: typing runs the search again and again.
    if (!t.decoded) t.decoded = [];
    for (var j = 1; j < t.length; j += 2) {
      var isExact = exactForm !== null && t[j] === exactForm;
      var p = t.decoded[j] || (t.decoded[j] = decode(t[j + 1]));
      var ids = p[0];
      var weights = p[1];
      for (var k = 0; k < ids.length; k++) {
        var id = ids[k];
        var v = weights[k];
        if (id >= hits.seen.length) continue;
        if (!hits.seen[id]) hits.ids.push(id);
        hits.seen[id] |= flags | (isExact ? 4 : 0);
        if (full) {
          hits.v[id] |= v & 3;
          if (v >> 2 > hits.often[id]) hits.often[id] = v >> 2;
        } else if ((v >> 2) / 2 > hits.often[id]) {
          hits.often[id] = (v >> 2) / 2;
        }
        if (isExact) {
          hits.exactV[id] |= v & 3;
          if (v >> 2 > hits.exactOften[id]) hits.exactOften[id] = v >> 2;
        }
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
    if (!words.length) return Promise.resolve({ results: [], partial: false, waiting: q.waiting });
    return lookups(index, q).then(function (chunks) {
      return rank(index, q, chunks);
    });
  }

  function rank(index, q, chunks) {
    var words = q.words;
    var n = words.length;
    var count = index.entry.count;
    // A query typed with diacritics means every word as typed: "Mường
    // So" wants "So", not "sơ". Without any, every form is as good.
    var typedExactly = words.some(function (w) { return w.e !== ''; });
    var hits = words.map(function (word, i) {
      var h = new Hits(count);
      var t = find(chunks, word.f);
      if (t) addTerm(h, t, typedExactly ? word.e : null, true, false);
      // The word typed as two run together ("buacom"): not where one of
      // the two would be a single character ("11" is not "1 1").
      var length = Array.from(word.f).length;
      startingWith(chunks, word.f + ' ').forEach(function (pair) {
        var split = +pair[0].slice(word.f.length + 1);
        if (split > 1 && length - split > 1) addTerm(h, pair, null, true, true);
      });
      if (q.prefix && i === n - 1) {
        startingWith(chunks, word.f).forEach(function (other) {
          var key = other[0];
          if (key !== word.f && key.indexOf(' ') < 0) addTerm(h, other, null, false, false);
        });
      }
      return h;
    });
    var pairs = [];
    for (var i = 1; i < n; i++) {
      var ph = new Hits(count);
      var pt = find(chunks, pairKey(words[i - 1].f, words[i].f));
      if (pt) addTerm(ph, pt, null, true, false);
      pairs.push(ph);
    }
    var idf = hits.map(function (h) {
      return Math.log(1 + (count - h.ids.length + 0.5) / (h.ids.length + 0.5));
    });
    var numbered = new Uint8Array(count);
    var candidates = [];
    var listed = new Uint8Array(count);
    function consider(id) {
      if (!listed[id]) {
        listed[id] = 1;
        candidates.push(id);
      }
    }
    if (q.number) {
      var nt = find(chunks, q.number);
      if (nt) decode(nt[2])[0].forEach(function (id) { if (id < count) { numbered[id] = 1; consider(id); } });
    }
    hits.forEach(function (h) { h.ids.forEach(consider); });
    // Which words item `id` has, into `found`, and how many: a quoted part
    // counts only with all its words side by side.
    var found = new Array(n);
    function wordsOf(id) {
      var cover = 0;
      for (var w = 0; w < n; w++) found[w] = hits[w].seen[id] !== 0;
      for (var g = 0; g < q.groups.length; g++) {
        var from = q.groups[g][0];
        var to = q.groups[g][1];
        var whole = true;
        for (var x = from; x <= to; x++) if (!found[x] || (x > from && !pairs[x - 1].seen[id])) whole = false;
        if (!whole) for (x = from; x <= to; x++) found[x] = false;
      }
      for (w = 0; w < n; w++) if (found[w]) cover++;
      return cover;
    }
    // First how many words each item has, then results for those listed.
    var covers = new Uint8Array(count);
    var fullCount = 0;
    for (var c = 0; c < candidates.length; c++) {
      var id = candidates[c];
      covers[id] = wordsOf(id);
      if (covers[id] === n || numbered[id]) fullCount++;
    }
    var partial = fullCount === 0;
    // A short list of items with every word of three or more is followed
    // by those lacking one.
    var least = partial ? 1 : n >= 3 && fullCount < PAGE ? n - 1 : n;
    var results = [];
    for (c = 0; c < candidates.length; c++) {
      id = candidates[c];
      if (covers[id] < least && !numbered[id]) continue;
      wordsOf(id);
      var r = { id: id, number: numbered[id], cover: covers[id], missing: [], exact: 0, phrase: 0, title: 0, score: 0 };
      for (var w = 0; w < n; w++) {
        var h = hits[w];
        if (!found[w]) {
          r.missing.push(words[w].w);
          continue;
        }
        var seen = h.seen[id];
        if (seen & 4) r.exact++;
        // Two words run together ("buacom") find "bữa cơm" but rank it no
        // higher than the word itself would be.
        // Typed exactly, the exact form's places count in full and the
        // other forms' a little.
        var v = typedExactly ? h.exactV[id] : h.v[id];
        var often = typedExactly ? h.exactOften[id] + h.often[id] / 4 : h.often[id];
        if (v & IN_TITLE) r.title++;
        r.score += idf[w] * ((often / 7) * 2.2 + (v & IN_TITLE ? 3 : 0) + (v & IN_HEADING ? 1 : 0));
        if (w > 0 && found[w - 1] && pairs[w - 1].seen[id]) r.phrase += pairWeight(pairs[w - 1].v[id]);
      }
      results.push(r);
    }
    results.sort(function (a, b) {
      return (b.number - a.number) || (b.cover - a.cover) || (b.exact - a.exact) || (b.phrase - a.phrase) ||
        (b.title - a.title) || (b.score - a.score) || (b.id - a.id);
    });
    return { results: results, partial: partial && results.length > 0 };
  }

  /* Which words of `text` match the query words: folded equal, or for the
   * last query word with `prefix`, folded start. Returns
   * [{start, end, word, exact}], `word` the query word's place. */
  function matches(text, words, prefix) {
    text = text || '';
    var folded = words.map(fold);
    var exact = words.map(formOf);
    var last = words.length - 1;
    var out = [];
    var f = foldedText(text);
    if (f.length !== text.length) return matchTokens(text, folded, exact, prefix);
    // The folded text lines up with the text (one folded character per
    // character, as for Vietnamese and other Latin text): find the words
    // with indexOf, natively, instead of walking every word.
    var taken = new Uint8Array(text.length);
    for (var i = 0; i < folded.length; i++) {
      var w = folded[i];
      if (!w) continue;
      for (var at = f.indexOf(w); at >= 0; at = f.indexOf(w, at + 1)) {
        var end = at + w.length;
        if (at > 0 && isWordChar(f[at - 1])) continue;
        var whole = end >= f.length || !isWordChar(f[end]);
        if (!whole && !(prefix && i === last && w.length > 1)) continue;
        while (end < f.length && isWordChar(f[end])) end++;
        if (taken[at]) continue;
        taken[at] = 1;
        var word = text.slice(at, end);
        out.push({ start: at, end: end, word: i, exact: exact[i] !== '' && formOf(word) === exact[i] });
      }
    }
    return out.sort(function (a, b) { return a.start - b.start; });
  }

  var WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
  function isWordChar(c) {
    return c < '\x80' ? /[0-9A-Za-z]/.test(c) : WORD_CHAR.test(c);
  }

  /* `text` folded, remembered for the texts shown. */
  var foldedTexts = new Map();
  function foldedText(text) {
    var f = foldedTexts.get(text);
    if (f === undefined) {
      f = fold(text);
      if (foldedTexts.size > 200) foldedTexts.clear();
      foldedTexts.set(text, f);
    }
    return f;
  }

  /* `matches` word by word, for texts whose folded form does not line up. */
  function matchTokens(text, folded, exact, prefix) {
    var last = folded.length - 1;
    var out = [];
    var t = tokens(text);
    for (var k = 0; k < t.folded.length; k++) {
      var f = t.folded[k];
      for (var i = 0; i < folded.length; i++) {
        if (f === folded[i] || (prefix && i === last && folded[i].length > 1 && f.indexOf(folded[i]) === 0)) {
          var word = text.slice(t.starts[k], t.ends[k]);
          out.push({ start: t.starts[k], end: t.ends[k], word: i, exact: exact[i] !== '' && formOf(word) === exact[i] });
          break;
        }
      }
    }
    return out;
  }

  /* The words of `text`, where they start and end, folded: remembered
   * for the last texts shown, which every keystroke shows again. */
  var tokenized = new Map();
  function tokens(text) {
    var t = tokenized.get(text);
    if (t) return t;
    t = { starts: [], ends: [], folded: [] };
    var re = WORDS;
    re.lastIndex = 0;
    var m;
    while ((m = re.exec(text))) {
      t.starts.push(m.index);
      t.ends.push(m.index + m[0].length);
      t.folded.push(foldWord(m[0]));
    }
    if (tokenized.size > 200) tokenized.clear();
    tokenized.set(text, t);
    return t;
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

  /* 1234 as the pages write numbers: "1.234" in Vietnamese, "1,234" in
   * English. Not toLocaleString: its first call loads the browser's number
   * tables, a fifth of a second on a slow phone. */
  function formatCount(n, lang) {
    var sep = lang === 'vi' ? '.' : lang === 'en' ? ',' : '';
    return String(n).replace(/\B(?=(\d{3})+$)/g, sep);
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
          // The first fold loads the browser's Unicode tables: not while
          // the reader waits for a result.
          parseQuery('Đảng hòa');
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

    /* Shows the next PAGE results of `run`, each as soon as it and those
     * before it are in; `replace`: in place of the list shown, which stays
     * until then. A screenful (SCREEN) is fetched first and the rest only
     * when no other search came for REST_AFTER ms, so that typing does not
     * fetch ten fragments a keystroke. Resolves when the screenful is
     * shown. */
    function showMore(run, replace) {
      var batch = run.results.slice(run.shown, run.shown + PAGE);
      var shown = 0;
      var got = [];
      var screen = Math.min(SCREEN, batch.length);
      run.shown += batch.length;
      more.hidden = true;
      function fetchItems(from, to, done) {
        batch.slice(from, to).forEach(function (r, k) {
          function arrived(d) {
            if (current !== run) return done();
            got[from + k] = d;
            // In order; a fragment that failed to come (null) is skipped.
            for (; shown < batch.length && got[shown] !== undefined; shown++) {
              if (replace && shown === 0) list.textContent = '';
              if (got[shown]) list.appendChild(item(run.index, batch[shown], got[shown], run.words));
              if (shown + 1 === screen) done();
            }
            if (shown === batch.length) more.hidden = run.shown >= run.results.length;
          }
          fragment(run.index, r.id).then(arrived, function () { arrived(null); });
        });
      }
      return new Promise(function (resolve) {
        if (!batch.length) {
          if (replace) list.textContent = '';
          return resolve();
        }
        var once = false;
        fetchItems(0, screen, function () {
          if (once) return;
          once = true;
          resolve();
          win.setTimeout(function () {
            if (current === run) fetchItems(screen, batch.length, function () {});
          }, replace ? REST_AFTER : 0);
        });
      });
    }

    function setUrl(text) {
      var url = win.location.pathname + (text ? '?' + new win.URLSearchParams({ q: text }).toString() : '');
      win.history.replaceState(null, '', url);
    }

    /* Searches `text`; `sent`: the form was sent, the last word is whole.
     * When the list is shown, the status says in `data-done` for which
     * text and in `data-ms` how long after `since` (the keystroke). */
    function run(text, sent, since) {
      var asking = ++asked;
      var trimmed = text.trim();
      if (!trimmed) {
        setUrl('');
        current = null;
        list.textContent = '';
        more.hidden = true;
        status.textContent = '';
        return;
      }
      if (!current) status.textContent = ds.loading;
      load().then(function (index) {
        return search(index, text, { prefix: !sent }).then(function (got) {
          // A first letter alone: the list shown stays until the next.
          if (asking !== asked || got.waiting) return;
          var words = parseQuery(text).words.map(function (w) { return w.w; });
          var next = { index: index, results: got.results, words: words, shown: 0 };
          current = next;
          return showMore(next, true).then(function () {
            if (current !== next) return;
            var count = got.results.length;
            var template = count === 0 ? ds.none : count === 1 ? ds.one : ds.many;
            var said = fill(template, { count: formatCount(count, index.entry.lang), query: trimmed });
            status.textContent = got.partial ? said + ' ' + ds.partial : said;
            setUrl(trimmed);
            status.setAttribute('data-ms', Math.round(now() - since));
            status.setAttribute('data-done', text);
          });
        });
      }).catch(function () {
        if (asking === asked) status.textContent = ds.failed;
      });
    }

    function now() {
      return win.performance ? win.performance.now() : Date.now();
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      win.clearTimeout(timer);
      run(input.value, true, now());
    });
    input.addEventListener('input', function () {
      var since = now();
      win.clearTimeout(timer);
      timer = win.setTimeout(function () { run(input.value, false, since); }, 0);
    });
    input.addEventListener('focus', load);
    more.addEventListener('click', function () { if (current) showMore(current); });
    var q = new win.URLSearchParams(win.location.search).get('q');
    // A shared link's words are whole.
    if (q) {
      input.value = q;
      run(q, true, now());
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
    formatCount: formatCount,
    fill: fill,
    start: start
  };
});
