#!/usr/bin/env bash
# Self-signed certificate for localhost in var/certs (or $CERT_DIR); kept while it is valid for 30 more days.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cert_dir="${CERT_DIR:-$REPO_ROOT/var/certs}"
mkdir -p "$cert_dir"
if [[ -f "$cert_dir/server.crt" && -f "$cert_dir/server.key" ]] &&
    openssl x509 -checkend $((30 * 86400)) -noout -in "$cert_dir/server.crt" >/dev/null; then
    log "certificate in $cert_dir is still valid"
else
    log "creating a self-signed certificate in $cert_dir"
    openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes \
        -keyout "$cert_dir/server.key" -out "$cert_dir/server.crt" \
        -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" 2>/dev/null
fi
# The key is bind-mounted into the nginx container, whose processes run as uid 101 / gid 101 (the
# unprivileged image's nginx user): readable by that group only. Without the right to change the group
# (not root), the local development key is made world-readable instead, and we say so.
if chgrp 101 "$cert_dir/server.key" 2>/dev/null; then
    chmod 640 "$cert_dir/server.key"
else
    chmod 644 "$cert_dir/server.key"
    warn "$cert_dir/server.key is world-readable (the nginx container reads it as gid 101; run as root to restrict it)"
fi
