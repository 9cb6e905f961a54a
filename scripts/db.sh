#!/usr/bin/env bash
# Database chores against DATABASE_URL (local PostgreSQL):
#   db.sh create             create the database if it does not exist
#   db.sh drop               drop it and its service roles (asks nothing: used by the test harness)
#   db.sh roles              create/update one role per service (<db>_auth, <db>_user, <db>_ai) owning only
#                            its schema (auth_schema, user_schema, ai_schema): scripts/postgres/service-role.sql
#   db.sh migrate            roles, then every service's migrations, each as its own role (Django:
#                            manage.py migrate; AI: alembic), then the admin bootstrap and the catalog seed
# DATABASE_URL is the administrator's connection (a superuser: creates databases and roles); the services
# connect with AUTH_/USER_/AI_DATABASE_URL, built from it with the role and its *_DB_PASSWORD (lib.sh).
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
        # --no-owner restored every object as the superuser: hand each schema back to its service role.
        $compose exec -T postgres sh /docker-entrypoint-initdb.d/10-service-roles.sh
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
    log "dropping database $db_name and its service roles"
    psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$db_name\" WITH (FORCE)"
    for service in $(database_services); do
        psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP ROLE IF EXISTS \"$(role_of "$service")\""
    done
    ;;
roles)
    for service in $(database_services); do
        log "$service: role $(role_of "$service") owns $(schema_of "$service") and nothing else"
        SB_ROLE_PASSWORD="$(role_password_of "$service")" psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 \
            -v role="$(role_of "$service")" -v schema="$(schema_of "$service")" \
            -f "$REPO_ROOT/scripts/postgres/service-role.sql"
    done
    ;;
migrate)
    "$0" roles
    export_service_database_urls
    export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
    for service in auth-service user-service; do
        if [[ -f "$REPO_ROOT/$service/manage.py" ]]; then
            log "$service: manage.py migrate (as $(role_of "$service"))"
            (cd "$REPO_ROOT/$service" && DATABASE_URL="$(service_database_url "$service")" \
                .venv/bin/python manage.py migrate --noinput)
        fi
    done
    # ADMIN_EMAIL / ADMIN_PASSWORD: make sure that admin exists (idempotent; nothing when unset).
    log "auth-service: ensure_admin"
    (cd "$REPO_ROOT/auth-service" && DATABASE_URL="$AUTH_DATABASE_URL" .venv/bin/python manage.py ensure_admin)
    if [[ -f "$REPO_ROOT/ai-service/alembic.ini" ]]; then
        log "ai-service: alembic upgrade head, product catalog (as $(role_of ai-service))"
        (cd "$REPO_ROOT/ai-service" && export DATABASE_URL="$AI_DATABASE_URL" &&
            .venv/bin/alembic upgrade head && .venv/bin/python -m app.recommendations.seed)
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
    "$0" roles # --no-owner restored every object as the administrator: hand each schema back to its role
    log "restored $file into $db_name"
    ;;
*)
    die "usage: $0 create|drop|roles|migrate|backup [file]|restore <file>"
    ;;
esac
