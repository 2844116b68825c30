#!/bin/bash
# heads / history / upgrade --sql on a 10,000-revision project with branches,
# merges, depends_on and labels: petmigrate vs real Alembic in one run.
# Goal (issue 4): petmigrate >= 20x faster than Alembic.
#
#   tests/bench/bench_revisions.sh [PETMIGRATE] [N]
#
# PETMIGRATE defaults to build-interop/app/petmigrate/petmigrate, N to 10000.
# Uses hyperfine when installed, else the mean of repeated runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pm=${1:-$root/build-interop/app/petmigrate/petmigrate}
n=${2:-10000}
py=/usr/bin/python3   # Debian's python3 with python3-alembic 1.8.1
[ -x "$pm" ] || { echo "petmigrate not found at $pm" >&2; exit 1; }
"$py" -c 'import alembic' || { echo "$py has no alembic (apt-get install python3-alembic)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_revisions.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$py" "$here/gen_project.py" graph "$n" "$work/proj"
ini=$work/proj/alembic.ini
export PYTHONDONTWRITEBYTECODE=1

# Sanity: both tools agree before we time them, byte for byte (both read
# versions/ in os.listdir() order, which breaks ties in all three outputs).
for cmd in "heads" "history" "upgrade heads --sql"; do
    "$pm" -c "$ini" $cmd > "$work/pm.out" 2>/dev/null || { echo "petmigrate $cmd failed" >&2; "$pm" -c "$ini" $cmd >/dev/null; exit 1; }
    "$py" -m alembic -c "$ini" $cmd > "$work/al.out" 2>/dev/null
    if cmp -s "$work/pm.out" "$work/al.out"; then echo "output identical: $cmd ($(wc -l < "$work/al.out") lines)"
    elif [ "$cmd" != heads ] && [ "$cmd" != history ] \
        && cmp -s <(sed -E "s/(version_num( =|=)) '[0-9a-f]+'/\1 '?'/" "$work/pm.out") \
                  <(sed -E "s/(version_num( =|=)) '[0-9a-f]+'/\1 '?'/" "$work/al.out"); then
        # At a merge Alembic picks the row to UPDATE (and those to DELETE)
        # from list(set(...)): Python hash order, different in every run.
        echo "output identical but for merge rows in Python set order: $cmd ($(wc -l < "$work/al.out") lines)"
    else echo "OUTPUT DIFFERS: $cmd"; diff "$work/al.out" "$work/pm.out" | head -20 || true; fi
done

mean() {  # mean wall seconds of "$@" over runs
    local runs=$1; shift
    "$py" - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
t = time.perf_counter()
for _ in range(runs):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print("%.4f" % ((time.perf_counter() - t) / runs))
PY
}

timeit() {  # prints mean seconds
    local runs=$1; shift
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1 \
            || hyperfine --warmup 1 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
        "$py" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/h.json"
    else
        mean "$runs" "$@"
    fi
}

printf '\n%d revisions (%s), load average %s\n' "$(ls "$work/proj/versions" | wc -l)" "$work/proj" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %12s %12s %10s\n' command petmigrate_s alembic_s ratio
for cmd in "heads" "history" "upgrade heads --sql"; do
    p=$(timeit 5 "$pm" -c "$ini" $cmd)
    a=$(timeit 2 "$py" -m alembic -c "$ini" $cmd)
    printf '%-22s %12s %12s %9.1fx\n' "$cmd" "$p" "$a" "$(echo "$a / $p" | bc -l)"
done
