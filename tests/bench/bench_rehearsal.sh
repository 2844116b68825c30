#!/bin/bash
# `upgrade head --plan` over a body that reads rows: the rehearsal copies the
# SQLite file (VACUUM INTO) and runs the step on the copy. Its floor is the
# sqlite3 shell doing the same two things: VACUUM INTO, then the step's SQL
# (as the rehearsal reports it) in one transaction on the copy. Also timed,
# for scale: the real `upgrade head` on a fresh copy of the database.
#
#   tests/bench/bench_rehearsal.sh [PETMIGRATE] [ROWS]
#
# ROWS defaults to 200,000 pets (a ~9 MB file). Wall and CPU time are both
# printed: on a shared, loaded machine the CPU time is the steadier.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pm=${1:-$root/build/app/petmigrate/petmigrate}
rows=${2:-200000}
py=/usr/bin/python3
runs=${RUNS:-5}
[ -x "$pm" ] || { echo "petmigrate not found at $pm" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_rehearsal.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/proj/migrations/versions"
cp "$root/resources/templates/generic/script.py.mako" "$work/proj/migrations/"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite:///%%(here)s/pets.db\n' \
    > "$work/proj/alembic.ini"
cat > "$work/proj/migrations/versions/a1_pets.py" <<'EOF'
from alembic import op
import sqlalchemy as sa

revision = 'a1'
down_revision = None


def upgrade():
    op.create_table('pet', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('name', sa.String(), nullable=False), sa.Column('stray', sa.Boolean()))


def downgrade():
    op.drop_table('pet')
EOF
# A data migration as teams write them: look at the rows, then decide.
cat > "$work/proj/migrations/versions/b2_strays.py" <<'EOF'
from alembic import op
import sqlalchemy as sa

revision = 'b2'
down_revision = 'a1'


def upgrade():
    bind = op.get_bind()
    strays = bind.execute(sa.text('SELECT count(*) FROM pet WHERE stray')).scalar()
    if strays:
        op.execute('DELETE FROM pet WHERE stray')
    with op.batch_alter_table('pet') as batch_op:
        batch_op.drop_column('stray')


def downgrade():
    pass
EOF
ini=$work/proj/alembic.ini
db=$work/proj/pets.db
"$pm" -c "$ini" upgrade a1 2>/dev/null
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
               INSERT INTO pet (id, name, stray) SELECT i, 'pet ' || i, i % 10 = 0 FROM n;"
cp "$db" "$work/pets.a1.db"

# The floor's SQL: the statements the rehearsal reports, in one transaction.
"$pm" -c "$ini" upgrade head --plan > "$work/plan.txt"
head -1 "$work/plan.txt" | grep -q '^Rehearsed on a copy' || { echo "NOT REHEARSED:"; head "$work/plan.txt"; exit 1; }
{ echo "BEGIN;"
  sed -n '/^Step 1:/,/^$/p' "$work/plan.txt" | sed -n 's/^    //p'
  echo "UPDATE alembic_version SET version_num='b2' WHERE alembic_version.version_num = 'a1';"
  echo "COMMIT;"; } > "$work/floor.sql"
cmp -s "$db" "$work/pets.a1.db" || { echo "THE PLAN CHANGED THE DATABASE" >&2; exit 1; }

timeit() {  # "wall cpu": mean seconds over runs; `prepare` runs untimed before each
    local r=$1 prepare=$2; shift 2
    "$py" - "$r" "$prepare" "$*" <<'PY'
import resource, subprocess, sys, time
runs, prepare, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
wall = cpu = 0.0
for i in range(runs + 1):
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
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

printf '\n%d rows, %s bytes (%s), load average %s\n' "$rows" "$(stat -c %s "$db")" "$work" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
read pw pc < <(timeit "$runs" "" "$pm -c $ini upgrade head --plan")
read fw fc < <(timeit "$runs" "rm -f $work/copy.db" \
    "sqlite3 $db \"VACUUM INTO '$work/copy.db'\" && sqlite3 $work/copy.db < $work/floor.sql")
read uw uc < <(timeit "$runs" "cp $work/pets.a1.db $db" "$pm -c $ini upgrade head")
cp "$work/pets.a1.db" "$db"
printf '%-44s wall %8.3fs  cpu %8.3fs\n' "petmigrate upgrade head --plan (rehearsal)" "$pw" "$pc" \
    "sqlite3: VACUUM INTO + the same SQL, 1 txn" "$fw" "$fc" "petmigrate upgrade head (the real run)" "$uw" "$uc"
printf 'rehearsal / floor = wall %6.2fx  cpu %6.2fx\n' "$(echo "$pw / $fw" | bc -l)" "$(echo "$pc / $fc" | bc -l)"
