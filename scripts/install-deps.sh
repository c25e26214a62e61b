#!/usr/bin/env bash
# Installs the system packages zonescope needs, only those that are missing (idempotent).
# Usage: scripts/install-deps.sh [runtime|test]
#   runtime (default): GDAL library and tools, needed to build and run zonescope.
#   test: also PostgreSQL + PostGIS, PyQGIS, Chromium, wrk and the Python test venv.
set -euo pipefail
want=${1:-runtime}
cd "$(dirname "$0")/.."

pkgs=(libgdal-dev gdal-bin pkg-config sqlite3 libsqlite3-dev)
if [ "$want" = test ]; then
  pkgs+=(postgresql-15 postgresql-15-postgis-3 python3-qgis qgis-providers chromium
         python3-venv wrk procps fonts-wqy-zenhei)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want" = test ]; then
  # Python reference stack for the cross-check tests (a venv of our own, away from the system).
  # Rebuilt when requirements.txt changes (its hash is kept inside the venv).
  want_hash=$(sha256sum tests/python/requirements.txt | cut -d' ' -f1)
  if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$want_hash" ]; then
    echo "creating Python venv .venv for the tests" >&2
    python3 -m venv .venv
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -r tests/python/requirements.txt
    echo "$want_hash" > .venv/.requirements.sha256
  fi
fi
