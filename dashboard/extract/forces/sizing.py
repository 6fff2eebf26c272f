"""The size of force mentions on the troop-equivalent scale: :func:`nominal_count` (how
many), :func:`weight` (of one item) and :func:`strength` (their sum over a list)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dashboard.extract.forces.scale import (
    BARE_DEFAULT,
    BARE_NOMINAL,
    QUALIFIER_EQUIVALENT,
    TROOP_EQUIVALENT,
    VAGUE_NOMINAL,
)
from dashboard.model import Force

_VAGUE_TEXT_RE = re.compile(
    r"(?:(?:a|an)\s+)?("
    + "|".join(sorted((re.escape(k.removeprefix("a ")) for k in VAGUE_NOMINAL), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")


def nominal_count(force: Force) -> int:
    """The size of ``force`` for :func:`strength`.

    ``count`` when known; otherwise the :data:`VAGUE_NOMINAL` value of the vague quantity
    its text starts with ("thousands" -> 2000, "multiple" -> 3), or :data:`BARE_NOMINAL`
    for a bare plural.
    """
    if force.count is not None:
        return force.count
    words = _SPACES_RE.sub(" ", force.text.strip().lower())
    m = _VAGUE_TEXT_RE.match(words)
    if m is not None:
        key = m.group(1)
        if key in ("few", "handful", "number"):
            key = f"a {key}"
        return VAGUE_NOMINAL[key]
    return BARE_NOMINAL.get(force.unit, BARE_DEFAULT)


def weight(force: Force) -> float:
    """Troop equivalent of one item of ``force`` (qualifier override, else unit weight)."""
    if force.qualifier is not None and force.qualifier.lower() in QUALIFIER_EQUIVALENT:
        return QUALIFIER_EQUIVALENT[force.qualifier.lower()]
    return TROOP_EQUIVALENT[force.unit]


def strength(forces: Iterable[Force]) -> float:
    """Total force strength in troop equivalents: sum of nominal count x weight."""
    return float(sum(nominal_count(f) * weight(f) for f in forces))
