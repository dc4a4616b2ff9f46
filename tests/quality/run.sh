#!/usr/bin/env bash
# The quality suite: builds the sample site and checks it with the real
# tools a reader's browser and a validator would use.
#
#   tests/quality/run.sh
#
# Installs what is missing (Debian: chromium, java, xmllint, poppler-utils; npm: the
# versions pinned in package-lock.json; PyPI: feedparser in .venv), builds
# danvan and the sample site, serves it on 127.0.0.1 and runs:
#   - the Nu Html Checker on every page and the stylesheet
#   - layout at 360 px with JavaScript off on every page (no sideways
#     scrolling, lang, line heights, no clipped text, no web fonts)
#   - axe-core in Chromium on the key pages, both languages, light and dark;
#     on each, the keyboard: skip link first, visible focus, landmarks
#   - the story with photos at 360 px: at most 400 KB on first view, the
#     first photo eager and the others lazy, no layout shift
#   - screenshots (360x740, 1280x800, dark, A4 print) into screenshots/
#   - the plan printed to an A4 PDF (pdfinfo, pdftotext): more than one
#     page, no number on the first, the page number atop every other
#   - Lighthouse (mobile) on the home page, the plan page and the plan's
#     dashboard: every category at least 95
#   - xmllint on the sitemap and the feeds, feedparser on the feeds
# Ends with `quality: N passed, M failed`; exits 1 when anything failed.
# Non-interactive: works with CI=true and no stdin.

set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHOTS="$HERE/screenshots"
REPORTS="$HERE/reports"
export DEBIAN_FRONTEND=noninteractive
export CHROME_PATH=/usr/bin/chromium
export NO_COLOR=1
exec </dev/null

WORK=$(mktemp -d "${TMPDIR:-/tmp}/danvan-quality.XXXXXX")
export QUALITY_RESULTS="$WORK/results.tsv"
: >"$QUALITY_RESULTS"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

record() { # pass|fail|skip NAME [DETAIL]
  printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$QUALITY_RESULTS"
  case $1 in
    pass) echo "  ok   $2${3:+ — $3}" ;;
    fail) echo "  FAIL $2${3:+ — $3}" ;;
    skip) echo "  skip $2${3:+ — $3}" ;;
  esac
}
# counted but not printed: for checks that report per file and print a total
record_quiet() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$QUALITY_RESULTS"; }
section() { echo; echo "== $*"; }
summary() {
  local passed failed skipped
  passed=$(grep -c '^pass' "$QUALITY_RESULTS")
  failed=$(grep -c '^fail' "$QUALITY_RESULTS")
  skipped=$(grep -c '^skip' "$QUALITY_RESULTS")
  section "summary"
  grep '^pass.lighthouse' "$QUALITY_RESULTS" | cut -f2,3 | sed 's/\t/: /; s/^/  /'
  if [ "$skipped" -gt 0 ]; then
    echo "  skipped (not in this build yet):"
    grep '^skip' "$QUALITY_RESULTS" | cut -f2 | sed 's/^/    /'
  fi
  if [ "$failed" -gt 0 ]; then
    echo "  failed:"
    grep '^fail' "$QUALITY_RESULTS" | cut -f2,3 | sed 's/\t/: /; s/^/    /' | cut -c1-400
  fi
  echo "quality: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# A step that cannot go on: count it, print the summary, stop.
abort() {
  record fail "$1" "${2:-}"
  summary
  exit 1
}

# Registries have bad moments (a stale index for a minute): try three times.
retry() { "$@" || { sleep 5; "$@"; } || { sleep 15; "$@"; }; }

# --- tools -------------------------------------------------------------------
section "tools"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
command -v java >/dev/null || apt_missing+=(default-jre-headless)
command -v xmllint >/dev/null || apt_missing+=(libxml2-utils)
command -v pdftotext >/dev/null || apt_missing+=(poppler-utils)
command -v node >/dev/null || apt_missing+=(nodejs)
command -v npm >/dev/null || apt_missing+=(npm)
python3 -c 'import ensurepip, venv' 2>/dev/null || apt_missing+=(python3-venv)
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "  installing from Debian: ${apt_missing[*]}"
  retry $SUDO apt-get update -qq >/dev/null || abort "apt-get update"
  retry $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null \
    || abort "apt-get install ${apt_missing[*]}"
fi

# npm packages, pinned by package-lock.json; reinstalled only when it changes.
# --ignore-scripts: vnu-jar's postinstall would try to download a Java.
lock_sum=$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$HERE/node_modules/.danvan-lock" 2>/dev/null)" != "$lock_sum" ]; then
  echo "  installing npm packages (package-lock.json)"
  (cd "$HERE" && retry npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || abort "npm ci"
  echo "$lock_sum" >"$HERE/node_modules/.danvan-lock"
fi

# feedparser in a venv, pinned by requirements.txt.
req_sum=$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$HERE/.venv/.danvan-req" 2>/dev/null)" != "$req_sum" ]; then
  echo "  installing feedparser into tests/quality/.venv"
  rm -rf "$HERE/.venv"
  python3 -m venv "$HERE/.venv" || abort "python3 -m venv"
  retry "$HERE/.venv/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt" || abort "pip install feedparser"
  echo "$req_sum" >"$HERE/.venv/.danvan-req"
fi
VNU="$HERE/node_modules/vnu-jar/build/dist/vnu.jar"
echo "  $(/usr/bin/chromium --version 2>/dev/null | head -1)"
echo "  java $(java -version 2>&1 | head -1 | cut -d'"' -f2), node $(node --version), $(xmllint --version 2>&1 | head -1)"
echo "  vnu $(java -jar "$VNU" --version | head -c 40), lighthouse $(node -p "require('$HERE/node_modules/lighthouse/package.json').version"), axe-core $(node -p "require('$HERE/node_modules/axe-core/package.json').version"), playwright-core $(node -p "require('$HERE/node_modules/playwright-core/package.json').version"), feedparser $("$HERE/.venv/bin/python" -c 'import feedparser; print(feedparser.__version__)')"

# --- build and serve -----------------------------------------------------------
section "build"
PORT=$(python3 "$HERE/serve.py" --free-port) || abort "find a free port"
BASE="http://127.0.0.1:$PORT"
SITE="$WORK/site"
(cd "$ROOT" && cargo build --release --quiet) || abort "cargo build --release"
# built for the address it is served at, as a real deployment is
(cd "$ROOT" && target/release/danvan build --output "$SITE" --base-url "$BASE/") || abort "danvan build of the sample site"
python3 "$HERE/serve.py" "$SITE" "$PORT" &
SERVER_PID=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/" 2>/dev/null && break
  sleep 0.2
done
python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$BASE/" 2>/dev/null \
  || abort "serve the site on $BASE"
echo "  serving $SITE on $BASE (gzip, cache headers)"

# --- Nu Html Checker -------------------------------------------------------------
section "Nu Html Checker (every page, the stylesheet)"
java -jar "$VNU" --skip-non-html --also-check-css --errors-only --format gnu "$SITE" >"$WORK/vnu.txt" 2>&1
vnu_status=$?
# one result per file; errors look like "file:/…/index.html":12.3-12.9: error: …
checked=0
clean=0
while IFS= read -r file; do
  checked=$((checked + 1))
  rel=${file#"$SITE"}
  errors=$(grep -F -- "\"file:$file\":" "$WORK/vnu.txt" | grep -c ': error' || true)
  if [ "$errors" -eq 0 ]; then
    clean=$((clean + 1))
    record_quiet pass "vnu $rel"
  else
    record fail "vnu $rel" "$errors error(s): $(grep -F -- "\"file:$file\":" "$WORK/vnu.txt" | head -3 | sed "s|\"file:$SITE||g" | tr '\n' ' ')"
  fi
done < <(find "$SITE" \( -name '*.html' -o -name '*.css' \) -type f | sort)
if [ "$vnu_status" -ne 0 ] && ! grep -q ': error' "$WORK/vnu.txt"; then
  record fail "vnu run" "$(head -5 "$WORK/vnu.txt")"
fi
echo "  $clean of $checked files (HTML, CSS) without errors; $(grep -c ': error' "$WORK/vnu.txt" || true) error(s) in all"

# --- XML, feeds, sitemap -------------------------------------------------------------
section "XML (xmllint), feeds (feedparser), sitemap"
while IFS= read -r file; do
  rel=${file#"$SITE"}
  if out=$(xmllint --noout --nonet "$file" 2>&1); then
    record pass "xmllint $rel" "well-formed"
  else
    record fail "xmllint $rel" "$(echo "$out" | head -3)"
  fi
done < <(find "$SITE" -name '*.xml' -type f | sort)
while IFS= read -r file; do
  rel=${file#"$SITE"}
  if out=$(python3 -m json.tool "$file" 2>&1 >/dev/null); then
    record pass "json $rel" "parses"
  else
    record fail "json $rel" "$out"
  fi
done < <(find "$SITE" -name '*.json' -type f | sort)
"$HERE/.venv/bin/python" "$HERE/feeds.py" "$SITE" "$BASE/" || record fail "feeds.py" "crashed"

# --- browser checks --------------------------------------------------------------
cd "$HERE" || abort "cd $HERE"
section "layout at 360 px, JavaScript off (every page)"
timeout 900 node browser.mjs layout "$BASE" "$SITE" >"$WORK/layout.txt" 2>&1 || record fail "layout run" "exit $?"
grep -v '^  ok' "$WORK/layout.txt"
echo "  $(grep -c '^  ok' "$WORK/layout.txt") pages ok"

section "axe-core (light and dark), keyboard"
timeout 900 node browser.mjs axe "$BASE" "$SITE" || record fail "axe run" "exit $?"

section "photos: a story at 360 px (at most 400 KB, first photo eager, the rest lazy, no layout shift)"
timeout 300 node browser.mjs photos "$BASE" "$SITE" || record fail "photos run" "exit $?"

section "search: the query set in Chromium"
QPORT=$(python3 "$HERE/serve.py" --free-port) || abort "find a free port"
QSITE="$WORK/query-site"
if (cd "$ROOT" && DANVAN_BIN=target/release/danvan node tests/search/site.mjs "$QSITE"); then
  python3 "$HERE/serve.py" "$QSITE" "$QPORT" &
  QSERVER_PID=$!
  for _ in $(seq 1 50); do
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$QPORT/" 2>/dev/null && break
    sleep 0.1
  done
  timeout 600 node browser.mjs search "http://127.0.0.1:$QPORT" "$QSITE" || record fail "search run" "exit $?"
  kill "$QSERVER_PID" 2>/dev/null
  wait "$QSERVER_PID" 2>/dev/null
else
  record fail "search: build the query-set site" "tests/search/site.mjs failed"
fi

section "screenshots → tests/quality/screenshots/"
rm -rf "$SHOTS"
timeout 900 node browser.mjs shots "$BASE" "$SITE" "$SHOTS" >"$WORK/shots.txt" 2>&1 || record fail "screenshots run" "exit $?"
grep -v '^  ok' "$WORK/shots.txt"
echo "  $(grep -c '^  ok' "$WORK/shots.txt") files written to $SHOTS"

section "print: the plan on A4 (pdfinfo, pdftotext)"
# Decree 30/2020: pages are numbered from the second, centred in the top margin.
for pdf in "$SHOTS"/plan-*-print-a4.pdf; do
  [ -f "$pdf" ] || { record fail "print A4" "no PDF in $SHOTS"; break; }
  name=$(basename "$pdf")
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  problems=""
  [ "${pages:-0}" -ge 2 ] || problems="only ${pages:-0} page(s); "
  pdfinfo "$pdf" 2>/dev/null | grep -q '^Page size:.*(A4)' || problems="${problems}not A4; "
  first=$(pdftotext -f 1 -l 1 -layout "$pdf" - 2>/dev/null | head -1 | tr -d ' ')
  [ "$first" != "1" ] || problems="${problems}a number on the first page; "
  for n in $(seq 2 "${pages:-1}"); do
    top=$(pdftotext -f "$n" -l "$n" -layout "$pdf" - 2>/dev/null | grep -m1 -v '^[[:space:]]*$' | tr -d ' ')
    [ "$top" = "$n" ] || problems="${problems}page $n starts with \"$top\", not its number; "
  done
  if [ -z "$problems" ]; then
    record pass "print $name" "$pages A4 pages, numbered from the second"
  else
    record fail "print $name" "$problems"
  fi
done

section "Lighthouse (mobile; each category at least 95)"
rm -rf "$REPORTS"
timeout 1800 node browser.mjs lighthouse "$BASE" "$SITE" "$REPORTS" || record fail "lighthouse run" "exit $?"
echo "  reports: $REPORTS"

summary
