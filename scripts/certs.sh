#!/usr/bin/env bash
# Self-signed certificate for localhost in var/certs (or $CERT_DIR); kept while it is valid for 30 more days.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cert_dir="${CERT_DIR:-$REPO_ROOT/var/certs}"
mkdir -p "$cert_dir"
if [[ -f "$cert_dir/server.crt" && -f "$cert_dir/server.key" ]] &&
    openssl x509 -checkend $((30 * 86400)) -noout -in "$cert_dir/server.crt" >/dev/null; then
    log "certificate in $cert_dir is still valid"
    exit 0
fi
log "creating a self-signed certificate in $cert_dir"
openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes \
    -keyout "$cert_dir/server.key" -out "$cert_dir/server.crt" \
    -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" 2>/dev/null
chmod 600 "$cert_dir/server.key"
