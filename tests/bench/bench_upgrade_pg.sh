#!/bin/bash
# Online `upgrade head` of a 2,000-revision linear chain on PostgreSQL 15
# (each revision creates a table or adds a column): petmigrate vs real
# Alembic + psycopg2 vs the floor, the same SQL (petmigrate upgrade head --sql)
# applied by psql in one transaction. Starts its own throwaway cluster
# (tests/pg/pgcluster.sh) and removes it at the end; every timed run starts
# from a freshly created database.
#
#   [RUNS=5] tests/bench/bench_upgrade_pg.sh [PETMIGRATE] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pm=${1:-$root/build-pg/app/petmigrate/petmigrate}
n=${2:-2000}
py=/usr/bin/python3   # Debian's python3 with python3-alembic 1.8.1 and python3-psycopg2
pgbin=${PM_PG_BIN:-/usr/lib/postgresql/15/bin}
runs=${RUNS:-5}   # rounds; each runs all three commands
[ -x "$pm" ] || { echo "petmigrate not found at $pm" >&2; exit 1; }
"$py" -c 'import alembic, psycopg2' || { echo "$py lacks alembic or psycopg2 (apt-get install python3-alembic python3-psycopg2)" >&2; exit 1; }
[ -x "$pgbin/psql" ] || { echo "psql not found in $pgbin (apt-get install postgresql-15)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_upgrade_pg.XXXXXX)
cleanup() {
    PM_PG_BIN="$pgbin" bash "$root/tests/pg/pgcluster.sh" stop "$work/cluster" || true
    rm -rf "$work"
}
trap cleanup EXIT
server=$(PM_PG_BIN="$pgbin" PM_PYTHON="$py" bash "$root/tests/pg/pgcluster.sh" start "$work/cluster")
url=${server%/*}/bench
export PYTHONDONTWRITEBYTECODE=1

"$py" "$here/gen_project.py" chain "$n" "$work/proj"
ini=$work/proj/alembic.ini
sed -i "s|^sqlalchemy.url = .*|sqlalchemy.url = $url|" "$ini"

psqlq() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
# Every run starts on an empty database; the old one goes with its files, so
# no run pays for another's catalog bloat.
reset_db="$pgbin/psql -X -q -v ON_ERROR_STOP=1 -d $server -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'"

# The floor's script: petmigrate's offline SQL, which already is one
# BEGIN; ... COMMIT; block (checked below), run by psql.
"$pm" -c "$ini" upgrade head --sql > "$work/floor.sql" 2>/dev/null
if [ "$(grep -c '^BEGIN;' "$work/floor.sql")" != 1 ] || [ "$(grep -c '^COMMIT;' "$work/floor.sql")" != 1 ]; then
    echo "expected one BEGIN;/COMMIT; block in petmigrate's --sql output" >&2
    exit 1
fi

# Sanity: the three give the same schema and version.
schema() {
    "$pgbin/pg_dump" --schema-only --no-owner -d "$url" | grep -v '^\\\(un\)\?restrict '
    psqlq -At -d "$url" -c 'SELECT version_num FROM alembic_version'
}
eval "$reset_db"; "$pm" -c "$ini" upgrade head 2>/dev/null; schema > "$work/s.pm"
eval "$reset_db"; "$py" -m alembic -c "$ini" upgrade head 2>/dev/null; schema > "$work/s.al"
eval "$reset_db"; psqlq -d "$url" -f "$work/floor.sql" >/dev/null; schema > "$work/s.floor"
# Timing runs that disagree would compare nothing: stop there.
cmp -s "$work/s.pm" "$work/s.al" && echo "schema identical: petmigrate vs alembic" || { echo "SCHEMA DIFFERS petmigrate vs alembic"; diff "$work/s.al" "$work/s.pm" | head || true; exit 1; }
cmp -s "$work/s.pm" "$work/s.floor" && echo "schema identical: petmigrate vs psql floor" || { echo "SCHEMA DIFFERS petmigrate vs floor"; diff "$work/s.floor" "$work/s.pm" | head || true; exit 1; }

# The machine may be shared: the three commands take turns, round after
# round, so a busy spell hits them alike; medians, not means, are compared.
# Client CPU (user + sys of the process itself) is printed too: it is what
# the tool costs apart from the server's work, and load barely moves it.
printf '\n%d-revision chain on PostgreSQL %s (%s)\n' "$n" "$("$pgbin/postgres" --version | awk '{print $3}')" "$work/proj"
"$py" - "$runs" "$reset_db" \
    "petmigrate upgrade head" "$pm -c $ini upgrade head" \
    "psql, same SQL, 1 txn (floor)" "$pgbin/psql -X -q -v ON_ERROR_STOP=1 -d $url -f $work/floor.sql" \
    "alembic upgrade head (psycopg2)" "$py -m alembic -c $ini upgrade head" <<'PY'
import os, statistics, subprocess, sys, time
runs, prepare = int(sys.argv[1]), sys.argv[2]
names, cmds = sys.argv[3::2], sys.argv[4::2]
wall = {n: [] for n in names}
cpu = {n: [] for n in names}
for i in range(runs + 1):  # round 0 warms caches and is not counted
    for n, c in zip(names, cmds):
        subprocess.run(prepare, shell=True, check=True)
        before = os.times()
        t = time.perf_counter()
        subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - t
        after = os.times()
        if i:
            wall[n].append(elapsed)
            cpu[n].append(after.children_user - before.children_user + after.children_system - before.children_system)
print("%-34s %9s %9s %9s %11s" % ("wall seconds, %d rounds" % runs, "median", "min", "max", "client CPU"))
for n in names:
    print("%-34s %9.3f %9.3f %9.3f %11.3f" % (n, statistics.median(wall[n]), min(wall[n]), max(wall[n]),
                                            statistics.median(cpu[n])))
med = {n: statistics.median(wall[n]) for n in names}
pm, floor, al = names
print("petmigrate / floor   = %6.2fx" % (med[pm] / med[floor]))
print("alembic / petmigrate = %6.2fx" % (med[al] / med[pm]))
print("client CPU: alembic / petmigrate = %6.1fx" % (statistics.median(cpu[al]) / statistics.median(cpu[pm])))
load = os.getloadavg()
print("load average during the run: %.2f %.2f %.2f on %d CPUs" % (load + (os.cpu_count(),)))
PY
