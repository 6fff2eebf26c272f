"""Temporary guard for the package restructuring (issue 12): `sitmap extract seeds/`
must give byte-identical GeoJSON before and after the code moves.  The fixture is the
output of the flat layout at 971ccca; this test and its fixture are removed once the
restructuring has landed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_extract_seeds_is_byte_identical_to_the_flat_layout(tmp_path):
    out = tmp_path / "seeds.geojson"
    subprocess.run([sys.executable, "-m", "dashboard.cli", "extract", "seeds/", "-o", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    assert out.read_bytes() == (ROOT / "tests" / "data" / "restructure_seeds_before.geojson").read_bytes()
