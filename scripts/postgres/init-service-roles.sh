#!/bin/sh
# Compose: the postgres container's first start (/docker-entrypoint-initdb.d) creates one role per service
# with service-role.sql: smartbreeds_auth, smartbreeds_user, smartbreeds_ai, each owning only its schema.
# Passwords: AUTH_DB_PASSWORD, USER_DB_PASSWORD, AI_DB_PASSWORD (from .env). For a volume created before the
# roles existed, run it by hand: docker compose exec postgres sh /docker-entrypoint-initdb.d/10-service-roles.sh
set -eu
sql=/opt/smartbreeds/service-role.sql
database="${POSTGRES_DB:-smartbreeds}"
for service in auth user ai; do
    case "$service" in
    auth) password="$AUTH_DB_PASSWORD" ;;
    user) password="$USER_DB_PASSWORD" ;;
    ai) password="$AI_DB_PASSWORD" ;;
    esac
    SB_ROLE_PASSWORD="$password" psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "$database" \
        -v role="${database}_${service}" -v schema="${service}_schema" -f "$sql"
done
