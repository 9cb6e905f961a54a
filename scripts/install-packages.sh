#!/usr/bin/env bash
# Debian packages the local stack and its tests use (installed only when missing, only as root).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_debian_packages nginx chromium postgresql-client openssl "$@"
