#!/usr/bin/env bash
# Run a Django management command of auth-service or user-service:
#   manage.sh <service> <command> [args...]      (DOCKER=1: inside the running Compose container)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

service="${1:?usage: manage.sh <service> <command> [args...]}"
shift
[[ "$service" == auth-service || "$service" == user-service ]] || die "not a Django service: $service"
if [[ "${DOCKER:-0}" == 1 ]]; then
    exec $(compose_command) exec -T "$service" python manage.py "$@"
fi
load_env
use_dev_redis  # the local stack's Redis: revocation marks (create_admin) must land where the stack reads them
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
cd "$REPO_ROOT/$service"
exec .venv/bin/python manage.py "$@"
