#!/usr/bin/env bash
# Render nginx/nginx.conf.template for a local nginx process into <runtime-dir> (default var/nginx).
# Reads GATEWAY_PORT, NGINX_HTTPS_PORT, NGINX_HTTP_PORT, CERT_DIR (default var/certs) and
# FRONTEND_DIST (default frontend/dist) from the environment / .env.
# Run it with: nginx -p <runtime-dir> -c nginx.conf -g 'daemon off;'
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

runtime_dir="$(mkdir -p "${1:-$REPO_ROOT/var/nginx}" && cd "${1:-$REPO_ROOT/var/nginx}" && pwd)"
cert_dir="${CERT_DIR:-$REPO_ROOT/var/certs}"
[[ -f "$cert_dir/server.crt" && -f "$cert_dir/server.key" ]] || die "no certificate in $cert_dir: run 'make certs'"
mkdir -p "$runtime_dir/logs"
cp "$REPO_ROOT/nginx/proxy-params.conf" "$REPO_ROOT/nginx/security-headers.conf" "$REPO_ROOT/nginx/real-ip.conf" "$runtime_dir/"

export SB_RUNTIME_DIR="$runtime_dir"
export SB_CONF_DIR="$runtime_dir"
export SB_ERROR_LOG="${NGINX_ERROR_LOG:-$runtime_dir/logs/error.log}"
export SB_ACCESS_LOG="${NGINX_ACCESS_LOG:-$runtime_dir/logs/access.log}"
export SB_MIME_TYPES="${NGINX_MIME_TYPES:-/etc/nginx/mime.types}"
export SB_GATEWAY="127.0.0.1:${GATEWAY_PORT:-8001}"
# nginx proves itself to the gateway with this header value (PROXY_SECRET, else derived as the gateway does).
[[ -n "${PROXY_SECRET:-}" || -n "${GATEWAY_SIGNING_SECRET:-}" ]] || die "GATEWAY_SIGNING_SECRET is not set"
export SB_PROXY_SECRET="${PROXY_SECRET:-$(GATEWAY_SIGNING_SECRET="$GATEWAY_SIGNING_SECRET" python3 -c 'import hashlib, hmac, os; print(hmac.new(os.environ["GATEWAY_SIGNING_SECRET"].encode(), b"smartbreeds-nginx-proxy", hashlib.sha256).hexdigest())')}"
# Local nginx answers this machine only (Docker publishes its own ports and sets 0.0.0.0 in the image).
export SB_LISTEN_ADDRESS="${NGINX_LISTEN_ADDRESS:-127.0.0.1}"
export SB_HTTP_PORT="${NGINX_HTTP_PORT:-8080}"
export SB_HTTPS_PORT="${NGINX_HTTPS_PORT:-8443}"
export SB_HTTPS_PUBLIC_PORT="$SB_HTTPS_PORT"
export SB_CERT="$cert_dir/server.crt"
export SB_CERT_KEY="$cert_dir/server.key"
export SB_FRONTEND_ROOT="${FRONTEND_DIST:-$REPO_ROOT/frontend/dist}"

# Substitute only ${SB_*}: nginx's own $variables stay as they are.
python3 - "$REPO_ROOT/nginx/nginx.conf.template" "$runtime_dir/nginx.conf" <<'PY'
import os
import re
import sys

template = open(sys.argv[1], encoding="utf-8").read()
missing = sorted({name for name in re.findall(r"\$\{(SB_[A-Z_]+)\}", template) if name not in os.environ})
if missing:
    sys.exit(f"render-nginx: unset variables {missing}")
rendered = re.sub(r"\$\{(SB_[A-Z_]+)\}", lambda m: os.environ[m.group(1)], template)
if os.getuid() == 0:
    # Local only: a root master would run workers as "nobody", who cannot read a private checkout
    # or test tmp dirs. The Docker image runs nginx unprivileged and never gets this line.
    rendered = "user root;\n" + rendered
open(sys.argv[2], "w", encoding="utf-8").write(rendered)
PY
printf '%s\n' "$runtime_dir/nginx.conf"
