#!/bin/bash
# The Python front-end and evaluator beside CPython, per revision: over the
# repo's own migrations/versions and a generated 2,000-revision project
# (gen_project.py chain: create_table / add_column bodies).
#
#   tests/bench/bench_python.sh [BENCH_PYTHON] [DIR...]
#
# BENCH_PYTHON defaults to build/tests/bench/bench_python; with DIRs, only
# those folders are measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${1:-$root/build/tests/bench/bench_python}
shift || true
py=/usr/bin/python3   # Debian's python3 with python3-alembic (for gen_project.py)
[ -x "$bench" ] || { echo "bench_python not found at $bench (cmake --build build --target bench_python)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_python.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ $# -eq 0 ]; then
    "$py" "$here/gen_project.py" chain 2000 "$work/proj" >/dev/null
    set -- "$root/migrations/versions" "$work/proj/versions"
fi
export PYTHONDONTWRITEBYTECODE=1

printf 'load average %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
for dir in "$@"; do
    ours=$("$bench" "$dir")
    theirs=$("$py" "$here/bench_python.py" "$dir")
    get() { echo "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
    n=$(echo "$ours" | awk '$1 == "revisions" { print $2 }')
    printf '\n%s (%s revisions), microseconds per revision\n' "$dir" "$n"
    printf '  %-34s %10s\n' "tokenize" "$(get "$ours" tokenize_us)"
    printf '  %-34s %10s\n' "parse (full)" "$(get "$ours" parse_us)"
    printf '  %-34s %10s\n' "parse (module level only)" "$(get "$ours" parse_header_us)"
    printf '  %-34s %10s\n' "run module level" "$(get "$ours" module_level_us)"
    printf '  %-34s %10s\n' "run upgrade() + downgrade()" "$(get "$ours" bodies_us)"
    p=$(echo "$(get "$ours" parse_us) + $(get "$ours" module_level_us) + $(get "$ours" bodies_us)" | bc -l)
    printf '  %-34s %10.2f\n' "petmigrate parse + run all" "$p"
    printf '  %-34s %10s\n' "CPython compile()" "$(get "$theirs" compile_us)"
    printf '  %-34s %10s\n' "CPython compile() + exec + run" "$(get "$theirs" compile_exec_run_us)"
    printf '  %-34s %9.1fx\n' "parse vs compile()" "$(echo "$(get "$theirs" compile_us) / $(get "$ours" parse_us)" | bc -l)"
    printf '  %-34s %9.1fx\n' "all vs CPython (faster if > 1)" "$(echo "$(get "$theirs" compile_exec_run_us) / $p" | bc -l)"
done
