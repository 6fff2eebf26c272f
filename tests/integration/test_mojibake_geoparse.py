"""Mojibake does not cost places: an article whose UTF-8 was once read as cp1252 or
Latin-1 ("TÃ¡chira", "SÃ£o Paulo") is repaired on ingest, and the geoparser (real model,
real gazetteer) resolves the same places at the same offsets as for the clean text."""

from __future__ import annotations

import pytest

from dashboard.geoparse import Geoparser
from dashboard.ingest import read_bytes

pytestmark = pytest.mark.slow

CLEAN = ("Venezuela deployed 2,000 troops to Táchira on Monday, officials in Bogotá said. "
         "Brazil's army moved units from São Paulo to Belém on Tuesday. "
         "In France, police reinforcements were sent to Besançon and Nîmes. "
         "Argentina's navy held drills off Córdoba province.\n")


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


def places(gp, doc):
    return [(t.text, t.start, t.end, t.place.id if t.place else None) for t in gp.parse(doc).toponyms]


@pytest.mark.parametrize("via, times", [("cp1252", 1), ("latin-1", 1), ("cp1252", 2)])
def test_mojibake_resolves_the_same_places(gp, via, times):
    broken = CLEAN
    for _ in range(times):
        broken = broken.encode("utf-8").decode(via)
    clean_doc = read_bytes(CLEAN.encode("utf-8"), source="clean.txt")
    broken_doc = read_bytes(broken.encode("utf-8"), source="broken.txt")
    assert broken_doc.text == clean_doc.text
    want = places(gp, clean_doc)
    names = {t for t, *_ in want}
    assert {"Táchira", "Bogotá", "São Paulo", "Belém", "Besançon", "Nîmes", "Córdoba"} <= names, want
    assert places(gp, broken_doc) == want
