#!/usr/bin/env bash
# `make lint`: every static check, for every package, one after the other, then a summary.
#   Python (each service, libs/smartbreeds-common, tests/): ruff check, ruff format --check, mypy
#     (configs: ruff.toml and mypy-base.toml at the root, extended/repeated by each package)
#   Django services: manage.py makemigrations --check --dry-run (a model change without a migration fails)
#   ai-service: alembic check against a throwaway database migrated to head (created and dropped here)
#   frontend: tsc --noEmit, and `npm run lint` when package.json has a lint script
#   lint.sh [check ...]   only some checks, e.g. `lint.sh ruff mypy` (ruff, format, mypy, migrations, frontend)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

checks=("$@")
((${#checks[@]})) || checks=(ruff format mypy migrations frontend)
wanted() {
    local check
    for check in "${checks[@]}"; do [[ "$check" == "$1" ]] && return 0; done
    return 1
}

failed=()
run_check() {
    local name="$1"
    shift
    log "lint: $name"
    if "$@"; then
        log "lint: $name passed"
    else
        warn "lint: $name FAILED"
        failed+=("$name")
    fi
}

# Python packages and the venv whose tools check them (the library with a Django venv: its django-stubs).
declare -A venv_of=(
    [api-gateway]=api-gateway [auth-service]=auth-service [user-service]=user-service [ai-service]=ai-service
    [libs/smartbreeds-common]=auth-service [tests]=.
)
packages=()
for service in $(python_services); do packages+=("$service"); done
packages+=(libs/smartbreeds-common tests)

for package in "${packages[@]}"; do
    venv="$REPO_ROOT/${venv_of[$package]}/.venv/bin"
    [[ -x "$venv/ruff" ]] || { warn "$package: no ruff in ${venv_of[$package]}/.venv (run make setup)"; failed+=("$package:venv"); continue; }
    if [[ "$package" == tests ]]; then
        # The root tests have no pyproject.toml: their configs are tests/ruff.toml and tests/mypy.ini.
        wanted ruff && run_check "tests: ruff check" bash -c "cd '$REPO_ROOT' && '$venv/ruff' check tests"
        wanted format && run_check "tests: ruff format" bash -c "cd '$REPO_ROOT' && '$venv/ruff' format --check tests"
        wanted mypy && run_check "tests: mypy" bash -c "cd '$REPO_ROOT' && '$venv/mypy' --config-file tests/mypy.ini tests"
        continue
    fi
    dir="$REPO_ROOT/$package"
    wanted ruff && run_check "$package: ruff check" bash -c "cd '$dir' && '$venv/ruff' check ."
    wanted format && run_check "$package: ruff format" bash -c "cd '$dir' && '$venv/ruff' format --check ."
    wanted mypy && run_check "$package: mypy" bash -c "cd '$dir' && '$venv/mypy' ."
done

if wanted migrations; then
    for service in auth-service user-service; do
        [[ -f "$REPO_ROOT/$service/manage.py" ]] || continue
        # Test settings: fixed secrets, no .env needed; makemigrations reads models only (no database).
        run_check "$service: makemigrations --check" bash -c \
            "cd '$REPO_ROOT/$service' && DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemigrations --check --dry-run"
    done
    if [[ -f "$REPO_ROOT/ai-service/alembic.ini" ]]; then
        alembic_check() {
            local base="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/smartbreeds}" name url status=0
            name="lint_alembic_$(openssl rand -hex 4)"
            url="$(admin_url_of "$base")"
            url="${url%/postgres*}/$name"
            psql "$(admin_url_of "$base")" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\"" || return 1
            (cd "$REPO_ROOT/ai-service" && DATABASE_URL="$url" .venv/bin/alembic upgrade head >/dev/null &&
                DATABASE_URL="$url" .venv/bin/alembic check) || status=$?
            psql "$(admin_url_of "$base")" -q -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" || true
            return "$status"
        }
        run_check "ai-service: alembic check" alembic_check
    fi
fi

if wanted frontend && [[ -f "$REPO_ROOT/frontend/package.json" ]]; then
    if [[ -d "$REPO_ROOT/frontend/node_modules" ]]; then
        run_check "frontend: tsc --noEmit" bash -c "cd '$REPO_ROOT/frontend' && npx --no-install tsc --noEmit"
        if node -e 'process.exit(require(process.argv[1]).scripts?.lint ? 0 : 1)' "$REPO_ROOT/frontend/package.json"; then
            run_check "frontend: npm run lint" bash -c "cd '$REPO_ROOT/frontend' && npm run --silent lint"
        else
            warn "frontend: package.json has no lint script yet: ESLint skipped"
        fi
    else
        warn "frontend: no node_modules (run make setup): tsc and ESLint skipped"
        failed+=("frontend:node_modules")
    fi
fi

if ((${#failed[@]})); then
    die "failed checks: ${failed[*]}"
fi
log "every check passed"
