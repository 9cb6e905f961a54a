#!/usr/bin/env bash
# `make monitor`: Debian's Prometheus (with the alert rules) against the local `make dev` stack.
# Renders monitoring/prometheus.yml (written for Compose service names) with 127.0.0.1 and the local
# ports of .env, then runs prometheus on http://127.0.0.1:$PROMETHEUS_PORT (default 9090).
#   MONITOR_DIR        where the rendered config and the TSDB go (default var/monitor)
#   SCRAPE_INTERVAL    default 15s (the stack test uses 1s)
#   --render-only      write the config and exit (prints its path)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load_env
command -v prometheus >/dev/null || ensure_debian_packages prometheus
command -v prometheus >/dev/null || die "prometheus is not installed (apt-get install prometheus, as root)"

dir="${MONITOR_DIR:-$REPO_ROOT/var/monitor}"
mkdir -p "$dir/data"
config="$dir/prometheus.yml"
sed -e "s|api-gateway:9101|127.0.0.1:${GATEWAY_METRICS_PORT:-9101}|" \
    -e "s|auth-service:3001|127.0.0.1:${AUTH_PORT:-3001}|" \
    -e "s|user-service:3002|127.0.0.1:${USER_PORT:-3002}|" \
    -e "s|ai-service:3003|127.0.0.1:${AI_PORT:-3003}|" \
    -e "s|ai-worker:9103|127.0.0.1:${AI_WORKER_METRICS_PORT:-9103}|" \
    -e "s|localhost:9090|127.0.0.1:${PROMETHEUS_PORT:-9090}|" \
    -e "s|  - rules/\*.yml|  - $REPO_ROOT/monitoring/rules/*.yml|" \
    -e "s|scrape_interval: 15s|scrape_interval: ${SCRAPE_INTERVAL:-15s}|" \
    -e "s|evaluation_interval: 15s|evaluation_interval: ${SCRAPE_INTERVAL:-15s}|" \
    "$REPO_ROOT/monitoring/prometheus.yml" >"$config"
promtool check config "$config" >/dev/null

if [[ "${1:-}" == --render-only ]]; then
    printf '%s\n' "$config"
    exit 0
fi
log "Prometheus on http://127.0.0.1:${PROMETHEUS_PORT:-9090}/ (alerts: /alerts); Ctrl-C stops it"
exec prometheus --config.file="$config" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:${PROMETHEUS_PORT:-9090}" --log.level=warn
