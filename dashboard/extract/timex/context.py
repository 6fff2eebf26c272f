"""What surrounds a rule match: the :class:`Ctx` a handler reads, the words before and
after the match, a leading preposition, a future cue earlier in the clause, and the tests
built on them (a count noun, an event noun, a name-like word)."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from dashboard.extract.timex.lexicon import COUNT_NOUNS, EVENT_NOUNS, MONTH_NUM, PREPS, WEEKDAY_NUM

_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won[’']t|scheduled|slated|upcoming|plans?\s+to|planning\s+to|intends?\s+to|"
    r"(?:is|are)\s+set\s+(?:to|for)|set\s+for|(?:is|are)\s+due|due\s+to\s+be|to\s+be\s+held|"
    r"(?:is|are)\s+expected\s+to|(?:is|are)\s+to|going\s+to)\b|[’']ll\b",
    re.IGNORECASE,
)
_CLAUSE_BREAKS = ".!?;:,\n“”\"()"

_NEXT_WORD = re.compile(r"[ \t]{1,3}([A-Za-z][A-Za-z’'\-]*)")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z’'\-]*)[ \t]{1,3}$")


class Ctx(NamedTuple):
    """One match of a rule, as its handler sees it."""

    text: str
    m: re.Match[str]
    pub: date | None
    prep: str | None  # lower-cased preposition right before the match, if any
    loose: bool  # the match is the whole expression given to resolve()


def g(c: Ctx, name: str) -> str | None:
    """Group *name* of the match."""
    return c.m.group(name)


def low(c: Ctx, name: str) -> str | None:
    """Group *name* of the match, lower-cased with its whitespace collapsed."""
    v = c.m.group(name)
    return " ".join(v.lower().split()) if v else None


def next_word(text: str, pos: int) -> str | None:
    nm = _NEXT_WORD.match(text, pos, min(len(text), pos + 60))
    return nm.group(1) if nm else None


def prev_word(text: str, pos: int) -> tuple[str | None, bool]:
    """The word before *pos* and whether it starts a sentence."""
    window_start = max(0, pos - 40)
    pm = _PREV_WORD.search(text, window_start, pos)
    if not pm:
        return None, True
    i = pm.start(1) - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    sentence_start = i < 0 or text[i] in ".!?\n\"“”:;"
    return pm.group(1), sentence_start


def prep_before(text: str, start: int) -> tuple[int, str | None]:
    """(start of a preposition right before *start*, that preposition) or (start, None)."""
    lo = max(0, start - 16)
    seg = text[lo:start]
    core = seg.rstrip()
    if not 1 <= len(seg) - len(core) <= 3:
        return start, None
    parts = core.rsplit(None, 1)
    word = parts[-1] if parts else ""
    if len(parts) < 2 and lo > 0 and not text[lo - 1].isspace():
        return start, None  # the word may continue left of the window
    bare = word.lstrip("([\"“‘'")
    lowered = bare.lower()
    if lowered not in PREPS:
        return start, None
    return lo + len(core) - len(bare), lowered


def future_cue(text: str, pos: int) -> str | None:
    """A future marker earlier in the same clause (within 60 characters), if any."""
    lo = max(0, pos - 60)
    cut = max(text.rfind(ch, lo, pos) for ch in _CLAUSE_BREAKS)
    fm = _FUTURE_CUE.search(text, max(lo, cut + 1), pos)
    return " ".join(fm.group(0).split()) if fm else None


def direction(c: Ctx) -> tuple[bool, str | None]:
    """(read forward?, reason) for an expression without explicit last/next."""
    if c.prep == "since":
        return False, None
    cue = future_cue(c.text, c.m.start())
    if cue:
        return True, f"read as future ({cue!r} before it)"
    return False, None


def is_count(text: str, pos: int) -> bool:
    """True if the word after *pos* makes the number before it a count ("2000 troops")."""
    w = next_word(text, pos)
    return bool(w) and w.lower() in COUNT_NOUNS


#: name words a year may stand before its event noun across ("the 2019 Hanoi summit")
NAME_WORDS_BEFORE_NOUN = 2


def is_event_noun_next(text: str, pos: int) -> bool:
    """True if a possessive or an event noun follows *pos* ("2024 elections"), perhaps
    past a name or two ("the 2019 Hanoi summit", "the 2015 Paris Agreement")."""
    if text.startswith(("'s", "’s"), pos):
        return True
    for _ in range(NAME_WORDS_BEFORE_NOUN + 1):
        nm = _NEXT_WORD.match(text, pos, min(len(text), pos + 60))
        if nm is None:
            return False
        w = nm.group(1)
        if w.lower() in EVENT_NOUNS:
            return True
        if not is_name_like(w):
            return False
        pos = nm.end()
    return False


def is_name_like(word: str | None) -> bool:
    """Capitalised and not a month/weekday/pronoun (i.e. probably part of a name/title)."""
    if not word or not word[0].isupper():
        return False
    base = word.rstrip(".")
    return base not in MONTH_NUM and base not in WEEKDAY_NUM and base != "I"
