"""Shared fixtures for the Python cross-checks and client tests.

Conventions: the zonescope binary is $ZONESCOPE_BIN (default target/debug/zonescope), the
bundled sample is data/henan_sample.gpkg with data/zonescope.toml (as-of 2014-12-31).
"""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "henan_sample.gpkg"
SAMPLE_CONFIG = ROOT / "data" / "zonescope.toml"
SAMPLE_AS_OF = "2014-12-31"


def zonescope_bin() -> str:
    return os.environ.get("ZONESCOPE_BIN", str(ROOT / "target" / "debug" / "zonescope"))


def run_zonescope(*args, check=True, **kw):
    """Runs the zonescope binary; returns the CompletedProcess (text mode)."""
    return subprocess.run([zonescope_bin(), *map(str, args)], capture_output=True, text=True,
                          check=check, **kw)


@pytest.fixture(scope="session")
def exported_layers(tmp_path_factory):
    """Every input and result layer of the sample as GeoJSON, written by `zonescope export`."""
    out = tmp_path_factory.mktemp("layers")
    run_zonescope("export", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                  "--out", out)
    return out
