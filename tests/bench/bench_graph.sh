#!/bin/bash
# The history graph on a 10,000-revision project with branches, merges,
# depends_on and labels (gen_project.py graph N): the time from opening it in
# the window to the first painted graph, scrolling it, and reading the
# badges in the background, beside real Alembic listing the same history
# (`alembic history`, the nearest thing it has). Issue 12.
#
#   tests/bench/bench_graph.sh [BENCH_GRAPH] [N]
#
# BENCH_GRAPH defaults to build/tests/bench/bench_graph, N to 10000. Runs
# offscreen unless BENCH_DISPLAY names an X display (e.g. Xvfb :41).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${1:-$root/build/tests/bench/bench_graph}
n=${2:-10000}
py=/usr/bin/python3   # Debian's python3 with python3-alembic 1.8.1
[ -x "$bench" ] || { echo "bench_graph not found at $bench (build the bench_graph target)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench_graph.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$py" "$here/gen_project.py" graph "$n" "$work/proj" >/dev/null
ini=$work/proj/alembic.ini
export PYTHONDONTWRITEBYTECODE=1
# The database half way up the main line, so the graph has applied and
# pending rows (stamped by Alembic; upgrading would only add tables).
mid=$("$py" -m alembic -c "$ini" history 2>/dev/null | sed -n "$((n / 2))p" | sed -E 's/.*-> ([0-9a-f]+).*/\1/')
"$py" -m alembic -c "$ini" stamp "$mid" >/dev/null 2>&1

if [ -n "${BENCH_DISPLAY:-}" ]; then
    export DISPLAY=$BENCH_DISPLAY QT_QPA_PLATFORM=xcb
else
    export QT_QPA_PLATFORM=offscreen
fi
printf '%d revisions (%s), database at %s, load average %s\n' "$(ls "$work/proj/versions" | wc -l)" \
    "$work/proj" "$mid" "$(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" --ini "$ini" --db "$work/proj/bench.db" --runs 3 | tee "$work/bench.out"
paint=$(sed -n 's/^first_paint_ms=//p' "$work/bench.out")
paint_cpu=$(sed -n 's/^first_paint_cpu_ms=//p' "$work/bench.out")

# Real Alembic reading the same graph and printing it (mean of 2), wall
# time and CPU time (its process: it is single-threaded).
read -r alembic_ms alembic_cpu_ms < <("$py" - "$py" "$ini" <<'PY'
import os, subprocess, sys, time
py, ini = sys.argv[1], sys.argv[2]
cmd = [py, "-m", "alembic", "-c", ini, "history"]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
t = time.perf_counter()
c = os.times()
for _ in range(2):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
d = os.times()
cpu = (d.children_user - c.children_user) + (d.children_system - c.children_system)
print("%.1f %.1f" % ((time.perf_counter() - t) / 2 * 1000, cpu / 2 * 1000))
PY
)
printf 'alembic history               %s ms (CPU %s ms)\n' "$alembic_ms" "$alembic_cpu_ms"
printf 'ratio, wall (alembic history / first painted graph) %.1fx\n' "$(echo "$alembic_ms / $paint" | bc -l)"
printf 'ratio, CPU  (alembic history / GUI thread to first paint) %.1fx\n' "$(echo "$alembic_cpu_ms / $paint_cpu" | bc -l)"
