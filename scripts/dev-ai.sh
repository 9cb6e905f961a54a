#!/usr/bin/env bash
# Only the AI service, with uvicorn's auto-reload, for fast iteration on vision/RAG code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO_ROOT/scripts/env.sh"
"$REPO_ROOT/scripts/bootstrap-python.sh" "$REPO_ROOT/ai-service"
load_env
"$REPO_ROOT/scripts/datastores.sh" dev
use_dev_redis
unset JWT_SECRET  # the AI service never signs or verifies tokens
cd "$REPO_ROOT/ai-service"
.venv/bin/alembic upgrade head
exec .venv/bin/uvicorn --factory app.main:create_app --host 127.0.0.1 --port "${AI_PORT:-3003}" --no-proxy-headers --reload --reload-dir app
