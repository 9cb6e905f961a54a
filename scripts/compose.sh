#!/usr/bin/env bash
# docker-compose for the Docker path (`make build/up/down/logs`, DOCKER=1 chores, tests/compose):
# picks the engine (Docker when its daemon answers, else podman through its Docker API: say which),
# adds docker-compose.local-bases.yml when the local stand-in bases exist (`make local-bases`;
# LOCAL_BASES=1 requires them, LOCAL_BASES=0 ignores them), and for build/up with the stand-ins serves
# the machine's CPU torch wheel directory (LOCAL_WHEELS_DIR, default /opt/wheels) over http while the
# command runs. Every argument goes to compose: compose.sh up -d, compose.sh logs -f nginx, ...
#   COMPOSE_PROJECT_NAME (default smartbreeds) names the containers, networks and volumes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

engine="$(container_engine)"
if [[ "$engine" == podman ]]; then
    "$REPO_ROOT/scripts/podman-engine.sh"
    export DOCKER_HOST="unix://${PODMAN_SOCKET:-/run/podman/podman.sock}"
fi
if [[ "$engine" == docker ]] && docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
else
    command -v docker-compose >/dev/null || die "docker-compose is missing: apt-get install docker-compose"
    compose=(docker-compose)
fi
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-smartbreeds}"
files=(-f docker-compose.yml)

local_bases=0
stand_in=localhost/smartbreeds-local/python:3.12-slim
case "${LOCAL_BASES:-auto}" in
1) $engine image inspect "$stand_in" >/dev/null 2>&1 || die "no local stand-in bases: run make local-bases"; local_bases=1 ;;
0) ;;
*) $engine image inspect "$stand_in" >/dev/null 2>&1 && local_bases=1 ;;
esac

wheels_pid=""
stop_wheels() { [[ -z "$wheels_pid" ]] || kill "$wheels_pid" 2>/dev/null || true; }
if ((local_bases)); then
    files+=(-f docker-compose.local-bases.yml)
    export LOCAL_WHEELS_HOST="${LOCAL_WHEELS_HOST:-host.containers.internal}"
    export LOCAL_WHEELS_URL="${LOCAL_WHEELS_URL:-}"
    if [[ -z "$LOCAL_WHEELS_URL" && " $* " =~ \ (build|up)\  ]]; then
        wheels="${LOCAL_WHEELS_DIR:-/opt/wheels}"
        compgen -G "$wheels/torch-*+cpu-*.whl" >/dev/null || die "no CPU torch wheel in $wheels (set LOCAL_WHEELS_DIR)"
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')"
        python3 -m http.server --bind 0.0.0.0 "$port" --directory "$wheels" >/dev/null 2>&1 &
        wheels_pid=$!
        trap stop_wheels EXIT
        export LOCAL_WHEELS_URL="http://$LOCAL_WHEELS_HOST:$port/"
    fi
    LOCAL_WHEELS_URL="${LOCAL_WHEELS_URL:-http://$LOCAL_WHEELS_HOST/unused/}"
fi
[[ -n "${SB_COMPOSE_QUIET:-}" ]] || log "compose: engine $engine$([[ $engine == podman ]] && echo " (Docker API at $DOCKER_HOST)"), project $COMPOSE_PROJECT_NAME$( ((local_bases)) && echo ", local stand-in bases")"
status=0
"${compose[@]}" "${files[@]}" "$@" || status=$?
exit "$status"
