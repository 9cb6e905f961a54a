#!/usr/bin/env bash
# Database chores against DATABASE_URL (local PostgreSQL):
#   db.sh create             create the database if it does not exist
#   db.sh drop               drop it (asks nothing: used by `make fclean` and the test harness)
#   db.sh migrate            run every service's migrations (Django: manage.py migrate; AI: alembic)
#   db.sh backup [file]      pg_dump (custom format) into var/backups/ (or file)
#   db.sh restore <file>     pg_restore --clean into the database
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

: "${DATABASE_URL:?DATABASE_URL is not set (run make env)}"
db_name="$(db_name_of "$DATABASE_URL")"
admin_url="$(admin_url_of "$DATABASE_URL")"
[[ "$db_name" =~ ^[A-Za-z0-9_]+$ ]] || die "unexpected database name: $db_name"

if [[ "${DOCKER:-0}" == 1 ]]; then
    # The Compose database is not reachable from the host: work inside the containers.
    compose="$(compose_command)"
    case "${1:-}" in
    migrate)
        $compose exec -T auth-service python manage.py migrate --noinput
        $compose exec -T user-service python manage.py migrate --noinput
        $compose exec -T ai-service alembic upgrade head
        ;;
    backup)
        file="${2:-$REPO_ROOT/var/backups/docker-$(date -u +%Y%m%dT%H%M%SZ).dump}"
        mkdir -p "$(dirname "$file")"
        $compose exec -T postgres sh -c 'pg_dump -U "$POSTGRES_USER" --format=custom --no-owner "$POSTGRES_DB"' >"$file"
        log "backup written to $file"
        ;;
    restore)
        file="${2:?usage: db.sh restore <file>}"
        $compose exec -T postgres sh -c \
            'pg_restore -U "$POSTGRES_USER" --clean --if-exists --no-owner --exit-on-error -d "$POSTGRES_DB"' <"$file"
        log "restored $file"
        ;;
    *) die "with DOCKER=1: migrate|backup [file]|restore <file>" ;;
    esac
    exit 0
fi

case "${1:-}" in
create)
    if [[ "$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'")" == 1 ]]; then
        log "database $db_name exists"
    else
        log "creating database $db_name"
        psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db_name\""
    fi
    ;;
drop)
    log "dropping database $db_name"
    psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$db_name\" WITH (FORCE)"
    ;;
migrate)
    export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
    for service in auth-service user-service; do
        if [[ -f "$REPO_ROOT/$service/manage.py" ]]; then
            log "$service: manage.py migrate"
            (cd "$REPO_ROOT/$service" && .venv/bin/python manage.py migrate --noinput)
        fi
    done
    # ADMIN_EMAIL / ADMIN_PASSWORD: make sure that admin exists (idempotent; nothing when unset).
    log "auth-service: ensure_admin"
    (cd "$REPO_ROOT/auth-service" && .venv/bin/python manage.py ensure_admin)
    if [[ -f "$REPO_ROOT/ai-service/alembic.ini" ]]; then
        log "ai-service: alembic upgrade head, product catalog"
        (cd "$REPO_ROOT/ai-service" && .venv/bin/alembic upgrade head && .venv/bin/python -m app.recommendations.seed)
    fi
    ;;
backup)
    file="${2:-$REPO_ROOT/var/backups/${db_name}-$(date -u +%Y%m%dT%H%M%SZ).dump}"
    mkdir -p "$(dirname "$file")"
    pg_dump --format=custom --no-owner --file="$file" "$DATABASE_URL"
    log "backup written to $file"
    ;;
restore)
    file="${2:?usage: db.sh restore <file>}"
    [[ -f "$file" ]] || die "no such backup: $file"
    "$0" create
    pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$DATABASE_URL" "$file"
    log "restored $file into $db_name"
    ;;
*)
    die "usage: $0 create|drop|migrate|backup [file]|restore <file>"
    ;;
esac
