"""Extraction gives the same events whatever the interpreter's hash seed: a tie between
countries named equally often was broken by set iteration order, so "The armed forces
of Mali began an exercise near Queens" was Mali's in one run and the United States'
in the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

SCRIPT = """
import json
from dashboard.model import Document
from dashboard.pipeline import DocumentStage
texts = ["The armed forces of Mali began a military exercise near Queens involving 1,200 soldiers.",
         "The armed forces of Bolivia began a military exercise near Kyiv involving 15,000 soldiers.",
         "The government said the army was deploying troops to Lima and Quito on Monday."]
s = DocumentStage(); s.setup()
res = s.run([Document.from_text(t, published="2025-08-29") for t in texts])
print(json.dumps([[e.to_dict() for e in r.events] for r in res], sort_keys=True))
"""


def test_events_do_not_depend_on_the_hash_seed():
    outs = []
    for seed in ("1", "2", "3"):
        proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=180,
                              env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout)
    assert outs[0] == outs[1] == outs[2]
    assert '"name": "Mali"' in outs[0] and '"name": "Bolivia"' in outs[0]
