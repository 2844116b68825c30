#!/usr/bin/env bash
# The one set-up script the README names. On a fresh Debian 12 machine it
# installs what is missing (apt-get), configures and builds, then either
# starts the window or runs every test.
#
#   packaging/setup.sh run [petmanager arguments]   build, then start the app
#   packaging/setup.sh test [ctest arguments]       build, then run all tests
#   packaging/setup.sh build                        build only
#   packaging/setup.sh sanitize [ctest arguments]   clang 16 + ASan/UBSan build in
#                                                   build-sanitize/ (PM_FUZZ): runs the
#                                                   core, interop and fuzz-replay suites
#   packaging/setup.sh fuzz [SECONDS] [TARGET...]   the libFuzzer targets of that build,
#                                                   SECONDS each (60 by default)
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
    libsqlite3-dev
)
# The sanitizer and fuzzing build (issue 14): Debian's clang 16, the first
# that compiles libstdc++ 12's std::expected, and its libFuzzer/ASan/UBSan
# runtimes.
sanitize_packages=(clang-16 libclang-rt-16-dev)

need=()
wanted=("${packages[@]}")
case "$mode" in
    test) wanted+=("${test_packages[@]}") ;;
    sanitize | fuzz) wanted+=("${test_packages[@]}" "${sanitize_packages[@]}") ;;
esac
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

if [[ "$mode" == sanitize || "$mode" == fuzz ]]; then
    # Core, command line and tests only: the window's suites stay in the
    # normal build (Qt's widgets are not instrumented anyway).
    build="${PM_SANITIZE_BUILD_DIR:-$here/build-sanitize}"
    if [[ ! -f "$build/CMakeCache.txt" ]]; then
        CC=clang-16 CXX=clang++-16 cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DPM_FUZZ=ON -DPM_BUILD_GUI=OFF
    fi
    cmake --build "$build" -j "$(nproc)" --target sanitize_suites fuzz_targets
else
    if [[ ! -f "$build/CMakeCache.txt" ]]; then
        cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    fi
    cmake --build "$build" -j "$(nproc)"
fi

case "$mode" in
    run)
        exec "$build/app/petmanager/petmanager" "$@"
        ;;
    test)
        exec ctest --test-dir "$build" -j 2 --output-on-failure "$@"
        ;;
    build)
        ;;
    sanitize)
        # A leak, an ASan report or any UB aborts the suite that met it.
        export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
        export LSAN_OPTIONS="suppressions=$here/tests/fuzz/lsan.supp"
        export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
        exec ctest --test-dir "$build" -j 2 --output-on-failure -L 'core|interop|fuzz' -LE 'postgres|pg' "$@"
        ;;
    fuzz)
        exec bash "$here/tests/fuzz/run.sh" "$build" "${1:-60}" "${@:2}"
        ;;
    *)
        echo "usage: $0 run|test|build|sanitize|fuzz" >&2
        exit 2
        ;;
esac
