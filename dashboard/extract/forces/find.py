"""The force mentions of a text: :func:`find_forces` scans for force nouns
(:mod:`.nouns`), reads what stands left of each (:mod:`.lookback`), and keeps the nouns
that make a mention: quantified ones (generic nouns only in a military or naval context,
singular ones only as one piece of equipment), and bare plurals that are deployed or
coordinated with another mention.  Text in, :class:`~dashboard.model.Force` list out.
"""

from __future__ import annotations

import re

from dashboard.errors import InputError
from dashboard.extract.forces.lexicon import (
    ATTRIBUTIVE_HEADS,
    MILITARY_CONTEXT,
    NAVAL_CONTEXT,
)
from dashboard.extract.forces.lookback import Cand, Memo, Spans, look_left
from dashboard.extract.forces.nouns import STRONG_GROUPS, noun_info, noun_matches
from dashboard.extract.forces.scale import BARE_NOMINAL
from dashboard.extract.forces.tokens import TOKEN_RE, adjacent
from dashboard.model import Force

CONTEXT_CHARS = 150
"""Half-width of the window searched for a military word around a generic noun."""

_MILITARY_CONTEXT_RE = re.compile(r"\b(?:" + "|".join(MILITARY_CONTEXT) + r")\b", re.IGNORECASE)
_NAVAL_CONTEXT_RE = re.compile(r"\b(?:" + "|".join(NAVAL_CONTEXT) + r")\b", re.IGNORECASE)
_COORD_RE = re.compile(
    r"\s*(?:,\s*(?:(?:and|or|plus)\s+)?|(?:and|or|plus|as\s+well\s+as|along\s+with|together\s+with|alongside)\s+)",
    re.IGNORECASE,
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)")


def _classify(m: re.Match[str]) -> Cand:
    name = m.lastgroup
    assert name is not None
    return Cand(m.start(), m.end(), *noun_info(name, m.group()))


def _has_context(text: str, cand: Cand) -> bool:
    lo, hi = max(0, cand.start - CONTEXT_CHARS), min(len(text), cand.end + CONTEXT_CHARS)
    pattern = _NAVAL_CONTEXT_RE if "n" in cand.flags else _MILITARY_CONTEXT_RE
    return pattern.search(text, lo, hi) is not None


def _attributive(text: str, cand: Cand) -> bool:
    """True if a singular noun modifies the next word ("a drone strike", "a destroyer's crew")."""
    follow = TOKEN_RE.match(text, cand.end) if cand.end < len(text) and not text[cand.end].isspace() else None
    if follow is not None and follow.group() in ("'", "’"):
        return True
    m = _NEXT_WORD_RE.match(text, cand.end, min(len(text), cand.end + 40))
    return m is not None and m.group(1).lower() in ATTRIBUTIVE_HEADS


def find_forces(text: str) -> list[Force]:
    """All force mentions in ``text``, in order and non-overlapping (see the package rules)."""
    if not isinstance(text, str):
        raise InputError(f"find_forces() needs a str, got {type(text).__name__} {text!r:.60}")
    if not text:
        return []

    matches = list(noun_matches(text))

    # a noun right before another one modifies it: "infantry troops", "missile destroyers"
    absorbed = Spans()
    merged: list[tuple[re.Match[str], int]] = []  # (match, floor of its look-back)
    floor = 0
    for k, m in enumerate(matches):
        if (
            k + 1 < len(matches)
            and m.lastgroup not in STRONG_GROUPS
            and adjacent(text, m.end(), matches[k + 1].start())
        ):
            absorbed.add(m.start(), m.end())
            continue
        merged.append((m, floor))
        floor = m.end()

    kept: list[Cand] = []
    memo: Memo = {}
    for m, fl in merged:
        cand = _classify(m)
        if cand.unit is None:
            continue
        look_left(text, cand, fl, absorbed, memo)
        qty = cand.qty
        generic = "g" in cand.flags or "n" in cand.flags
        if qty is not None:
            is_one = qty.vague == "single" or (qty.count == 1 and not qty.approx)
            if cand.singular and not cand.plural:
                # singular: only one piece of equipment
                if not is_one or cand.unit in BARE_NOMINAL or _attributive(text, cand):
                    continue
            elif qty.vague == "single":
                if cand.unit in BARE_NOMINAL or generic or _attributive(text, cand):
                    continue
            if generic and (qty.vague == "single" or not _has_context(text, cand)):
                continue
            cand.ok = True
        elif cand.is_strong or generic or not cand.plural:
            continue
        kept.append(cand)

    # bare plurals: deployment word, or coordination with another force
    chains: list[list[Cand]] = []
    for cand in kept:
        if chains:
            prev = chains[-1][-1]
            gap_start = prev.end
            if cand.lead >= gap_start and _COORD_RE.fullmatch(text, gap_start, cand.lead) and text.count("\n", gap_start, cand.lead) < 2:
                chains[-1].append(cand)
                continue
        chains.append([cand])
    for chain in chains:
        head = chain[0]
        blocked = head.det_before
        for cand in chain:
            if cand.ok or blocked:
                continue
            cand.ok = len(chain) > 1 or cand.deploy_before

    forces: list[Force] = []
    for cand in kept:
        if not cand.ok:
            continue
        assert cand.unit is not None
        qty = cand.qty
        if qty is None:
            count, approx, start = None, True, cand.start
        else:
            count, approx, start = qty.count, qty.approx, qty.start
        forces.append(Force(count, cand.unit, approx, text[start : cand.end], start, cand.end, cand.qualifier))
    return forces
