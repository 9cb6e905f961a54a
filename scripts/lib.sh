# Shared helpers for scripts/*.sh (sourced, not executed).
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The interpreter for a Python version: $PYTHON312 / $PYTHON311, the pyenv build, or pythonX.Y on PATH.
find_python() {
    local version="$1" var="PYTHON${1/./}" candidate
    for candidate in "${!var:-}" "/root/.pyenv/versions/${version}.1/bin/python${version}" \
        "/root/.pyenv/versions/${version}.7/bin/python${version}" "$(command -v "python${version}" || true)"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    die "no Python ${version} found: $(python_hint "$version")"
}

# How to get a missing Python version.
python_hint() {
    printf 'install Python %s (e.g. `pyenv install %s`, or `apt-get install python%s` where Debian ships it) or set PYTHON%s=/path/to/python%s' \
        "$1" "$1" "$1" "${1/./}" "$1"
}

# Both interpreters the venvs need: 3.12 (gateway, Django services, root tests), 3.11 (ai-service: CPU torch).
check_pythons() {
    local version missing=()
    for version in 3.12 3.11; do
        (find_python "$version" >/dev/null 2>&1) || missing+=("$version")
    done
    ((${#missing[@]} == 0)) && return 0
    for version in "${missing[@]}"; do warn "Python $version is missing: $(python_hint "$version")"; done
    die "missing Python versions: ${missing[*]}"
}

# Load .env (if present) without overriding variables already set in the environment.
load_env() {
    local file="${1:-$REPO_ROOT/.env}" line key value
    [[ -f "$file" ]] || return 0
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
        key="${BASH_REMATCH[1]}"
        value="${BASH_REMATCH[2]}"
        value="${value%%[[:space:]]#*}"         # strip trailing comments
        value="${value%"${value##*[![:space:]]}"}" # strip trailing blanks
        [[ -n "${!key+x}" ]] || export "$key=$value"
    done <"$file"
}

# The Redis the local stack (`make dev`, make create-admin, seed-kb) uses: REDIS_URL when it carries a
# password or is not local; otherwise the project's own password-protected Redis on 127.0.0.1:DEV_REDIS_PORT
# (6380) with requirepass REDIS_PASSWORD, started by `datastores.sh dev`. A Redis without a password
# lets any local process delete revocation keys (a logged-out token works again). Tests and CI keep
# REDIS_URL as it is (their own key prefixes on the shared, unauthenticated 6379).
dev_redis_url() {
    python3 - "${REDIS_URL:-redis://127.0.0.1:6379/0}" "${REDIS_PASSWORD:-}" "${DEV_REDIS_PORT:-6380}" <<'PY'
import sys
from urllib.parse import quote, urlsplit

url, password, port = sys.argv[1:]
parts = urlsplit(url)
if parts.password or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
    print(url)
elif not password or password == "change-me":
    sys.exit("REDIS_PASSWORD is not set in .env: the local stack's Redis needs one (scripts/env.sh makes one)")
else:
    print(f"redis://:{quote(password, safe='')}@127.0.0.1:{port}/0")
PY
}

# Point REDIS_URL at the local stack's Redis (dev_redis_url); call after load_env.
use_dev_redis() {
    REDIS_URL="$(dev_redis_url)" || die "no Redis for the local stack"
    export REDIS_URL
}

# Database name from a postgresql:// URL (path component, without query).
db_name_of() {
    local url="${1%%\?*}"
    printf '%s\n' "${url##*/}"
}

# The URL with its database replaced by "postgres" (for CREATE/DROP DATABASE).
admin_url_of() {
    local url="$1" query=""
    [[ "$url" == *\?* ]] && query="?${url#*\?}"
    url="${url%%\?*}"
    printf '%s/postgres%s\n' "${url%/*}" "$query"
}

# Python services present in this checkout (a folder with a requirements file), in start order.
python_services() {
    local service
    for service in auth-service user-service ai-service api-gateway; do
        [[ -f "$REPO_ROOT/$service/requirements.txt" ]] && printf '%s\n' "$service"
    done
    return 0
}

# Run as root only: apt-get install the Debian packages given, if any is missing.
ensure_debian_packages() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != 0 ]]; then
        warn "missing Debian packages (install them as root): ${missing[*]}"
        return 0
    fi
    log "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Procfile.dev process name of a service folder.
process_of() {
    case "$1" in
    api-gateway) echo gateway ;;
    auth-service) echo auth ;;
    user-service) echo user ;;
    ai-service) echo ai ;;
    *) die "unknown service $1" ;;
    esac
}

# Compose for the Docker path: scripts/compose.sh (Docker or podman, local stand-in bases when built).
compose_command() {
    echo "$REPO_ROOT/scripts/compose.sh"
}

# --- per-service PostgreSQL roles (least privilege; see scripts/postgres/service-role.sql) ---------------
# Services with their own schema and role, and the short name used in role and variable names.
database_services() { printf '%s\n' auth-service user-service ai-service; }
service_short() {
    case "$1" in
    auth-service) echo auth ;;
    user-service) echo user ;;
    ai-service) echo ai ;;
    *) die "no database role for $1" ;;
    esac
}
schema_of() { printf '%s_schema\n' "$(service_short "$1")"; }
# Roles are named after the database (smartbreeds -> smartbreeds_auth), so every database of the
# cluster (make dev, each test stack) has its own set.
role_of() { printf '%s_%s\n' "$(db_name_of "$DATABASE_URL")" "$(service_short "$1")"; }

# AUTH_DB_PASSWORD / USER_DB_PASSWORD / AI_DB_PASSWORD from .env; a .env made before they existed gets
# one derived from DJANGO_SECRET_KEY and the role name (stable, so make dev and db.sh agree).
role_password_of() {
    local var
    var="$(service_short "$1" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    if [[ -n "${!var:-}" ]]; then
        printf '%s\n' "${!var}"
        return 0
    fi
    [[ -n "${DJANGO_SECRET_KEY:-}" ]] || die "$var is not set (run make env, or add it to .env)"
    printf 'smartbreeds-db-role\0%s\0%s' "$DJANGO_SECRET_KEY" "$(role_of "$1")" | sha256sum | cut -c1-48
}

# DATABASE_URL with the service's role and password: what the service connects with.
service_database_url() {
    SB_URL="$DATABASE_URL" SB_ROLE="$(role_of "$1")" SB_PASSWORD="$(role_password_of "$1")" python3 -c '
import os
from urllib.parse import quote, urlsplit, urlunsplit
url = urlsplit(os.environ["SB_URL"])
host = url.hostname or "127.0.0.1"
role, password = quote(os.environ["SB_ROLE"], safe=""), quote(os.environ["SB_PASSWORD"], safe="")
netloc = role + ":" + password + "@"
netloc += f"[{host}]" if ":" in host else host
netloc += f":{url.port}" if url.port else ""
print(urlunsplit(url._replace(netloc=netloc)))'
}

# Export AUTH_DATABASE_URL, USER_DATABASE_URL and AI_DATABASE_URL (Procfile.dev hands each to its service).
export_service_database_urls() {
    local service var url
    for service in $(database_services); do
        var="$(service_short "$service" | tr '[:lower:]' '[:upper:]')_DATABASE_URL"
        url="$(service_database_url "$service")" || die "cannot build $var"
        export "$var=$url"
    done
}

# --- containers (docs/containers.md) ------------------------------------------------------------------
# The container engine: docker when its daemon answers, else podman (Docker-compatible API on
# $PODMAN_SOCKET, started by scripts/podman-engine.sh); CONTAINER_ENGINE=docker|podman forces one.
container_engine() {
    if [[ -n "${CONTAINER_ENGINE:-}" ]]; then
        echo "$CONTAINER_ENGINE"
    elif command -v docker >/dev/null && [[ -z "${DOCKER_HOST:-}" ]] && docker info >/dev/null 2>&1; then
        echo docker
    elif command -v podman >/dev/null; then
        echo podman
    else
        die "no container engine: install Docker, or podman (apt-get install podman runc; docs/containers.md)"
    fi
}
