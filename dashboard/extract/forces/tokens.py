"""Tokens left of a force noun: words, numbers and punctuation with their offsets, and the
test for two tokens being adjacent (blanks only, no paragraph break between them)."""

from __future__ import annotations

import re
from typing import NamedTuple

TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.K.
    r"|[$€£¥]?\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d.,])"  # 4 000 with a no-break or thin space
    r"|[$€£¥]?\d+(?:[.,]\d+)*%?"  # numbers, with currency or percent attached
    r"|[^\W\d_]+\d[^\W_]*"  # letters run into digits: a model name ("K9", "A400M"), not a count
    r"|[^\W\d_]+(?:[\-\u2010\u2011'’][^\W\d_]+)*"  # words, hyphen compounds, possessives
    r"|\S"  # punctuation
)
HYPHEN_RE = re.compile(r"[\-\u2010\u2011]")
POSSESSIVE_ENDINGS = ("'s", "’s")


class Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int


def tokens_before(text: str, floor: int, pos: int, width: int) -> list[Tok]:
    """Tokens of ``text[max(floor, pos - width):pos]`` (a token cut by the window is dropped)."""
    lo = max(floor, pos - width)
    new = tuple.__new__
    toks = [new(Tok, (g, g.lower(), m.start(), m.end())) for m in TOKEN_RE.finditer(text, lo, pos) for g in (m.group(),)]
    if toks and lo > floor and lo > 0 and not text[lo - 1].isspace() and toks[0].start == lo:
        toks.pop(0)  # cut in half by the window
    return toks


def adjacent(text: str, end: int, start: int) -> bool:
    """Only blanks (no line break of a new paragraph) between two tokens."""
    gap = text[end:start]
    return gap == " " or (not gap.strip() and gap.count("\n") < 2)
