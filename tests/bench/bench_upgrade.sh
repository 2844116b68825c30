#!/bin/bash
# Online `upgrade head` of a 2,000-revision linear chain (each revision creates
# a table or adds a column): petmigrate vs real Alembic vs the floor, the same
# SQL (petmigrate upgrade head --sql) applied by the sqlite3 shell in one
# transaction. Goal (issues 4 and 13): petmigrate within 1.5x of the floor and
# >= 10x faster than Alembic. Wall and CPU time are both printed: on a shared,
# loaded machine the CPU time is the steadier.
#
#   tests/bench/bench_upgrade.sh [PETMIGRATE] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pm=${1:-$root/build-interop/app/petmigrate/petmigrate}
n=${2:-2000}
py=/usr/bin/python3   # Debian's python3 with python3-alembic 1.8.1
runs=${RUNS:-5}
[ -x "$pm" ] || { echo "petmigrate not found at $pm" >&2; exit 1; }
"$py" -c 'import alembic' || { echo "$py has no alembic (apt-get install python3-alembic)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_upgrade.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$py" "$here/gen_project.py" chain "$n" "$work/proj"
ini=$work/proj/alembic.ini
db=$work/proj/bench.db
export PYTHONDONTWRITEBYTECODE=1

# The floor's script: petmigrate's offline SQL, which already is one
# BEGIN; ... COMMIT; block (checked below), run by the sqlite3 shell.
"$pm" -c "$ini" upgrade head --sql > "$work/floor.sql" 2>/dev/null
if [ "$(grep -c '^BEGIN;' "$work/floor.sql")" != 1 ] || [ "$(grep -c '^COMMIT;' "$work/floor.sql")" != 1 ]; then
    { echo "BEGIN;"; grep -v '^BEGIN;$\|^COMMIT;$' "$work/floor.sql"; echo "COMMIT;"; } > "$work/floor1.sql"
    mv "$work/floor1.sql" "$work/floor.sql"
fi

# Sanity: the three give the same schema.
schema() { sqlite3 "$db" "SELECT type, name, sql FROM sqlite_master ORDER BY 1, 2; SELECT * FROM alembic_version;"; }
rm -f "$db"; "$pm" -c "$ini" upgrade head 2>/dev/null; schema > "$work/s.pm"
rm -f "$db"; "$py" -m alembic -c "$ini" upgrade head 2>/dev/null; schema > "$work/s.al"
# (offline DDL is indented with 4 spaces where online DDL has a tab)
rm -f "$db"; sqlite3 "$db" < "$work/floor.sql"; schema | sed 's/^    /\t/' > "$work/s.floor"
cmp -s "$work/s.pm" "$work/s.al" && echo "schema identical: petmigrate vs alembic" || { echo "SCHEMA DIFFERS petmigrate vs alembic"; diff "$work/s.al" "$work/s.pm" | head || true; }
cmp -s "$work/s.pm" "$work/s.floor" && echo "schema identical: petmigrate vs sqlite3 floor" || { echo "SCHEMA DIFFERS petmigrate vs floor"; diff "$work/s.floor" "$work/s.pm" | head || true; }

timeit() {  # "wall cpu": mean seconds over runs (CPU = user + sys, getrusage); the database is deleted before every run
    local r=$1; shift
    "$py" - "$r" "$db" "$*" <<'PY'
import os, resource, subprocess, sys, time
runs, db, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
wall = cpu = 0.0
for i in range(runs + 1):
    if os.path.exists(db): os.remove(db)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if i:  # the first run warms the caches
        wall += time.perf_counter() - t
        cpu += (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print("%.4f %.4f" % (wall / runs, cpu / runs))
PY
}

printf '\n%d-revision chain (%s), load average %s\n' "$n" "$work/proj" "$(cut -d' ' -f1-3 /proc/loadavg)"
read pw pc < <(timeit "$runs" "$pm -c $ini upgrade head")
read fw fc < <(timeit "$runs" "sqlite3 $db < $work/floor.sql")
read aw ac < <(timeit 2 "$py -m alembic -c $ini upgrade head")
printf '%-34s wall %8.3fs  cpu %8.3fs\n' "petmigrate upgrade head" "$pw" "$pc" \
    "sqlite3 shell, same SQL, 1 txn" "$fw" "$fc" "alembic upgrade head" "$aw" "$ac"
printf 'petmigrate / floor   = wall %6.2fx  cpu %6.2fx  (goal <= 1.5x)\n' \
    "$(echo "$pw / $fw" | bc -l)" "$(echo "$pc / $fc" | bc -l)"
printf 'alembic / petmigrate = wall %6.1fx  cpu %6.1fx  (goal >= 10x)\n' \
    "$(echo "$aw / $pw" | bc -l)" "$(echo "$ac / $pc" | bc -l)"
