#!/bin/bash
# Body evaluation per revision over the corpus (tests/corpus/<project>/
# versions, issue 17): petmigrate's reading of each script with the real
# bindings (bench_corpus: read, header, parse, evaluate = module level +
# upgrade() + downgrade(), offline in the project's dialect) beside
# CPython's compile() + exec() + upgrade() + downgrade() of the same files
# with stand-in modules (bench_corpus.py), in one run.
#
#   tests/bench/bench_corpus.sh [BENCH_CORPUS] [PROJECT...]
#
# BENCH_CORPUS defaults to build/tests/bench/bench_corpus; with PROJECTs,
# only those. The corpus is materialized first (corpus.py materialize).
# The two sides do not do the same work: petmigrate turns every op.* call
# into Operations through SQLAlchemy's and Alembic's rules, CPython calls
# stand-ins that do nothing. The ratio says what reading a body costs next
# to the cheapest way Python itself could run it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${1:-$root/build/tests/bench/bench_corpus}
shift || true
py=/usr/bin/python3
corpus=$root/tests/corpus
[ -x "$bench" ] || { echo "bench_corpus not found at $bench (cmake --build build --target bench_corpus)" >&2; exit 1; }
"$py" "$corpus/corpus.py" materialize >/dev/null
export PYTHONDONTWRITEBYTECODE=1

# name dialect, one a line, in projects.json's order.
projects=$("$py" -c '
import json, sys
wanted = sys.argv[2:]
for p in json.load(open(sys.argv[1]))["projects"]:
    if not wanted or p["name"] in wanted:
        print(p["name"], p["dialect"])
' "$corpus/projects.json" "$@")
[ -n "$projects" ] || { echo "no such project in projects.json: $*" >&2; exit 1; }

ours_args=() theirs_args=()
while read -r name dialect; do
    ours_args+=("$name=$dialect:$corpus/$name/versions")
    theirs_args+=("$name=$corpus/$name/versions")
done <<< "$projects"

printf 'load average %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
ours=$("$bench" "${ours_args[@]}")
theirs=$("$py" "$here/bench_corpus.py" "${theirs_args[@]}")

# Fields by name from a "name k v k v ..." line.
field() { echo "$1" | awk -v p="$2" -v k="$3" '$1 == p { for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1) }'; }

printf '\nmicroseconds per revision; "bodies" = read / refused (with a located error) / script unreadable\n'
printf '%-19s %5s %15s %7s %7s %7s %8s %9s %9s %8s %7s\n' project files bodies read header parse "run" "pm total" "CPy comp" "CPy all" ratio
tot_files=0 tot_pm=0 tot_cpy=0 tot_read=0 tot_ref=0 tot_unr=0
while read -r name dialect; do
    files=$(field "$ours" "$name" files)
    rd=$(field "$ours" "$name" read_us) hd=$(field "$ours" "$name" header_us)
    ps=$(field "$ours" "$name" parse_us) ev=$(field "$ours" "$name" evaluate_us)
    run=$(field "$ours" "$name" run_us)
    pm=$(echo "$rd + $ev" | bc -l)
    cc=$(field "$theirs" "$name" compile_us) ca=$(field "$theirs" "$name" compile_exec_run_us)
    b="$(field "$ours" "$name" bodies_read)/$(field "$ours" "$name" bodies_refused)/$(field "$ours" "$name" unreadable)"
    printf '%-19s %5d %15s %7.1f %7.1f %7.1f %8.1f %9.1f %9.1f %8.1f %6.2fx\n' \
        "$name" "$files" "$b" "$rd" "$hd" "$ps" "$run" "$pm" "$cc" "$ca" "$(echo "$ca / $pm" | bc -l)"
    tot_files=$((tot_files + files))
    tot_pm=$(echo "$tot_pm + $pm * $files" | bc -l)
    tot_cpy=$(echo "$tot_cpy + $ca * $files" | bc -l)
    tot_read=$((tot_read + $(field "$ours" "$name" bodies_read)))
    tot_ref=$((tot_ref + $(field "$ours" "$name" bodies_refused)))
    tot_unr=$((tot_unr + $(field "$ours" "$name" unreadable)))
done <<< "$projects"
pm_mean=$(echo "$tot_pm / $tot_files" | bc -l)
cpy_mean=$(echo "$tot_cpy / $tot_files" | bc -l)
printf '%-19s %5d %15s %7s %7s %7s %8s %9.1f %9s %8.1f %6.2fx\n' total "$tot_files" "$tot_read/$tot_ref/$tot_unr" \
    "" "" "" "" "$pm_mean" "" "$cpy_mean" "$(echo "$cpy_mean / $pm_mean" | bc -l)"
printf '\npm total = read + evaluate (header, parse, module level, upgrade(), downgrade());\n'
printf 'run = evaluate - header - parse; ratio = CPython all / pm total (petmigrate faster if > 1).\n'
