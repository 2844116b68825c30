#!/bin/bash
# heads / history / upgrade heads --sql on a 10,000-revision project with
# branches, merges, depends_on and labels: petmigrate vs real Alembic vs the
# read floor (bench_readfloor: every script file listed and read once), in
# one run. Goal (issue 13): petmigrate >= 20x faster than Alembic and within
# 3x of the read floor.
#
#   tests/bench/bench_revisions.sh [BUILD_DIR] [N]
#
# BUILD_DIR defaults to build/ (petmigrate and bench_readfloor built there),
# N to 10000. Each figure is the mean over several runs of the wall time and
# of the CPU time (user + sys, from getrusage): on a shared, loaded machine
# the CPU time is the steadier of the two, so both ratios are printed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
n=${2:-10000}
pm=$build/app/petmigrate/petmigrate
floor=$build/tests/bench/bench_readfloor
py=/usr/bin/python3   # Debian's python3 with python3-alembic 1.8.1
[ -x "$pm" ] || { echo "petmigrate not found at $pm" >&2; exit 1; }
[ -x "$floor" ] || { echo "bench_readfloor not found at $floor (cmake --build $build --target bench_readfloor)" >&2; exit 1; }
"$py" -c 'import alembic' || { echo "$py has no alembic (apt-get install python3-alembic)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_revisions.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$py" "$here/gen_project.py" graph "$n" "$work/proj"
ini=$work/proj/alembic.ini
export PYTHONDONTWRITEBYTECODE=1
# The header cache (README, "Header cache") lives here, not in ~/.cache, and
# is off for the cold figures compared with the read floor; one more row
# times `heads` with it warm.
export XDG_CACHE_HOME=$work/cache
export PETMIGRATE_NO_CACHE=1

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

# "wall cpu" in seconds: the means over `runs` runs after one warm-up.
measure() {
    local runs=$1; shift
    "$py" - "$runs" "$@" <<'PY'
import resource, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t = time.perf_counter()
for _ in range(runs):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
wall = (time.perf_counter() - t) / runs
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) / runs
print("%.4f %.4f" % (wall, cpu))
PY
}

printf '\n%d revisions (%s), load average %s\n' "$(ls "$work/proj/versions" | wc -l)" "$work/proj" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
read fw fc < <(measure 10 "$floor" "$work/proj/versions")
printf 'read floor (every script read once): wall %.3fs cpu %.3fs\n\n' "$fw" "$fc"
printf '%-20s %9s %9s %9s %9s | %12s %12s | %12s %12s\n' command pm_wall pm_cpu al_wall al_cpu \
    "al/pm wall" "al/pm cpu" "pm/floor wall" "pm/floor cpu"
for cmd in "heads" "history" "upgrade heads --sql"; do
    read pw pc < <(measure "${RUNS:-5}" "$pm" -c "$ini" $cmd)
    read aw ac < <(measure 2 "$py" -m alembic -c "$ini" $cmd)
    printf '%-20s %9.3f %9.3f %9.3f %9.3f | %11.1fx %11.1fx | %11.2fx %11.2fx\n' "$cmd" "$pw" "$pc" "$aw" "$ac" \
        "$(echo "$aw / $pw" | bc -l)" "$(echo "$ac / $pc" | bc -l)" \
        "$(echo "$pw / $fw" | bc -l)" "$(echo "$pc / $fc" | bc -l)"
done
read pw pc < <(PETMIGRATE_NO_CACHE=0 measure "${RUNS:-5}" "$pm" -c "$ini" heads)
PETMIGRATE_NO_CACHE=0 "$pm" -c "$ini" heads | cmp -s - <("$pm" -c "$ini" heads) \
    || { echo "OUTPUT DIFFERS: heads with the header cache" >&2; exit 1; }
printf '%-20s %9.3f %9.3f %9s %9s | %12s %12s | %11.2fx %11.2fx\n' "heads (warm cache)" "$pw" "$pc" - - - - \
    "$(echo "$pw / $fw" | bc -l)" "$(echo "$pc / $fc" | bc -l)"
echo "goals: al/pm >= 20x, pm/floor <= 3x"
