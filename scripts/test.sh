#!/usr/bin/env bash
# The test command (README, CI): installs what the tests need, starts PostgreSQL + PostGIS,
# runs the Rust tests and the Python cross-checks and client tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
bash scripts/start-postgis.sh
cargo build --locked --bins
export ZONESCOPE_BIN="$PWD/target/debug/zonescope"
cargo test --locked --all-targets
cargo test --locked --doc
# Python cross-checks against independent implementations and real clients.
.venv/bin/python -m pytest -q -p no:cacheprovider tests/python
