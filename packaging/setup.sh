#!/usr/bin/env bash
# The one set-up script the README names. On a fresh Debian 12 machine it
# installs what is missing (apt-get), configures and builds, then either
# starts the window or runs every test.
#
#   packaging/setup.sh run [petmanager arguments]   build, then start the app
#   packaging/setup.sh test [ctest arguments]       build, then run all tests
#   packaging/setup.sh build                        build only
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${PM_BUILD_DIR:-$here/build}"
mode="${1:-run}"
shift || true

# Build and runtime needs of the product, then what the tests compare
# against (real Alembic/SQLModel, a PostgreSQL server, Xvfb for screenshots).
packages=(
    build-essential cmake ninja-build
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
    libqscintilla2-qt6-dev qt6-qpa-plugins qt6-svg-dev
    sqlite3
)
test_packages=(
    python3 python3-alembic python3-sqlalchemy python3-sqlmodel python3-psycopg2
    postgresql xvfb x11-apps imagemagick desktop-file-utils appstream xdotool graphviz
)

need=()
wanted=("${packages[@]}")
if [[ "$mode" == test ]]; then wanted+=("${test_packages[@]}"); fi
for p in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        need+=("$p")
    fi
done
if ((${#need[@]})); then
    echo "setup: installing ${need[*]}"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j "$(nproc)"

case "$mode" in
    run)
        exec "$build/app/petmanager/petmanager" "$@"
        ;;
    test)
        exec ctest --test-dir "$build" -j 2 --output-on-failure "$@"
        ;;
    build)
        ;;
    *)
        echo "usage: $0 run|test|build" >&2
        exit 2
        ;;
esac
