#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer where DATABASE_URL / REDIS_URL point (local addresses only):
# install the Debian packages when they are missing (as root), start the local cluster / a Redis
# server when nothing answers, then wait for them. Used by `make dev`, `make test` and .ci/run.
# Remote addresses are only checked, never started.
#   datastores.sh        DATABASE_URL and REDIS_URL (make test, CI)
#   datastores.sh dev    DATABASE_URL and the local stack's password-protected Redis (lib.sh dev_redis_url;
#                        its own port, var/redis-dev, append-only file so revocations survive a restart)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

database_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/smartbreeds}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
redis_dir="${REDIS_DIR:-$REPO_ROOT/var/redis}"
redis_persistence=(--save "" --appendonly no)
if [[ "${1:-}" == dev ]]; then
    redis_url="$(dev_redis_url)" || die "no Redis for the local stack"
    redis_dir="${DEV_REDIS_DIR:-$REPO_ROOT/var/redis-dev}"
    redis_persistence=(--save "" --appendonly yes)
fi
read -r pg_host pg_port < <(python3 - "$database_url" <<'PY'
import sys
from urllib.parse import urlsplit
url = urlsplit(sys.argv[1])
print(url.hostname or "127.0.0.1", url.port or 5432)
PY
)
read -r redis_host redis_port redis_password < <(python3 - "$redis_url" <<'PY'
import sys
from urllib.parse import unquote, urlsplit
url = urlsplit(sys.argv[1])
print(url.hostname or "127.0.0.1", url.port or 6379, unquote(url.password or "") or "-")
PY
)
is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

postgres_answers() { pg_isready -h "$pg_host" -p "$pg_port" -q 2>/dev/null; }
redis_answers() {
    # The password goes through the environment, never the command line (visible in ps).
    if [[ "$redis_password" != - ]]; then
        [[ "$(REDISCLI_AUTH="$redis_password" redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" == PONG ]]
    else
        [[ "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" == PONG ]]
    fi
}
# With a password configured, a Redis that answers without one is not ours: refuse it.
redis_open_without_password() {
    [[ "$redis_password" != - && "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" == PONG ]]
}
wait_for() {
    local what="$1" check="$2"
    for _ in $(seq 30); do "$check" && return 0; sleep 1; done
    die "$what is not answering"
}

ensure_debian_packages postgresql-client redis-tools
if ! postgres_answers; then
    is_local "$pg_host" || die "PostgreSQL is not answering at $pg_host:$pg_port (DATABASE_URL)"
    ensure_debian_packages postgresql
    command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not installed: apt-get install postgresql (as root)"
    cluster_version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$cluster_version" ]] || die "no PostgreSQL cluster in /etc/postgresql (pg_createcluster <version> main)"
    log "starting PostgreSQL $cluster_version"
    if [[ "$(id -u)" == 0 ]]; then
        pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start
    else
        pg_ctlcluster "$cluster_version" main start
    fi
    wait_for "PostgreSQL at $pg_host:$pg_port" postgres_answers
fi
log "PostgreSQL answers at $pg_host:$pg_port"

if ! redis_answers; then
    is_local "$redis_host" || die "Redis is not answering at $redis_host:$redis_port (REDIS_URL)"
    ensure_debian_packages redis-server
    command -v redis-server >/dev/null || die "Redis is not installed: apt-get install redis-server (as root)"
    log "starting Redis on $redis_host:$redis_port"
    dir="$redis_dir"
    mkdir -p "$dir"
    chmod 700 "$dir"
    args=(--daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" "${redis_persistence[@]}"
        --dir "$dir" --logfile "$dir/redis.log")
    # `redis-server -` reads extra configuration from stdin: the password stays off the command line.
    if [[ "$redis_password" != - ]]; then
        printf 'requirepass "%s"\n' "$redis_password" | redis-server - "${args[@]}"
    else
        redis-server "${args[@]}"
    fi
    wait_for "Redis at $redis_host:$redis_port" redis_answers
fi
redis_open_without_password &&
    die "a Redis without a password answers at $redis_host:$redis_port, where one with a password was expected"
log "Redis answers at $redis_host:$redis_port"
