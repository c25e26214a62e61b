#!/usr/bin/env bash
# The first README command: installs what is missing, builds, checks the bundled sample and
# serves it (Ctrl-C stops). Extra arguments go to `zonescope serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh runtime
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust (https://rustup.rs) first" >&2
  exit 2
fi
cargo build --release --locked
./target/release/zonescope check --data data/henan_sample.gpkg --config data/zonescope.toml
exec ./target/release/zonescope serve --config data/zonescope.toml "$@"
