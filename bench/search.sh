#!/usr/bin/env bash
# Search measured in Chromium, danvan beside Pagefind (see bench/README.md):
#
#   bash bench/search.sh                 2,000 and 20,000 items per language
#   bash bench/search.sh --quick         2,000 only
#   bash bench/search.sh --work DIR      where corpora and results go (default /tmp/danvan-bench-search)
#
# 1. Quality: the query set (tests/search/queries.json) on the query-set
#    site (tests/search/site.mjs): danvan's search page; Pagefind on the
#    same HTML; Pagefind on a copy with every text folded (marks dropped,
#    đ → d) and folded queries, as the `pagefind` crate fed with danvan's
#    fold would be. MRR, first and top-3 counts.
# 2. Speed and size: bench/gen_corpus.py with N documents and N stories
#    (each in two languages, so N + N items per language); the bytes of
#    the first search and the time to results with the CPU slowed 4×,
#    each query typed a character at a time (bench/search.mjs), for
#    danvan and for Pagefind's own index of the same site; index sizes.
#
# Installs pagefind from npm into the work folder, and the quality suite's
# node modules (Playwright) when missing. Needs Debian's chromium.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=/tmp/danvan-bench-search
QUICK=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --work) WORK=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
[ -d "$ROOT/tests/quality/node_modules/playwright-core" ] || (cd "$ROOT/tests/quality" && npm ci --no-audit --no-fund)
if [ ! -x "$WORK/npm/node_modules/.bin/pagefind" ]; then
  mkdir -p "$WORK/npm"
  (cd "$WORK/npm" && npm init -y >/dev/null && npm install --no-audit --no-fund pagefind@1.6.0 >/dev/null)
fi
PAGEFIND="$WORK/npm/node_modules/.bin/pagefind"
(cd "$ROOT" && cargo build --release --quiet)
DANVAN="$ROOT/target/release/danvan"
export DANVAN_BIN="$DANVAN"

serve() { # DIR NAME: serves DIR, sets $NAME to its base URL. nginx with
  # gzip_static (danvan's .gz twins) as a real host would, else serve.py.
  local port dir
  port=$(python3 "$ROOT/tests/quality/serve.py" --free-port)
  dir=$(cd "$1" && pwd)
  if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    local conf="$WORK/nginx-$port"
    mkdir -p "$conf/tmp"
    cat >"$conf/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $conf/nginx.pid;
error_log $conf/error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  gzip on; gzip_types application/json text/css application/javascript text/javascript; gzip_min_length 256;
  client_body_temp_path $conf/tmp; proxy_temp_path $conf/tmp; fastcgi_temp_path $conf/tmp; uwsgi_temp_path $conf/tmp; scgi_temp_path $conf/tmp;
  server { listen 127.0.0.1:$port; root $dir; index index.html; gzip_static on; }
}
CONF
    chmod -R a+rX "$dir"
    PATH="$PATH:/usr/sbin" nginx -c "$conf/nginx.conf" -p "$conf" &
  else
    python3 "$ROOT/tests/quality/serve.py" "$dir" "$port" >/dev/null 2>&1 &
  fi
  PIDS+=($!)
  for _ in $(seq 1 50); do
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/" 2>/dev/null && break
    sleep 0.1
  done
  printf -v "$2" '%s' "http://127.0.0.1:$port"
}

# The page bench/search.mjs drives for Pagefind: a box, a status, a list,
# the first ten results' data loaded as Pagefind's own UI does.
harness() { # DIR
  cat >"$1/pagefind-bench.html" <<'EOF'
<!doctype html><html lang="vi"><meta charset="utf-8"><title>Pagefind</title>
<input id="search-q"><p id="search-status"></p><ol id="search-results"></ol>
<script type="module">
document.documentElement.lang = new URLSearchParams(location.search).get('lang') || 'vi';
const pf = await import('/pagefind/pagefind.js');
await pf.init();
window.ranks = async (q) => {
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return data.map((d) => new URL(d.url, location.href).pathname);
};
let asked = 0;
const input = document.getElementById('search-q');
input.addEventListener('input', async () => {
  const mine = ++asked;
  const text = input.value;
  const since = performance.now();
  const urls = await window.ranks(text);
  if (mine !== asked) return;
  document.getElementById('search-results').innerHTML = urls.map((u) => `<li><a href="${u}">${u}</a></li>`).join('');
  const status = document.getElementById('search-status');
  status.dataset.ms = Math.round(performance.now() - since);
  status.dataset.done = text;
});
window.pagefindReady = true;
</script>
EOF
}

fold_site() { # FROM TO: every HTML file's text folded
  rm -rf "$2"
  cp -r "$1" "$2"
  python3 - "$2" <<'EOF'
import pathlib, sys, unicodedata
for p in pathlib.Path(sys.argv[1]).rglob('*.html'):
    t = unicodedata.normalize('NFD', p.read_text('utf-8'))
    t = ''.join(c for c in t if not unicodedata.combining(c)).replace('đ', 'd').replace('Đ', 'D')
    p.write_text(t, 'utf-8')
EOF
}

section() { echo; echo "== $*"; }

section "quality: the query set (tests/search/queries.json)"
Q="$WORK/query-site"
node "$ROOT/tests/search/site.mjs" "$Q"
rm -rf "$Q/pagefind"
"$PAGEFIND" --site "$Q" --quiet
fold_site "$Q" "$Q-folded"
rm -rf "$Q-folded/pagefind"
"$PAGEFIND" --site "$Q-folded" --quiet
harness "$Q"
harness "$Q-folded"
serve "$Q" QBASE
serve "$Q-folded" FBASE
node "$HERE/search.mjs" quality "$QBASE" "$QBASE" "$FBASE" | tee "$WORK/quality.txt"

SIZES=(1000)
[ "$QUICK" = 1 ] || SIZES+=(10000)
for n in "${SIZES[@]}"; do
  section "speed and size: $n documents and $n stories per language"
  C="$WORK/corpus-$n"
  [ -d "$C/content" ] || python3 "$HERE/gen_corpus.py" --docs "$n" --stories "$n" --out "$C" >/dev/null
  rm -rf "$C/public"
  /usr/bin/time -f "danvan build: %e s, %M KB" "$DANVAN" build --site "$C" --output "$C/public" 2>&1 | tail -1
  /usr/bin/time -f "pagefind index: %e s, %M KB" "$PAGEFIND" --site "$C/public" --quiet 2>&1 | tail -1
  harness "$C/public"
  for dir in search pagefind; do
    files=$(find "$C/public/$dir" -type f ! -name '*.gz' ! -name '*.html' ! -name '*.png' | wc -l)
    bytes=$(find "$C/public/$dir" -type f ! -name '*.gz' ! -name '*.html' ! -name '*.png' -printf '%s\n' | awk '{s+=$1} END {print s}')
    echo "$dir/ (Vietnamese): $files files, $((bytes / 1024)) KB"
  done
  echo "entry file: $(gzip -9c "$C/public/search/index.json" | wc -c) bytes gzipped"
  node "$HERE/search.mjs" sizes "$C/public" | tee "$WORK/sizes-$n.txt"
  serve "$C/public" base
  node "$HERE/search.mjs" speed "$base" "$C/public" | tee "$WORK/speed-danvan-$n.txt"
  node "$HERE/search.mjs" speed "$base" "$C/public" --pagefind | tee "$WORK/speed-pagefind-$n.txt"
done
