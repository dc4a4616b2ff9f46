#!/usr/bin/env bash
# Publishing checks in real tools: the CI files `danvan init` writes are
# valid against the hosts' published schemas (check-jsonschema's vendored
# GitHub Workflows and GitLab CI schemas; Forgejo and Gitea read GitHub's
# format), and a broken workflow is caught, so the check can fail.
#
#   tests/publishing/run.sh
#
# Installs check-jsonschema from PyPI into tests/publishing/.venv when
# missing. Ends with `publishing: N passed, M failed`.

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

echo "publishing: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
