#!/usr/bin/env bash
# `make test-compose`: the whole stack in real containers (tests/compose): the container engine
# (Docker, else podman: installed as root when missing), the local stand-in bases when no registry is
# reachable (LOCAL_BASES=1 forces them), every image built by Compose, then the pytest module, which
# starts the stack under its own project name and ports and always removes it. Prints each step's time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

started=$SECONDS
if ! (command -v docker >/dev/null && docker info >/dev/null 2>&1); then
    ensure_debian_packages podman runc netavark aardvark-dns iptables debootstrap docker-compose
fi
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || ensure_debian_packages docker-compose
if [[ "${LOCAL_BASES:-auto}" == 1 ]] || { [[ "${LOCAL_BASES:-auto}" == auto ]] && [[ "$(container_engine)" == podman ]]; }; then
    step=$SECONDS
    scripts/local-bases.sh
    log "test-compose: local bases ready in $((SECONDS - step)) s"
fi
scripts/env.sh >/dev/null
scripts/certs.sh >/dev/null
step=$SECONDS
SB_COMPOSE_TEST=1 .venv/bin/python -m pytest -q -p no:cacheprovider --durations=5 tests/compose
log "test-compose: build + container test in $((SECONDS - step)) s (total $((SECONDS - started)) s)"
