#!/usr/bin/env bash
# Usage: metrics-dir.sh NAME COMMAND...  Runs a service with a fresh Prometheus multiprocess directory.
# Every worker of a multi-worker server (gunicorn -w 2, uvicorn --workers 2) writes its samples under
# PROMETHEUS_MULTIPROC_DIR and /metrics sums them; the folder is emptied at each start so a previous
# run's samples never linger. METRICS_DIR (default var/metrics, relative to the repository) holds one per service.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="$1"
shift
base="${METRICS_DIR:-var/metrics}"
[[ "$base" == /* ]] || base="$repo_root/${base#./}"
export PROMETHEUS_MULTIPROC_DIR="$base/$name"
rm -rf "$PROMETHEUS_MULTIPROC_DIR"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
exec "$@"
