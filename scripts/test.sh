#!/usr/bin/env bash
# The test command (README, CI): installs what the tests need, starts PostgreSQL + PostGIS,
# runs the Rust tests and the Python cross-checks and client tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
bash scripts/start-postgis.sh
cargo build --locked --bins
export ZONESCOPE_BIN="$PWD/target/debug/zonescope"
status=0
cargo test --locked --all-targets --no-fail-fast || status=1
cargo test --locked --doc || status=1
# Python cross-checks against independent implementations and real clients.
.venv/bin/python -m pytest -q -p no:cacheprovider tests/python || status=1
exit $status
