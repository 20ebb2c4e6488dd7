#!/usr/bin/env bash
# Installs every Debian package the project builds, tests and benchmarks with, and the web
# app's npm packages from web/package-lock.json (npm ci). Node.js and npm come with the
# machine. `--fuzz` adds clang for `make fuzz`, `--bench` nginx for `make bench`. Idempotent and a fast no-op when everything is present (dpkg-query and a hash of
# the lockfile, no network).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.74-dev libboost-system1.74-dev
  nlohmann-json3-dev libsqlite3-dev libssl-dev libsodium-dev
  libphonenumber-dev libmagic-dev libzstd-dev zlib1g-dev libtomlplusplus-dev libcli11-dev
  libspdlog-dev libfmt-dev libcurl4-openssl-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  wrk curl python3 python3-yaml sqlite3 openssl
  chromium fonts-liberation
)
# `make fuzz` (install-deps.sh --fuzz): clang and its libFuzzer/sanitizer runtimes.
if [[ "${1:-}" == "--fuzz" ]]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi
# `make bench` (install-deps.sh --bench): nginx, the blob scenario's yardstick (WebDAV PUT).
if [[ "${1:-}" == "--bench" ]]; then
  PACKAGES+=(nginx-light)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web app's packages: npm ci (exactly the lockfile) when the lockfile changed since the
# last install, recorded beside node_modules.
cd "$(dirname "$0")/.."
if [[ -f web/package-lock.json ]]; then
  stamp=web/node_modules/.ccrm-lockfile.sha256
  want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
  if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
    echo "install-deps: npm ci in web/"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
fi
