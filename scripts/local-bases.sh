#!/usr/bin/env bash
# `make local-bases`: stand-ins for the official base images, for machines that reach no image registry
# (this one). Built from Debian packages (debootstrap from the mirror the host's apt uses) by the local
# engine (podman, or docker), tagged localhost/smartbreeds-local/*; docker-compose.local-bases.yml
# points the build args and images of docker-compose.yml at them. What each one stands in for, and how
# it differs from the real image: docs/containers.md.
#   local-bases.sh            build the missing ones (REBUILD=1: all of them again)
#   local-bases.sh --list     print the image names
# The machine's CA bundle goes into the Debian base (SSL_CERT_FILE, PIP_CERT, NODE_EXTRA_CA_CERTS,
# npm's cafile), so pip and npm inside builds trust the same HTTPS the host does; the Dockerfiles
# carry nothing of this machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PREFIX=localhost/smartbreeds-local
DEBIAN_IMAGE="$PREFIX/debian:bookworm"
IMAGES=(
    "$DEBIAN_IMAGE" "$PREFIX/python:3.12-slim" "$PREFIX/python:3.11-slim" "$PREFIX/node:20"
    "$PREFIX/nginx-unprivileged:1.22" "$PREFIX/postgres:15" "$PREFIX/redis:7" "$PREFIX/prometheus:2.42"
    "$PREFIX/ollama-fake:latest"
)
if [[ "${1:-}" == --list ]]; then
    printf '%s\n' "${IMAGES[@]}"
    exit 0
fi

engine="$(container_engine)"
defs="$REPO_ROOT/deploy/local-bases"
work="$REPO_ROOT/var/local-bases"
ca_bundle="${LOCAL_BASES_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
mkdir -p "$work"

have_image() { [[ "${REBUILD:-0}" != 1 ]] && $engine image inspect "$1" >/dev/null 2>&1; }

timed() { # timed <image> <command...>: build unless present; print the seconds it took
    local image="$1" started=$SECONDS
    shift
    if have_image "$image"; then
        log "local-bases: $image exists (REBUILD=1 to rebuild)"
        return 0
    fi
    log "local-bases: building $image"
    "$@"
    log "local-bases: $image built in $((SECONDS - started)) s"
}

# The Debian mirror the host's apt uses (deb822 URIs: or one-line deb entries), else Debian's CDN.
debian_mirror() {
    local mirror
    mirror="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources |
        grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ')" || true
    printf '%s\n' "${mirror:-http://deb.debian.org/debian}"
}

build_debian() {
    command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
    [[ -f "$ca_bundle" ]] || die "no CA bundle at $ca_bundle (set LOCAL_BASES_CA_BUNDLE)"
    local rootfs="$work/debian-rootfs"
    rm -rf "$rootfs"
    # minbase + what the slim Python images carry (TLS, zlib, sqlite, ... for CPython's own modules).
    debootstrap --variant=minbase \
        --include=ca-certificates,netbase,tzdata,libssl3,libffi8,libsqlite3-0,libbz2-1.0,liblzma5,libreadline8,libncursesw6,libuuid1,libexpat1,zlib1g,libnsl2,libtirpc3,libcrypt1,libgdbm6 \
        bookworm "$rootfs" "$(debian_mirror)" >"$work/debootstrap.log" 2>&1 ||
        die "debootstrap failed: see $work/debootstrap.log"
    cp "$ca_bundle" "$rootfs/etc/ssl/certs/host-ca-bundle.crt"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90no-recommends"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
        "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    local ca=/etc/ssl/certs/host-ca-bundle.crt
    tar -C "$rootfs" -c . | $engine import \
        --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        --change "ENV SSL_CERT_FILE=$ca" --change "ENV PIP_CERT=$ca" --change "ENV REQUESTS_CA_BUNDLE=$ca" \
        --change "ENV NODE_EXTRA_CA_CERTS=$ca" --change "ENV npm_config_cafile=$ca" \
        --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null
    rm -rf "$rootfs"
}

# python:X.Y-slim: the machine's CPython X.Y (the one `make setup` uses) copied into /usr/local.
build_python() {
    local version="$1" python prefix context
    python="$(find_python "$version")"
    prefix="$("$python" -c 'import sys; print(sys.base_prefix)')"
    context="$work/python$version"
    rm -rf "$context" && mkdir -p "$context/usr/local/bin" "$context/usr/local/lib"
    cp -a "$prefix/bin/python$version" "$context/usr/local/bin/"
    cp -a "$prefix"/lib/libpython"$version"*.so* "$context/usr/local/lib/" 2>/dev/null || true
    [[ -d "$prefix/include" ]] && cp -a "$prefix/include" "$context/usr/local/"
    # The standard library without its tests, IDLE/Tk and third-party packages (pip stays).
    tar -C "$prefix/lib" -c --exclude="python$version/test" --exclude="python$version/idlelib" \
        --exclude="python$version/tkinter" --exclude="python$version/turtledemo" \
        --exclude="python$version/lib-dynload/_tkinter*" --exclude="python$version/site-packages" \
        "python$version" | tar -C "$context/usr/local/lib" -x
    mkdir -p "$context/usr/local/lib/python$version/site-packages"
    cp -a "$prefix/lib/python$version/site-packages"/pip "$prefix/lib/python$version/site-packages"/pip-*.dist-info \
        "$context/usr/local/lib/python$version/site-packages/"
    $engine build -q --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "PYTHON_VERSION=$version" \
        -f "$defs/python/Containerfile" -t "$PREFIX/python:$version-slim" "$context" >/dev/null
    rm -rf "$context"
}

# node:20: the machine's own Node.js 20 (NodeSource's build, the one `make setup` uses: Debian bookworm
# only has Node 18), copied into /usr/local as in the official image.
build_node() {
    local context="$work/node" node root
    node="$(readlink -f "$(command -v node)")" || die "no node on PATH"
    "$node" --version | grep -q '^v20\.' || die "the frontend build stage needs Node.js 20, found $("$node" --version)"
    root="$(dirname "$(dirname "$node")")"
    [[ -d "$root/lib/node_modules/npm" ]] || die "no npm beside $node"
    rm -rf "$context" && mkdir -p "$context/usr/local/bin" "$context/usr/local/lib/node_modules"
    cp -a "$node" "$context/usr/local/bin/node"
    cp -a "$root/lib/node_modules/npm" "$context/usr/local/lib/node_modules/"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$context/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$context/usr/local/bin/npx"
    $engine build -q --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" -f "$defs/node/Containerfile" \
        -t "$PREFIX/node:20" "$context" >/dev/null
    rm -rf "$context"
}

build_from_definition() { # <name> <tag>: deploy/local-bases/<name> is its own build context
    $engine build -q --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "PYTHON_IMAGE=$PREFIX/python:3.12-slim" \
        -f "$defs/$1/Containerfile" -t "$2" "$defs/$1" >/dev/null
}

build_ollama_fake() {
    local context="$work/ollama-fake"
    rm -rf "$context" && mkdir -p "$context/fake-ollama/tests/fakes"
    cp "$defs/ollama-fake/ollama" "$context/"
    touch "$context/fake-ollama/tests/__init__.py"
    cp "$REPO_ROOT/tests/fakes/__init__.py" "$context/fake-ollama/tests/fakes/"
    cp -r "$REPO_ROOT/tests/fakes/ollama" "$context/fake-ollama/tests/fakes/"
    find "$context" -name __pycache__ -prune -exec rm -rf {} +
    $engine build -q --build-arg "PYTHON_IMAGE=$PREFIX/python:3.12-slim" -f "$defs/ollama-fake/Containerfile" \
        -t "$PREFIX/ollama-fake:latest" "$context" >/dev/null
    rm -rf "$context"
}

started=$SECONDS
log "local-bases: engine $engine"
timed "$DEBIAN_IMAGE" build_debian
timed "$PREFIX/python:3.12-slim" build_python 3.12
timed "$PREFIX/python:3.11-slim" build_python 3.11
timed "$PREFIX/node:20" build_node
timed "$PREFIX/nginx-unprivileged:1.22" build_from_definition nginx "$PREFIX/nginx-unprivileged:1.22"
timed "$PREFIX/postgres:15" build_from_definition postgres "$PREFIX/postgres:15"
timed "$PREFIX/redis:7" build_from_definition redis "$PREFIX/redis:7"
timed "$PREFIX/prometheus:2.42" build_from_definition prometheus "$PREFIX/prometheus:2.42"
timed "$PREFIX/ollama-fake:latest" build_ollama_fake
log "local-bases: done in $((SECONDS - started)) s"
