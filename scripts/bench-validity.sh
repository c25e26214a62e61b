#!/usr/bin/env bash
# Validity-check benchmark: one simple ring of 10 k … 1 M vertices, checked by zonescope's
# O(n log n) validation (R-tree over edges) and, up to 30 k vertices, by geo's quadratic
# `Validation` for comparison. Usage: scripts/bench-validity.sh [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --example bench_validity >&2
echo "$(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "total: %e s wall, peak RSS %M KB" ./target/release/examples/bench_validity "$@"
