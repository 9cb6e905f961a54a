#!/usr/bin/env bash
# Frontend chores:  frontend.sh build | test | dev
# `npm ci` runs only when node_modules is missing or package-lock.json changed (stamp file).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

frontend="$REPO_ROOT/frontend"
if [[ ! -f "$frontend/package.json" ]]; then
    warn "frontend/package.json not found: skipping the frontend"
    exit 0
fi
cd "$frontend"

lock="package-lock.json"
[[ -f "$lock" ]] || lock="package.json"
stamp="node_modules/.smartbreeds-stamp"
digest="$(sha256sum "$lock" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$digest" ]]; then
    if [[ -f package-lock.json ]]; then
        log "frontend: npm ci"
        npm ci --no-audit --no-fund --loglevel=error
    else
        log "frontend: npm install (no package-lock.json)"
        npm install --no-audit --no-fund --loglevel=error
    fi
    printf '%s\n' "$digest" >"$stamp"
fi

case "${1:-build}" in
build)
    if [[ -n "${FRONTEND_DIST:-}" ]]; then
        # Elsewhere than frontend/dist (the test harness builds into its own tmp dir).
        log "frontend: npm run build -> $FRONTEND_DIST"
        npm run build --silent -- --outDir "$FRONTEND_DIST" --emptyOutDir
    else
        log "frontend: npm run build"
        npm run build --silent
    fi
    ;;
test) npm test ;;
dev) exec npm run dev -- --host 127.0.0.1 ;;
*) die "usage: $0 build|test|dev" ;;
esac
