#!/usr/bin/env bash
# Only the AI service, with uvicorn's auto-reload, for fast iteration on vision/RAG code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO_ROOT/scripts/env.sh"
"$REPO_ROOT/scripts/bootstrap-python.sh" "$REPO_ROOT/ai-service"
load_env
cd "$REPO_ROOT/ai-service"
.venv/bin/alembic upgrade head
exec .venv/bin/uvicorn --factory app.main:create_app --host 127.0.0.1 --port "${AI_PORT:-3003}" --reload --reload-dir app
