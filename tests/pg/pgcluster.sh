#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suites.
#
#   pgcluster.sh start DIR   initdb + pg_ctl start; prints the URL and
#                            writes it to DIR/url
#   pgcluster.sh stop DIR    pg_ctl stop and remove the cluster
#
# The server refuses to run as root, so under root (CI) it runs as the
# `postgres` account (or a `pmtest` system user created for the purpose).
# The data directory and unix socket live in a fresh directory under /tmp,
# not in DIR: a build directory may sit below a path that account cannot
# enter, and a socket path longer than 107 bytes cannot be bound. DIR keeps
# only the URL and the location of that directory (DIR/datadir).
# Listening is on 127.0.0.1 only, with trust authentication (but for the
# role pm_password_user, which needs its password).
set -euo pipefail

mode="${1:-}"
state="${2:-}"
if [[ -z "$mode" || -z "$state" ]]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi

pgbin="${PM_PG_BIN:-/usr/lib/postgresql/15/bin}"
python="${PM_PYTHON:-/usr/bin/python3}"

if [[ $(id -u) -eq 0 ]]; then
    user=postgres
    if ! getent passwd "$user" >/dev/null; then
        user=pmtest
        getent passwd "$user" >/dev/null || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    as_user() { runuser -u "$user" -- "$@"; }
else
    user="$(id -un)"
    as_user() { "$@"; }
fi

stop_cluster() {
    local data
    [[ -f "$state/datadir" ]] || return 0
    data="$(cat "$state/datadir")"
    if [[ -d "$data/pgdata" ]]; then
        as_user "$pgbin/pg_ctl" -D "$data/pgdata" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    # Only ever remove a directory this script made.
    if [[ "$data" == /tmp/pm-pg.* ]]; then
        rm -rf -- "$data"
    fi
    rm -f -- "$state/datadir" "$state/url"
}

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$mode" in
start)
    [[ -x "$pgbin/initdb" ]] || { echo "pgcluster: $pgbin/initdb not found; install Debian's postgresql package" >&2; exit 1; }
    mkdir -p "$state"
    stop_cluster # a cluster left over by an interrupted run
    data="$(mktemp -d /tmp/pm-pg.XXXXXX)"
    echo "$data" >"$state/datadir"
    chown "$user" "$data" 2>/dev/null || true
    chmod 700 "$data"
    if ! as_user "$pgbin/initdb" -D "$data/pgdata" -U "$user" -A trust -E UTF8 --no-locale --no-sync \
        >"$data/initdb.log" 2>&1; then
        cat "$data/initdb.log" >&2
        echo "pgcluster: initdb failed" >&2
        exit 1
    fi
    # One role must give a password (the window's password prompt is tested
    # with it); pg_hba.conf takes the first matching line, so it goes first.
    hba="$data/pgdata/pg_hba.conf"
    { echo "host all pm_password_user 127.0.0.1/32 scram-sha-256"; cat "$hba"; } >"$hba.new"
    mv "$hba.new" "$hba"
    chown "$user" "$hba" 2>/dev/null || true
    # Another process may take the port between the probe and the bind:
    # try a few times before giving up.
    started=""
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        if as_user "$pgbin/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
            start >/dev/null 2>&1; then
            started=yes
            break
        fi
        sleep 1
    done
    if [[ -z "$started" ]]; then
        cat "$data/server.log" >&2 || true
        echo "pgcluster: the server did not start" >&2
        exit 1
    fi
    as_user "$pgbin/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >/dev/null
    url="postgresql://$user@127.0.0.1:$port/postgres"
    echo "$url" >"$state/url"
    echo "$url"
    ;;
stop)
    stop_cluster
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
