#!/usr/bin/env bash
# Procfile.dev: wait (up to 60 s) for the Chroma server at CHROMA_HOST:CHROMA_PORT before an ai process
# starts, since honcho starts every process at once; returns at once when CHROMA_HOST is empty (embedded).
set -euo pipefail
[[ -z "${CHROMA_HOST:-}" ]] && exit 0
for _ in $(seq 120); do
    (exec 3<>"/dev/tcp/$CHROMA_HOST/${CHROMA_PORT:-8000}") 2>/dev/null && exit 0
    sleep 0.5
done
echo "no Chroma server answers at $CHROMA_HOST:${CHROMA_PORT:-8000}" >&2
exit 1
