#!/usr/bin/env bash
# `make dev`: install what is missing, then run the whole stack as local processes under honcho
# (Procfile.dev): gateway, auth, user and AI services, and nginx on https://localhost:$NGINX_HTTPS_PORT.
# Ctrl-C stops every process; running it again starts afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO_ROOT/scripts/setup.sh"
load_env
# The stack's own password-protected Redis when REDIS_URL has no password (lib.sh dev_redis_url).
"$REPO_ROOT/scripts/datastores.sh" dev
use_dev_redis
# Each service connects as its own role (scripts/db.sh roles); Procfile.dev hands each its URL.
export_service_database_urls
export NGINX_RUNTIME_DIR="$REPO_ROOT/var/nginx"
"$REPO_ROOT/scripts/render-nginx.sh" "$NGINX_RUNTIME_DIR" >/dev/null
# The bundled knowledge base (idempotent: documents already stored are skipped).
"$REPO_ROOT/scripts/seed-kb.sh"

if ! python3 - "${OLLAMA_BASE_URL:-http://127.0.0.1:11434}" <<'PY'; then
import sys, urllib.request
urllib.request.urlopen(sys.argv[1].rstrip("/") + "/api/version", timeout=2)
PY
    warn "no Ollama answers at ${OLLAMA_BASE_URL:-}: vision answers will be degraded." \
        "For offline work run the fake one: .venv/bin/python -m tests.fakes.ollama --port 11434"
fi

# PROCESSES="auth user nginx" make dev: only some of Procfile.dev's processes.
if [[ -n "${PROCESSES:-}" ]]; then
    read -r -a processes <<<"$PROCESSES"
else
    processes=()
    for service in $(python_services); do
        processes+=("$(process_of "$service")")
    done
    # Celery: each service's workers and its beat (erasure retries, refresh-token purge, ingestion, batch
    # analyses, upload sweep, stale jobs; docs/scaling.md); `chroma` only on request.
    # maildev: the SMTP server and web inbox the auth worker sends the mail outbox to.
    processes+=(auth-worker auth-beat ai-worker ai-beat maildev nginx)
    # The ai-service and its worker both write the knowledge base: they share a Chroma server (an embedded
    # Chroma does not see another process's fresh writes). CHROMA_HOST set in .env: that server instead.
    if [[ -z "${CHROMA_HOST:-}" ]]; then
        export CHROMA_HOST=127.0.0.1 CHROMA_PORT="${CHROMA_PORT:-8000}"
        processes=(chroma "${processes[@]}")
    fi
fi
log "starting ${processes[*]}; the site is https://localhost:${NGINX_HTTPS_PORT:-8443}/"
if [[ " ${processes[*]} " == *" maildev "* ]]; then
    log "mail goes to maildev: the local inbox is http://127.0.0.1:${MAILDEV_WEB_PORT:-1080}/ (SMTP on 127.0.0.1:${EMAIL_PORT:-1025})"
fi
cd "$REPO_ROOT"
exec "$REPO_ROOT/.venv/bin/honcho" -f Procfile.dev -e /dev/null start "${processes[@]}"
