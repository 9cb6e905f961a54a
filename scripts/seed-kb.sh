#!/usr/bin/env bash
# Load the bundled knowledge base (ai-service/knowledge) into the RAG store (idempotent: the AI service's
# ingestion skips documents whose content hash is already stored). DOCKER=1: inside the Compose container.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ "${DOCKER:-0}" == 1 ]]; then
    exec $(compose_command) exec -T ai-service python -m app.rag.seed "$@"
fi
load_env
cd "$REPO_ROOT/ai-service"
[[ -f app/rag/seed.py || -f app/rag/seed/__main__.py ]] || die "ai-service has no app.rag.seed module yet"
exec .venv/bin/python -m app.rag.seed "$@"
