#!/usr/bin/env bash
# Print the gateway's aggregated health through nginx; exit 1 unless the status is "ok".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

# DOCKER=1: the Compose stack's published port (PUBLISH_HTTPS_PORT, default 443).
if [[ "${DOCKER:-0}" == 1 ]]; then port="${PUBLISH_HTTPS_PORT:-443}"; else port="${NGINX_HTTPS_PORT:-8443}"; fi
url="${HEALTH_URL:-https://localhost:$port/api/v1/health}"
# The certificate is our own self-signed one: -k is expected here.
body="$(curl -sk --max-time 10 "$url")" || die "nothing answers at $url"
python3 - "$body" <<'PY'
import json
import sys

envelope = json.loads(sys.argv[1])
data = envelope.get("data") or {}
print(f"status: {data.get('status', 'unknown')}")
for name, state in sorted((data.get("services") or {}).items()):
    print(f"  {name:10} {state if isinstance(state, str) else json.dumps(state)}")
sys.exit(0 if data.get("status") == "ok" else 1)
PY
