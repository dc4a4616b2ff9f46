#!/usr/bin/env bash
# Publishing checks in real tools: the CI files `danvan init` writes are
# valid against the hosts' published schemas (check-jsonschema's vendored
# GitHub Workflows and GitLab CI schemas; Forgejo and Gitea read GitHub's
# format), and a broken workflow is caught, so the check can fail; and
# the README's nginx block, run by nginx on 127.0.0.1 against the sample
# site built for a sub-path: pages, both 404 pages, gzip_static and the
# cache headers.
#
#   tests/publishing/run.sh
#
# Installs check-jsonschema from PyPI into tests/publishing/.venv and
# nginx from Debian when missing. Ends with `publishing: N passed, M failed`.

set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export NO_COLOR=1
exec </dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/danvan-publishing.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok   $1"; }
bad() { failed=$((failed + 1)); echo "  FAIL $1"; }

if [ ! -x "$HERE/.venv/bin/check-jsonschema" ]; then
  python3 -m venv "$HERE/.venv" && "$HERE/.venv/bin/pip" install -q 'check-jsonschema>=0.29,<1'
fi
CJ="$HERE/.venv/bin/check-jsonschema"

(cd "$ROOT" && cargo build -q) || { echo "publishing: 0 passed, 1 failed"; exit 1; }
DANVAN="$ROOT/target/debug/danvan"

echo "== CI files from danvan init"
"$DANVAN" init "$WORK/site" --name "Liên đoàn Lao động huyện Phong Thổ" --base-url https://example.org/phongtho/ >/dev/null
for f in .github/workflows/site.yml .forgejo/workflows/site.yml; do
  if "$CJ" --builtin-schema vendor.github-workflows "$WORK/site/$f" >/dev/null; then ok "$f: GitHub workflow schema"; else bad "$f: GitHub workflow schema"; fi
done
if "$CJ" --builtin-schema vendor.gitlab-ci "$WORK/site/.gitlab-ci.yml" >/dev/null; then ok ".gitlab-ci.yml: GitLab CI schema"; else bad ".gitlab-ci.yml: GitLab CI schema"; fi
# The check itself can fail: a workflow with jobs that are no jobs.
printf 'name: x\non: push\njobs: 5\n' >"$WORK/broken.yml"
if "$CJ" --builtin-schema vendor.github-workflows "$WORK/broken.yml" >/dev/null 2>&1; then bad "a broken workflow is refused"; else ok "a broken workflow is refused"; fi
if (cd "$WORK/site" && "$DANVAN" check >/dev/null 2>&1); then ok "the new site checks clean"; else bad "the new site checks clean"; fi

echo "== the README's nginx block, the site under /phongtho/"
if ! command -v nginx >/dev/null && [ -x /usr/sbin/nginx ]; then PATH="$PATH:/usr/sbin"; fi
if ! command -v nginx >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 \
    || $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null 2>&1
  PATH="$PATH:/usr/sbin"
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp -r "$ROOT/content" "$WORK/sample-content"
mkdir -p "$WORK/sample" && mv "$WORK/sample-content" "$WORK/sample/content"
"$DANVAN" build --site "$WORK/sample" --output "$WORK/www/public" --base-url "http://127.0.0.1:$PORT/phongtho/" >/dev/null
BLOCK=$(awk '/<!-- nginx -->/{on=1; next} on && /^```nginx/{grab=1; next} grab && /^```/{exit} grab' "$ROOT/README.md" \
  | sed "s#/srv/www/phongtho/public/#$WORK/www/public/#")
cat >"$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp; uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server {
    listen 127.0.0.1:$PORT;
    $BLOCK
  }
}
CONF
mkdir -p "$WORK/tmp"
# nginx's workers run as an unprivileged user: let them read the site.
chmod 755 "$WORK" && chmod -R a+rX "$WORK/www"
if command -v nginx >/dev/null && nginx -t -c "$WORK/nginx.conf" -p "$WORK" >/dev/null 2>&1; then
  nginx -c "$WORK/nginx.conf" -p "$WORK" &
  NGINX=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/phongtho/" && break; sleep 0.1; done
  headers() { curl -s -D - -o /dev/null "$@"; }
  BASE="http://127.0.0.1:$PORT/phongtho"
  h=$(headers "$BASE/")
  echo "$h" | grep -q '^HTTP/1.1 200' && ok "the home page under the sub-path" || bad "the home page under the sub-path: $h"
  echo "$h" | grep -qi '^cache-control: no-cache' && ok "pages are revalidated (no-cache)" || bad "pages are revalidated: $h"
  h=$(headers -H 'Accept-Encoding: gzip' "$BASE/en/documents/")
  echo "$h" | grep -qi '^content-encoding: gzip' && ok "gzip_static sends the .gz twin" || bad "gzip_static: $h"
  css=$(grep -o 'href="/phongtho/style\.[0-9a-f]*\.css"' "$WORK/www/public/index.html" | head -1 | sed 's/href="//; s/"$//')
  h=$(headers "http://127.0.0.1:$PORT$css")
  echo "$h" | grep -qi 'cache-control: public, max-age=31536000, immutable' && ok "the hashed stylesheet is cached for a year ($css)" || bad "hashed stylesheet cache: $css $h"
  body=$(curl -s -w '\n%{http_code}' "$BASE/khong-co-trang-nay/")
  { echo "$body" | tail -1 | grep -q 404 && echo "$body" | grep -q 'lang="vi"'; } && ok "a missing page gets the Vietnamese 404 page" || bad "Vietnamese 404"
  body=$(curl -s -w '\n%{http_code}' "$BASE/en/no-such-page/")
  { echo "$body" | tail -1 | grep -q 404 && echo "$body" | grep -q 'lang="en"'; } && ok "a missing English page gets the English 404 page" || bad "English 404"
  kill "$NGINX" 2>/dev/null; wait "$NGINX" 2>/dev/null
else
  bad "nginx runs the README's block: $(nginx -t -c "$WORK/nginx.conf" -p "$WORK" 2>&1 | tail -2)"
fi

echo "publishing: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
