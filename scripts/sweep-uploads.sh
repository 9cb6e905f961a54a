#!/usr/bin/env bash
# Remove stored photos that no upload record points to (ai-service/app/sweep.py; files younger than
# SWEEP_GRACE_SECONDS are kept). Arguments pass through (--dry-run). DOCKER=1: inside the Compose container.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ "${DOCKER:-0}" == 1 ]]; then
    exec $(compose_command) exec -T ai-service python -m app.sweep "$@"
fi
load_env
export_service_database_urls
cd "$REPO_ROOT/ai-service"
DATABASE_URL="$AI_DATABASE_URL" exec .venv/bin/python -m app.sweep "$@"
