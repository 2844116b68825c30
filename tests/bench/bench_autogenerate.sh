#!/bin/bash
# Autogenerate with 1,000 tables (issue 5): `petmigrate revision --autogenerate
# --target-url B` vs real Alembic 1.8.1's `alembic revision --autogenerate` in
# the same project, whose env.py reflects B into target_metadata (so both
# tools reflect B, reflect the live database, compare, render and write a
# script, process start included). Two cases:
#   all new    live database empty, B has 1,000 tables
#   no change  live database is a copy of B
# B's tables: a primary key, 6 columns of various types (NOT NULL, a server
# default), a named unique constraint, an index, a named CHECK, and (9 in
# 10) a named foreign key with ON DELETE to the first table of its group of
# 10 (not to the previous table: Alembic reflects referred tables
# recursively and a 1,000-long chain overflows Python's stack). Both tools
# get the same env.py settings (compare_type, compare_server_default,
# render_as_batch). Goal: petmigrate >= 20x faster than Alembic.
#
#   tests/bench/bench_autogenerate.sh [PETMIGRATE] [N]
# RUNS (default 5) timed runs for petmigrate, ARUNS (default 2) for Alembic.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pm=$(realpath "${1:-$root/build-roundtrip/app/petmigrate/petmigrate}")
n=${2:-1000}
py=/usr/bin/python3   # Debian's python3 with python3-alembic 1.8.1
runs=${RUNS:-5}
aruns=${ARUNS:-2}
[ -x "$pm" ] || { echo "petmigrate not found at $pm" >&2; exit 1; }
"$py" -c 'import alembic' || { echo "$py has no alembic (apt-get install python3-alembic)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_autogenerate.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PYTHONDONTWRITEBYTECODE=1
proj=$work/proj
target=$work/target.db

# B, written with Python's sqlite3 in one transaction.
"$py" - "$n" "$target" <<'PY'
import sqlite3, sys
n, path = int(sys.argv[1]), sys.argv[2]
c = sqlite3.connect(path)
c.execute("BEGIN")
for i in range(n):
    t = "t%04d" % i
    fk = ""
    if i % 10:  # to the first table of its group of 10: a 1,000-long FK
        head = i - i % 10  # chain would overflow Alembic's recursive reflection
        fk = (",\n  CONSTRAINT fk_%s_prev_id_t%04d FOREIGN KEY(prev_id) REFERENCES t%04d (id) ON DELETE SET NULL"
              % (t, head, head))
    c.execute(
        "CREATE TABLE %s (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, note TEXT, "
        "qty INTEGER DEFAULT '0' NOT NULL, price NUMERIC(10, 2), born DATE, prev_id INTEGER,\n"
        "  PRIMARY KEY (id),\n  CONSTRAINT uq_%s_name UNIQUE (name),\n"
        "  CONSTRAINT ck_%s_qty CHECK (qty >= 0)%s\n)" % (t, t, t, fk))
    c.execute("CREATE INDEX ix_%s_note ON %s (note)" % (t, t))
c.commit()
PY

# One project for both tools: Alembic's generic template, env.py reflecting
# the database named by -x target_url (petmigrate gets --target-url; it reads
# env.py's configure() keywords without running it).
mkdir -p "$proj" && cd "$proj"
"$py" -m alembic init migrations >/dev/null
sed -i "s|^sqlalchemy.url = .*|sqlalchemy.url = sqlite:///$work/live.db|" alembic.ini
"$py" - "$proj/migrations/env.py" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("target_metadata = None\n",
              "import sqlalchemy\n"
              "target_metadata = sqlalchemy.MetaData()\n"
              "target_metadata.reflect(sqlalchemy.create_engine(context.get_x_argument(as_dictionary=True)['target_url']))\n", 1)
old = "            connection=connection, target_metadata=target_metadata\n"
assert old in s
s = s.replace(old, "            connection=connection,\n"
                   "            target_metadata=target_metadata,\n"
                   "            compare_type=True,\n"
                   "            compare_server_default=True,\n"
                   "            render_as_batch=True,\n", 1)
open(p, "w").write(s)
PY

versions=$proj/migrations/versions
pm_cmd="$pm revision --autogenerate -m bench --rev-id bench0000001 --target-url sqlite:///$target"
al_cmd="$py -m alembic -x target_url=sqlite:///$target revision --autogenerate -m bench --rev-id bench0000001"

setup_live() {  # all-new: empty file; no-change: a copy of B
    rm -f "$work/live.db"
    if [ "$1" = nochange ]; then cp "$target" "$work/live.db"; fi
}

# Sanity: both tools write a script for each case; compare their bodies.
body() { sed -n '/^depends_on = /,$p' "$1" | tail -n +2; }
for case in allnew nochange; do
    setup_live $case; rm -f "$versions"/*.py
    $pm_cmd >/dev/null 2>"$work/pm.err" || { echo "petmigrate failed ($case):"; cat "$work/pm.err"; exit 1; }
    cp "$versions"/bench0000001_bench.py "$work/$case.pm.py"
    setup_live $case; rm -f "$versions"/*.py
    $al_cmd >/dev/null 2>"$work/al.err" || { echo "alembic failed ($case):"; tail "$work/al.err"; exit 1; }
    cp "$versions"/bench0000001_bench.py "$work/$case.al.py"
    ops=$(grep -c "op\.\|batch_op\." "$work/$case.pm.py" || true)
    if cmp -s <(body "$work/$case.pm.py") <(body "$work/$case.al.py"); then
        echo "$case: script bodies identical ($ops op lines)"
    else
        echo "$case: SCRIPT BODIES DIFFER ($ops op lines in petmigrate's; first lines of diff -u alembic petmigrate):"
        diff -u <(body "$work/$case.al.py") <(body "$work/$case.pm.py") | head -20 || true
        cp "$work/$case.al.py" "/tmp/bench_autogenerate-$case.alembic.py"
        cp "$work/$case.pm.py" "/tmp/bench_autogenerate-$case.petmigrate.py"
        echo "(kept as /tmp/bench_autogenerate-$case.{alembic,petmigrate}.py)"
    fi
done

timeit() {  # mean seconds; the live database and versions/ are reset before every run
    local r=$1 case=$2; shift 2
    local prep="rm -f $versions/*.py $work/live.db"
    [ "$case" = nochange ] && prep="$prep; cp $target $work/live.db"
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs "$r" --prepare "$prep" --export-json "$work/h.json" "$*" >/dev/null 2>&1
        "$py" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/h.json"
    else
        "$py" - "$r" "$prep" "$*" <<'PY'
import subprocess, sys, time
runs, prep, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
total = 0.0
for i in range(runs + 1):
    subprocess.run(prep, shell=True, check=True)
    t = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    if i: total += time.perf_counter() - t
print("%.4f" % (total / runs))
PY
    fi
}

printf '\n%d tables, autogenerate (%s)\n' "$n" "$work"
for case in allnew nochange; do
    p=$(timeit "$runs" $case "$pm_cmd")
    a=$(timeit "$aruns" $case "$al_cmd")
    label=$([ $case = allnew ] && echo "all new" || echo "no change")
    printf '%-10s petmigrate %8ss   alembic %8ss   alembic/petmigrate = %6.1fx  (goal >= 20x)\n' \
        "$label" "$p" "$a" "$(echo "$a / $p" | bc -l)"
done
