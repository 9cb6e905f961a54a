#!/bin/sh
# The official postgres image's entrypoint contract, for the stand-in:
# - as root: own PGDATA and re-run as postgres; as any other uid: run as that uid.
# - empty PGDATA: initdb (superuser POSTGRES_USER with POSTGRES_PASSWORD, scram-sha-256 over TCP),
#   create POSTGRES_DB, run /docker-entrypoint-initdb.d/* against a server listening on the socket only.
# - then exec the command (postgres, listening on every address of the container).
set -eu
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
export POSTGRES_USER POSTGRES_DB

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 -D "$PGDATA" >/dev/null
    rm -f "$pwfile"
    printf '\nhost all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    # The command's own arguments (e.g. -c unix_socket_directories=...), on the local socket only.
    shift
    pg_ctl -D "$PGDATA" -o "$* -c listen_addresses=''" -w start >/dev/null
    set -- postgres "$@"
    if [ "$POSTGRES_DB" != postgres ]; then
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
            -c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
    fi
    for file in /docker-entrypoint-initdb.d/*; do
        case "$file" in
        *.sh)
            if [ -x "$file" ]; then "$file"; else . "$file"; fi
            ;;
        *.sql) psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$file" ;;
        *) [ -e "$file" ] && echo "ignoring $file" >&2 ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "PostgreSQL init process complete; ready for start up." >&2
fi
exec "$@" -c listen_addresses='*'
