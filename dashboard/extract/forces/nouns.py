"""The force nouns (``nouns.json``: "troops", "F-35 fighter jets", "militia members", ...)
and the scan that finds them in a text, left to right and non-overlapping.

:data:`ENTRIES` keeps the order of the data file: at a position the first entry that
matches wins, so compounds ("cargo ships", "aircraft carriers") come before their heads.
Each match is named after its entry; :func:`noun_info` turns that name and the matched text
into the noun's unit, qualifier, flags and number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

_DATA = json.loads((files("dashboard.extract.forces") / "nouns.json").read_text(encoding="utf-8"))


class Entry(NamedTuple):
    """One force noun: regex, unit (None: recognised, not a force), qualifier, flags.

    Flags: "g" generic, needs a quantity and military context; "n" generic, needs a
    quantity and naval context; "i" invariant (singular = plural); "D" aircraft
    designator; "S" "N-strong" construction.
    """

    pattern: str
    unit: str | None
    qualifier: str | None
    flags: str


ENTRIES: tuple[Entry, ...] = tuple(
    Entry(e["re"], e["unit"], e["qualifier"], e["flags"]) for group in _DATA["entries"] for e in group["entries"]
)


def _group_name(i: int) -> str:
    return f"e{i}"


#: Match group names of the "N-strong force" entries.
STRONG_GROUPS: frozenset[str] = frozenset(_group_name(i) for i, e in enumerate(ENTRIES) if "S" in e.flags)


def _entry_regex(i: int) -> str:
    pat, _unit, _qual, flags = ENTRIES[i]
    if "S" in flags:  # "2,000-strong": right after a hyphen or a blank
        return rf"(?<=[\s\-\u2010\u2011])(?P<{_group_name(i)}>{pat})\b"
    return rf"(?<![\w\-\u2010\u2011])(?P<{_group_name(i)}>{pat})\b"


@lru_cache(maxsize=None)
def _alternation(indices: tuple[int, ...]) -> re.Pattern[str]:
    """One regex for the given entries, in their order (compiled on first use)."""
    return re.compile("|".join(_entry_regex(i) for i in indices), re.IGNORECASE)


def reference_regex() -> re.Pattern[str]:
    """All entries in one regex: what the prefiltered scan must be equivalent to (tests)."""
    return _alternation(tuple(range(len(ENTRIES))))


# The scan tries a regex only at the start of a letter run, and only the entries that
# contain a word beginning with the run's first three letters (in their original order,
# so compounds still win over their heads); designators ("F-35") have their own regex.
# This keeps the scan linear and fast on any input.
_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_DESIGNATOR_START_RE = re.compile(r"[A-Z][A-Za-z]{0,2}-\d")


def _build_prefix_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    by_prefix: dict[str, list[int]] = {}
    designators: list[int] = []
    for i, (pat, _unit, _qual, flags) in enumerate(ENTRIES):
        if "D" in flags:
            designators.append(i)
            continue
        for prefix in sorted({frag[:3] for frag in re.findall(r"[a-z]{3,}", pat.lower())}):
            by_prefix.setdefault(prefix, []).append(i)
    return {p: tuple(ix) for p, ix in by_prefix.items()}, tuple(designators)


_PREFIX_ENTRIES, _DESIGNATOR_ENTRIES = _build_prefix_index()


def noun_matches(text: str) -> Iterable[re.Match[str]]:
    """Non-overlapping matches of the noun entries, left to right (as ``finditer`` would)."""
    pos = 0
    get = _PREFIX_ENTRIES.get
    for run in _RUN_RE.finditer(text):
        start = run.start()
        if start < pos:
            continue
        m = None
        if text[start].isupper() and _DESIGNATOR_START_RE.match(text, start):
            m = _alternation(_DESIGNATOR_ENTRIES).match(text, start)
        if m is None:
            entries = get(text[start : start + 3].lower())
            if entries is not None:
                m = _alternation(entries).match(text, start)
        if m is not None:
            yield m
            pos = m.end()


# ---------------------------------------------------------------------------------------
# What a match is.

_DESIGNATOR_RE = re.compile(r"(?P<code>([A-Z][A-Za-z]{0,2})-\d{1,3}[A-Z]?)")
_DESIGNATOR_PREFIX_UNIT: dict[str, str] = {
    prefix: unit for unit, prefixes in _DATA["designator_prefix_units"].items() for prefix in prefixes
}
_DESIGNATOR_TYPE_UNIT = [(re.compile(pattern, re.I), unit) for pattern, unit in _DATA["designator_type_units"]]


@lru_cache(maxsize=4096)
def noun_info(group: str, matched: str) -> tuple[str | None, str | None, str, bool, bool]:
    """(unit, qualifier, flags, plural, singular) of the entry named ``group`` matching ``matched``."""
    _pat, unit, qualifier, flags = ENTRIES[int(group[1:])]
    low = matched.lower()
    if "D" in flags:
        code = _DESIGNATOR_RE.match(matched)
        assert code is not None
        qualifier = code.group("code")
        unit = None
        for type_re, type_unit in _DESIGNATOR_TYPE_UNIT:
            if type_re.search(matched):
                unit = type_unit
                break
        if unit is None:
            unit = _DESIGNATOR_PREFIX_UNIT.get(code.group(2))
        plural = matched.endswith("s")
        return unit, qualifier, flags, plural, not plural
    if "S" in flags:
        if "militia" in low:
            unit = "militia"
        elif "fleet" in low or "flotilla" in low or "armada" in low:
            unit = "warships"
        return unit, None, flags, True, False
    invariant = "i" in flags
    plural = invariant or low.endswith("s") or low.endswith("men")
    return unit, qualifier, flags, plural, invariant or not plural
