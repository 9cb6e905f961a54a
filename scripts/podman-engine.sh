#!/usr/bin/env bash
# Make podman serve the Docker API for docker-compose (machines without Docker; docs/containers.md):
# configure it as this kind of machine needs (runc: crun fails on a cgroup-v1 host and on
# setrlimit(RLIMIT_NPROC); no default ulimits; netavark networks), then start
# `podman system service` on $PODMAN_SOCKET unless something already answers there.
# Without systemd (as in this machine's containers) podman schedules no health checks (its timers are
# systemd units), so Compose's `condition: service_healthy` would wait forever: a ticker runs
# `podman healthcheck run` for every running container every PODMAN_HEALTH_TICK seconds (default 3).
#   podman-engine.sh          configure + start (idempotent); prints nothing on success
#   podman-engine.sh stop     stop the service and the ticker this script started
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

socket="${PODMAN_SOCKET:-/run/podman/podman.sock}"
pidfile="$(dirname "$socket")/smartbreeds-podman-service.pid" # beside the socket: one per machine
tickfile="$(dirname "$socket")/smartbreeds-health-ticker.pid"
conf=/etc/containers/containers.conf

if [[ "${1:-}" == stop ]]; then
    for file in "$tickfile" "$pidfile"; do
        if [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null; then
            kill "$(cat "$file")"
            log "stopped $(basename "$file" .pid)"
        fi
        rm -f "$file"
    done
    exit 0
fi

if [[ "${1:-}" == health-ticker ]]; then
    # Every running container with a health check, checked in parallel; podman records the result
    # (State.Health) exactly as its systemd timer would.
    while true; do
        for id in $(podman ps -q --filter status=running); do
            podman healthcheck run "$id" >/dev/null 2>&1 &
        done
        wait
        sleep "${PODMAN_HEALTH_TICK:-3}"
    done
fi

command -v podman >/dev/null || die "podman is missing: apt-get install podman runc (docs/containers.md)"
if [[ "$(id -u)" == 0 ]] && ! grep -qs '^runtime = "runc"' "$conf"; then
    [[ -f "$conf" ]] && cp "$conf" "$conf.before-smartbreeds"
    mkdir -p "$(dirname "$conf")"
    cat >"$conf" <<'CONF'
# Written by SmartBreeds' scripts/podman-engine.sh (the previous file, if any: containers.conf.before-smartbreeds).
# runc: crun fails here ("cgroups in hybrid mode not supported", setrlimit RLIMIT_NPROC); no default ulimits.
[containers]
default_ulimits = []

[network]
network_backend = "netavark"

[engine]
runtime = "runc"
CONF
    log "configured podman in $conf (runc, no default ulimits, netavark)"
fi

# The health-check ticker, unless systemd runs podman's timers or a ticker already runs.
if [[ ! -d /run/systemd/system ]] && ! { [[ -f "$tickfile" ]] && kill -0 "$(cat "$tickfile")" 2>/dev/null; }; then
    mkdir -p "$REPO_ROOT/var"
    nohup "$0" health-ticker >/dev/null 2>&1 &
    echo $! >"$tickfile"
fi

answers() { curl -sf --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; }
if answers; then
    exit 0
fi
mkdir -p "$(dirname "$socket")" "$REPO_ROOT/var"
nohup podman system service --time=0 "unix://$socket" >"$REPO_ROOT/var/podman-service.log" 2>&1 &
echo $! >"$pidfile"
for _ in $(seq 100); do
    answers && exit 0
    sleep 0.1
done
die "podman system service did not answer on $socket (see var/podman-service.log)"
