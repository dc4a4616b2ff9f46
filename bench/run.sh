#!/usr/bin/env bash
# Times a clean `danvan build` on synthetic sites of about 2,000 and 20,000
# pages, side by side with Hugo and Zola on the same pages, and prints a table.
#
#   bash bench/run.sh            # both corpora (takes several minutes)
#   bash bench/run.sh --quick    # the small corpus only
#
# Options:
#   --quick            only the small corpus
#   --small N          documents and stories per language of the small corpus (default 400)
#   --large N          ... of the large corpus (default 4900)
#   --runs N           timed runs per command (default 5; one warm-up run before)
#   --work DIR         where corpora, outputs and results go (default /tmp/danvan-bench)
#   --no-hugo          do not time Hugo even where it is installed
#   --zola PATH        the Zola binary (default: `zola` on PATH; Zola is not
#                      packaged by Debian: build it from source, see bench/README.md)
#   --no-zola          do not time Zola
#   --no-install       do not install hyperfine, hugo or time with apt-get
#
# Needs python3 and cargo. Installs hyperfine, hugo and GNU time from Debian
# when missing (apt-get, as root or through sudo). Raw hyperfine JSON goes to
# WORK/results/; nothing is written into the repository except target/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

quick=0
small=400
large=4900
runs=5
work=/tmp/danvan-bench
use_hugo=1
use_zola=1
zola_bin=
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --small) small=$2; shift ;;
    --large) large=$2; shift ;;
    --runs) runs=$2; shift ;;
    --work) work=$2; shift ;;
    --no-hugo) use_hugo=0 ;;
    --zola) zola_bin=$2; shift ;;
    --no-zola) use_zola=0 ;;
    --no-install) install=0 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ "$use_hugo" = 1 ] && ! command -v hugo >/dev/null && missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ] && [ "$install" = 1 ] && command -v apt-get >/dev/null; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  say "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null || echo "run.sh: apt-get install ${missing[*]} failed" >&2
  fi
fi
command -v hyperfine >/dev/null || { echo "run.sh: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: python3 is needed" >&2; exit 1; }
have_hugo=0
[ "$use_hugo" = 1 ] && command -v hugo >/dev/null && have_hugo=1
[ "$have_hugo" = 1 ] || echo "run.sh: not timing Hugo (not installed or --no-hugo)" >&2
have_zola=0
if [ "$use_zola" = 1 ]; then
  [ -n "$zola_bin" ] || zola_bin=$(command -v zola || true)
  [ -n "$zola_bin" ] && [ -x "$zola_bin" ] && have_zola=1
fi
[ "$have_zola" = 1 ] || echo "run.sh: not timing Zola (no zola on PATH, no --zola PATH, or --no-zola)" >&2
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -v)
[ ${#timer[@]} -gt 0 ] || echo "run.sh: /usr/bin/time missing: no peak memory figures" >&2

# --- danvan ----------------------------------------------------------------
say "building danvan (release)"
(cd "$repo" && cargo build --release --quiet)
target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
danvan="$target_dir/release/danvan"
[ -x "$danvan" ] || { echo "run.sh: no binary at $danvan" >&2; exit 1; }

mkdir -p "$work/results"
results="$work/results"

# Peak resident memory of one clean run, in MB ("-" when it failed or no timer).
peak_mb() {  # peak_mb OUTDIR CMD...
  local out=$1; shift
  [ ${#timer[@]} -gt 0 ] || { echo "-"; return; }
  rm -rf "$out"
  local log
  log=$(mktemp)
  if "${timer[@]}" "$@" >/dev/null 2>"$log"; then
    awk -F': *' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log"
  else
    echo "-"
  fi
  rm -f "$log"
}

count_html() { find "$1" -name '*.html' -type f 2>/dev/null | wc -l | tr -d ' '; }

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
rows=()
sizes=("$small")
[ "$quick" = 1 ] || sizes+=("$large")

for n in "${sizes[@]}"; do
  site="$work/corpus-$n/danvan"
  hsite="$work/corpus-$n/hugo"
  out="$work/out-$n/danvan"
  hout="$work/out-$n/hugo"
  zsite="$work/corpus-$n/zola"
  zout="$work/out-$n/zola"
  mkdir -p "$work/out-$n"

  say "generating corpus: $n documents + $n stories per language"
  t0=$(date +%s.%N)
  twins=(--hugo "$hsite")
  [ "$have_zola" = 1 ] && twins+=(--zola "$zsite")
  python3 "$here/gen_corpus.py" --docs "$n" --stories "$n" --out "$site" "${twins[@]}" >&2
  t1=$(date +%s.%N)
  gen_s=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
  echo "generated in ${gen_s} s" >&2

  # One plain build of each first: it shows the errors a generator prints,
  # and gives the page counts.
  say "danvan build (check run)"
  rm -rf "$out"
  danvan_ok=1
  if ! "$danvan" build --site "$site" --output "$out" > "$work/out-$n/danvan.log" 2>&1; then
    danvan_ok=0
    echo "run.sh: danvan failed on the $n corpus; its output:" >&2
    head -n 50 "$work/out-$n/danvan.log" >&2
  fi
  cat "$work/out-$n/danvan.log" | tail -n 3 >&2
  pages=$(count_html "$out")
  hpages="-"
  hugo_ok=0
  if [ "$have_hugo" = 1 ]; then
    say "hugo build (check run)"
    rm -rf "$hout"
    if hugo --quiet --source "$hsite" --destination "$hout" > "$work/out-$n/hugo.log" 2>&1; then
      hugo_ok=1
      hpages=$(count_html "$hout")
    else
      echo "run.sh: hugo failed on the $n corpus; its output:" >&2
      head -n 50 "$work/out-$n/hugo.log" >&2
    fi
  fi

  zpages="-"
  zola_ok=0
  if [ "$have_zola" = 1 ]; then
    say "zola build (check run)"
    rm -rf "$zout"
    if "$zola_bin" --root "$zsite" build --output-dir "$zout" --force > "$work/out-$n/zola.log" 2>&1; then
      zola_ok=1
      zpages=$(count_html "$zout")
    else
      echo "run.sh: zola failed on the $n corpus; its output:" >&2
      head -n 50 "$work/out-$n/zola.log" >&2
    fi
  fi

  args=(--warmup 1 --runs "$runs" --export-json "$results/build-$n.json" --style basic)
  if [ "$danvan_ok" = 1 ]; then
    args+=(-n danvan --prepare "rm -rf '$out'" "'$danvan' build --site '$site' --output '$out'")
  fi
  if [ "$hugo_ok" = 1 ]; then
    args+=(-n hugo --prepare "rm -rf '$hout'" "hugo --quiet --source '$hsite' --destination '$hout'")
  fi
  if [ "$zola_ok" = 1 ]; then
    args+=(-n zola --prepare "rm -rf '$zout'" "'$zola_bin' --root '$zsite' build --output-dir '$zout' --force")
  fi
  d_med="-"; h_med="-"; z_med="-"; ratio="-"; zratio="-"; d_cpu="-"; h_cpu="-"; z_cpu="-"
  if [ "$danvan_ok" = 1 ] || [ "$hugo_ok" = 1 ] || [ "$zola_ok" = 1 ]; then
    say "hyperfine: $n"
    hyperfine "${args[@]}" >&2
    read -r d_med h_med z_med ratio zratio d_cpu h_cpu z_cpu < <(python3 - "$results/build-$n.json" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
d = res.get("danvan", {}).get("median")
h = res.get("hugo", {}).get("median")
z = res.get("zola", {}).get("median")
f = lambda x: f"{x:.3f}" if x is not None else "-"
cpu = lambda r: f"{r['user'] + r['system']:.2f}" if r else "-"
ratio = lambda a, b: f"{a / b:.2f}" if a and b else "-"
print(f(d), f(h), f(z), ratio(d, h), ratio(d, z),
      cpu(res.get("danvan")), cpu(res.get("hugo")), cpu(res.get("zola")))
EOF
)
  fi

  say "peak memory: $n"
  d_mem="-"; h_mem="-"; z_mem="-"
  [ "$danvan_ok" = 1 ] && d_mem=$(peak_mb "$out" "$danvan" build --site "$site" --output "$out")
  [ "$hugo_ok" = 1 ] && h_mem=$(peak_mb "$hout" hugo --quiet --source "$hsite" --destination "$hout")
  [ "$zola_ok" = 1 ] && z_mem=$(peak_mb "$zout" "$zola_bin" --root "$zsite" build --output-dir "$zout" --force)

  rows+=("$n|$pages|$hpages|$zpages|$gen_s|$d_med|$h_med|$z_med|$ratio|$zratio|$d_cpu|$h_cpu|$z_cpu|$d_mem|$h_mem|$z_mem")
done

# --- table -----------------------------------------------------------------
cpu=$(awk -F': *' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
hugo_v=$([ "$have_hugo" = 1 ] && hugo version 2>/dev/null | awk '{print $2}' || echo "-")
zola_v=$([ "$have_zola" = 1 ] && "$zola_bin" --version 2>/dev/null | awk '{print $2}' || echo "-")
echo
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; danvan $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet HEAD -- src themes 2>/dev/null || echo '+local changes'), hugo ${hugo_v:-none}, zola ${zola_v:-none}, $(hyperfine --version)"
echo "load average before: $load0; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "clean builds, wall-clock median of $runs runs after 1 warm-up; CPU s = mean user+system;"
echo "pages = *.html files written; raw hyperfine JSON in $results"
echo
echo "| N per lang | pages: danvan / Hugo / Zola | generate s | median s: danvan / Hugo / Zola | danvan/Hugo | danvan/Zola | CPU s: danvan / Hugo / Zola | peak MB: danvan / Hugo / Zola |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  IFS='|' read -r n p hp zp g d h z r zr dc hc zc dm hm zm <<< "$row"
  echo "| $n | $p / $hp / $zp | $g | $d / $h / $z | $r | $zr | $dc / $hc / $zc | $dm / $hm / $zm |"
done
