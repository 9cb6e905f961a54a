#!/usr/bin/env bash
# Everything `make dev` and `make test` need on a fresh machine, each step skipped when already done:
# Debian packages (as root), .env, certificates, the Python versions (checked), PostgreSQL and Redis
# (installed and started when missing), per-service venvs, the frontend build, the database, its
# per-service roles and its migrations.   Usage: setup.sh [--no-db]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_db=1
[[ "${1:-}" == "--no-db" ]] && with_db=0

"$REPO_ROOT/scripts/install-packages.sh"
"$REPO_ROOT/scripts/env.sh"
load_env
"$REPO_ROOT/scripts/certs.sh"
check_pythons
# The suites and the stack need both, --no-db or not (the services' tests use real databases).
"$REPO_ROOT/scripts/datastores.sh"

"$REPO_ROOT/scripts/bootstrap-python.sh" "$REPO_ROOT"
for service in $(python_services); do
    "$REPO_ROOT/scripts/bootstrap-python.sh" "$REPO_ROOT/$service"
done

"$REPO_ROOT/scripts/frontend.sh" build

if ((with_db)); then
    "$REPO_ROOT/scripts/db.sh" create
    "$REPO_ROOT/scripts/db.sh" migrate
fi
