"""Quantities before a force noun, read from tokens: numerals ("4,000", "1.2 million"),
number words ("twenty-five", "two hundred", "a thousand"), dozens, hedges ("about", "up
to"), ranges ("3,000 to 5,000"), vague quantities ("several", "tens of thousands", "a
fleet of"), and the numbers that are never force sizes (money, years, > :data:`MAX_COUNT`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dashboard.extract.forces.lexicon import (
    HEDGES_1,
    HEDGES_2,
    HEDGES_3,
    NUMBER_WORDS,
    SCALE_WORDS,
    TENS_WORDS,
    YEAR_PRECEDERS,
)
from dashboard.extract.forces.scale import COLLECTIVES, VAGUE_NOMINAL
from dashboard.extract.forces.tokens import HYPHEN_RE, Tok

MAX_COUNT = 100_000_000
"""Larger numbers are not taken as force sizes (they are money, populations, ...)."""

#: Words that can be part of a number phrase ("a", "half" for "a thousand", "half a dozen").
NUMBERISH = frozenset(NUMBER_WORDS) | frozenset(TENS_WORDS) | frozenset(SCALE_WORDS) | {"hundred", "dozen", "a", "an", "half"}
#: Vague quantities that stand alone ("thousands of", "several").
VAGUE_PLURALS = frozenset({"thousands", "hundreds", "millions", "dozens", "scores"})
VAGUE_SINGLE = frozenset({"multiple", "several", "numerous", "many", "countless"})
ARTICLES = frozenset({"a", "an"})
_RANGE_WORDS = {"to", "-", "–", "—", "or"}
_CURRENCY = ("$", "€", "£", "¥", "us$", "usd", "eur")

_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+(?:\.\d+)?")
_SEPARATORS_RE = re.compile(r"[,\u00a0\u202f]")
_FOUR_DIGITS_RE = re.compile(r"\d{4}")


class Quantity(NamedTuple):
    count: int | None
    approx: bool
    start: int  # offset of the first character of hedge + quantity
    vague: str | None = None


# ---------------------------------------------------------------------------------------
# Number phrases.


def _small_words(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse "seven", "twenty", "twenty five", "twenty-five" at ``words[i]``."""
    if i >= len(words):
        return None
    w = words[i]
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w], i + 1
    if w in TENS_WORDS:
        if i + 1 < len(words) and words[i + 1] in NUMBER_WORDS and NUMBER_WORDS[words[i + 1]] < 10:
            return TENS_WORDS[w] + NUMBER_WORDS[words[i + 1]], i + 2
        return TENS_WORDS[w], i + 1
    parts = HYPHEN_RE.split(w)
    if len(parts) == 2 and parts[0] in TENS_WORDS and parts[1] in NUMBER_WORDS and NUMBER_WORDS[parts[1]] < 10:
        return TENS_WORDS[parts[0]] + NUMBER_WORDS[parts[1]], i + 1
    return None


def _group_words(words: list[str], i: int) -> tuple[int, int] | None:
    """Parse a number below 1000 in words ("two hundred fifty") at ``words[i]``."""
    if i < len(words) and words[i] in ARTICLES and i + 1 < len(words) and words[i + 1] == "hundred":
        value, i = 100, i + 2
    else:
        small = _small_words(words, i)
        if small is None:
            return None
        value, i = small
        if i < len(words) and words[i] == "hundred":
            value, i = value * 100, i + 1
        else:
            return value, i
    rest = _small_words(words, i)
    if rest is not None:
        value, i = value + rest[0], rest[1]
    return value, i


def _parse_plain(words: list[str]) -> int | None:
    """Value of a whole number phrase ("4,000", "1.2 million", "a thousand", "five thousand")."""
    if not words:
        return None
    if _DIGITS_RE.fullmatch(words[0]):
        raw = _SEPARATORS_RE.sub("", words[0])
        rest = words[1:]
        if not rest:
            return int(raw) if "." not in raw else None
        if len(rest) == 1 and (rest[0] in SCALE_WORDS or rest[0] == "hundred"):
            return int(round(float(raw) * (SCALE_WORDS.get(rest[0]) or 100)))
        return None
    if words[0] in ARTICLES and len(words) == 2 and words[1] in SCALE_WORDS:
        return SCALE_WORDS[words[1]]
    group = _group_words(words, 0)
    if group is None:
        return None
    value, i = group
    if i < len(words) and words[i] in SCALE_WORDS:
        value, i = value * SCALE_WORDS[words[i]], i + 1
        tail = _group_words(words, i)
        if tail is not None:
            value, i = value + tail[0], tail[1]
    return value if i == len(words) else None


def _parse_number(words: list[str]) -> tuple[int, bool] | None:
    """(value, approx) of a number phrase, dozens included; None if it is not one."""
    if words and words[-1] == "dozen":
        head = words[:-1]
        if head in (["a"], ["an"]):
            return 12, True
        if head == ["half", "a"]:
            return 6, True
        value = _parse_plain(head)
        return (value * 12, True) if value else None
    value = _parse_plain(words)
    return (value, False) if value is not None else None


def _is_numberish(low: str) -> bool:
    if low in NUMBERISH:
        return True
    if low[0].isdigit():
        return _DIGITS_RE.fullmatch(low) is not None
    parts = HYPHEN_RE.split(low)
    return len(parts) == 2 and parts[0] in TENS_WORDS and parts[1] in NUMBER_WORDS


def _number_ending_at(toks: list[Tok], i: int) -> tuple[int, bool, int] | None:
    """The longest number phrase ending at ``toks[i]``: (value, approx, first index)."""
    k = i
    while k >= 0 and i - k < 6 and _is_numberish(toks[k].low):
        k -= 1
    for first in range(k + 1, i + 1):
        parsed = _parse_number([t.low for t in toks[first : i + 1]])
        if parsed is not None:
            return parsed[0], parsed[1], first
    return None


def _is_year(toks: list[Tok], first: int, last: int, value: int) -> bool:
    if first != last or not 1800 <= value <= 2199 or not _FOUR_DIGITS_RE.fullmatch(toks[first].low):
        return False
    return first > 0 and (toks[first - 1].low in YEAR_PRECEDERS or toks[first - 1].low == ",")


def _count_ending_at(toks: list[Tok], i: int) -> tuple[int, bool, int] | None:
    """A number phrase ending at ``toks[i]`` that can be a force size (not a year, not too big)."""
    num = _number_ending_at(toks, i)
    if num is None:
        return None
    value, _approx, first = num
    if not 1 <= value <= MAX_COUNT or _is_year(toks, first, i, value):
        return None
    return num


def _approx_before(toks: list[Tok], first: int) -> int | None:
    """Index of the first token of a hedge ("some", "up to", "as many as") before ``first``."""
    if first >= 3 and (toks[first - 3].low, toks[first - 2].low, toks[first - 1].low) in HEDGES_3:
        return first - 3
    if first >= 2 and (toks[first - 2].low, toks[first - 1].low) in HEDGES_2:
        return first - 2
    if first >= 1 and toks[first - 1].low in HEDGES_1:
        return first - 1
    return None


def _hedged(toks: list[Tok], value: int, approx: bool, first: int) -> Quantity:
    """The quantity ``value`` starting at ``toks[first]``, widened to a hedge before it."""
    hedge = _approx_before(toks, first)
    if hedge is not None:
        first, approx = hedge, True
    return Quantity(value, approx, toks[first].start)


# ---------------------------------------------------------------------------------------
# Quantities of a noun phrase.


def strong_quantity(toks: list[Tok], i: int) -> Quantity | None:
    """The number of "2,000-strong", ending at ``toks[i]`` (a hedge before it included)."""
    num = _count_ending_at(toks, i)
    return None if num is None else _hedged(toks, *num)


def numeric_quantity(toks: list[Tok], q: int) -> Quantity | None:
    """The count ending at ``toks[q]``: a number (not money), a range or a dozen, maybe hedged."""
    num = _count_ending_at(toks, q)
    if num is None:
        return None
    value, approx, first = num
    if first >= 1 and toks[first - 1].low in _CURRENCY:
        return None
    # range: "3,000 to 5,000", "two or three", "between 3,000 and 5,000"
    if first >= 2 and (toks[first - 1].low in _RANGE_WORDS or toks[first - 1].low == "and"):
        low_num = _number_ending_at(toks, first - 2)
        if low_num is not None and low_num[0] <= value:
            if toks[first - 1].low != "and":
                first, approx = low_num[2], True
            elif low_num[2] >= 1 and toks[low_num[2] - 1].low == "between":
                first, approx = low_num[2] - 1, True
    return _hedged(toks, value, approx, first)


def vague_ending_at(toks: list[Tok], i: int, has_of: bool) -> tuple[str, int, int | None] | None:
    """A vague quantity ending at ``toks[i]``: (VAGUE_NOMINAL key, first index, exact count or None)."""
    low = toks[i].low
    prev = toks[i - 1].low if i >= 1 else ""
    if low in ("thousands", "millions") and i >= 2 and prev == "of" and toks[i - 2].low in ("tens", "hundreds"):
        key = f"{toks[i - 2].low} of {low}"
        return (key, i - 2, None) if key in VAGUE_NOMINAL else (low, i, None)
    if low in VAGUE_PLURALS or (low in VAGUE_SINGLE and prev not in ("how", "so", "too", "as", "not")):
        return low, i, None
    if low == "few" and prev in ARTICLES:
        return "a few", i - 1, None
    if low == "couple" and prev in ARTICLES:
        return "a couple", i - 1, 2
    if has_of and low in ("handful", "number") and prev in ARTICLES:
        return f"a {low}", i - 1, None
    if has_of and low in COLLECTIVES and prev in ARTICLES:
        return low, i - 1, None
    return None
