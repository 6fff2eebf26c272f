"""What stands left of a force noun, within :data:`LOOKBACK_CHARS` characters: its
modifiers ("4,000 *American* troops"), its quantity (see :mod:`.quantities`), and, for a
noun without one, a determiner ("the troops") or a deployment word ("sending troops",
"the deployment of warships").  The result of a look-back is memoised per text.
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.forces.lexicon import (
    DEPLOY_NOUNS,
    DEPLOY_VERBS,
    DETERMINERS,
    HEDGES_1,
    MODIFIER_WORDS,
    NOT_MODIFIER_WORDS,
)
from dashboard.extract.forces.quantities import (
    NUMBERISH,
    VAGUE_PLURALS,
    VAGUE_SINGLE,
    Quantity,
    numeric_quantity,
    strong_quantity,
    vague_ending_at,
)
from dashboard.extract.forces.scale import COLLECTIVES
from dashboard.extract.forces.tokens import (
    HYPHEN_RE,
    POSSESSIVE_ENDINGS,
    Tok,
    adjacent,
    tokens_before,
)

LOOKBACK_CHARS = 80
"""How far left of a force noun its quantity and modifiers are looked for."""

_SINGLE_MARKERS = {"a", "an", "one", "single", "another", "1"}
_PARTICLES = {"in", "out", "back"}
_NOT_MOD = (
    NUMBERISH | VAGUE_PLURALS | VAGUE_SINGLE | DETERMINERS | HEDGES_1 | DEPLOY_VERBS | DEPLOY_NOUNS | COLLECTIVES
    | NOT_MODIFIER_WORDS
)
_LEFT_STOP_RE = re.compile(r"(?:(?<![A-Za-z])(?:and|or|but|nor|plus)|[,;:()\[\]\"“”!?])[ \t]*\Z", re.IGNORECASE)


class Cand:
    """A force noun found in the text, with what was found to its left."""

    __slots__ = (
        "start", "end", "unit", "qualifier", "flags", "plural", "singular", "qty", "lead",
        "det_before", "deploy_before", "ok", "is_strong",
    )  # fmt: skip

    def __init__(self, start: int, end: int, unit: str | None, qualifier: str | None, flags: str, plural: bool, singular: bool):
        self.start, self.end, self.unit, self.qualifier, self.flags = start, end, unit, qualifier, flags
        self.plural, self.singular = plural, singular
        self.qty: Quantity | None = None
        self.lead = start  # start of the noun phrase (modifiers included)
        self.det_before = False
        self.deploy_before = False
        self.ok = False
        self.is_strong = "S" in flags


class Spans:
    """Sorted, disjoint spans (added left to right) with a membership test."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def intersects(self, lo: int, hi: int) -> bool:
        """True if some span overlaps ``[lo, hi)``."""
        i = bisect.bisect_right(self.ends, lo)
        return i < len(self.starts) and self.starts[i] < hi


def _is_modifier(tok: Tok, absorbed: Spans) -> bool:
    if tok.start in absorbed:
        return True
    if not tok.text[0].isalpha():
        return False
    low = tok.low
    if low in _NOT_MOD or low.endswith(POSSESSIVE_ENDINGS):
        return False
    if low in MODIFIER_WORDS:
        return True
    if HYPHEN_RE.search(low):
        parts = HYPHEN_RE.split(low)
        return any(p in MODIFIER_WORDS for p in parts)
    return tok.text[0].isupper()


def _is_determiner(tok: Tok) -> bool:
    return tok.low in DETERMINERS or tok.low.endswith(POSSESSIVE_ENDINGS)


Memo = dict[tuple[str, bool, bool, bool, bool], tuple["Quantity | None", int, bool, bool]]
"""Look-back results of one text, keyed by the window's text and edges (offsets relative to the noun)."""


def look_left(text: str, cand: Cand, floor: int, absorbed: Spans, memo: Memo) -> None:
    """Fill in ``cand.qty``, ``lead``, ``det_before`` and ``deploy_before``.

    The result depends only on the look-back window (and on spans absorbed into it), so it
    is memoised per call of :func:`find_forces` in offsets relative to the noun: repeated
    contexts ("4,000 troops, 4,000 troops, ...") are parsed once.
    """
    start = cand.start
    if not cand.is_strong and _LEFT_STOP_RE.search(text, max(floor, start - 8), start):
        return  # "..., troops", "troops and warships": nothing to the left belongs to the noun
    lo = max(floor, start - LOOKBACK_CHARS)
    key = None
    if not absorbed.intersects(lo, start):
        key = (text[lo:start], lo == floor, lo == 0 or text[lo - 1].isspace(), cand.is_strong, cand.singular)
        hit = memo.get(key)
        if hit is not None:
            qty, lead, cand.det_before, cand.deploy_before = hit
            cand.qty = None if qty is None else qty._replace(start=qty.start + start)
            cand.lead = lead + start
            return
    _parse_left(text, cand, tokens_before(text, floor, start, LOOKBACK_CHARS), absorbed)
    if key is not None:
        qty = cand.qty
        memo[key] = (
            None if qty is None else qty._replace(start=qty.start - start),
            cand.lead - start,
            cand.det_before,
            cand.deploy_before,
        )


def _parse_left(text: str, cand: Cand, toks: list[Tok], absorbed: Spans) -> None:
    """Parse the tokens left of ``cand`` (see :func:`look_left`)."""
    j = len(toks) - 1

    if cand.is_strong:  # "2,000-strong force": a number right before the hyphen
        if j >= 1 and toks[j].low in ("-", "\u2010", "\u2011") and toks[j].end == cand.start:
            j -= 1
        elif j >= 0 and toks[j].end == cand.start:
            return
        if j < 0:
            return
        cand.qty = strong_quantity(toks, j)
        if cand.qty is not None:
            cand.lead = cand.qty.start
        return

    # modifiers: "4,000 [American] troops", "three [U.S. Navy] destroyers"
    n_mods = 0
    while (
        j >= 0
        and n_mods < 4
        and _is_modifier(toks[j], absorbed)
        and adjacent(text, toks[j].end, toks[j + 1].start if j + 1 < len(toks) else cand.start)
    ):
        cand.lead = toks[j].start
        j -= 1
        n_mods += 1
    if j < 0 or not adjacent(text, toks[j].end, cand.lead):
        return
    has_of = toks[j].low == "of"
    q = j - 1 if has_of else j

    if q >= 0 and (not has_of or adjacent(text, toks[q].end, toks[j].start)):
        vague = vague_ending_at(toks, q, has_of)
        if vague is not None:
            key, first, exact = vague
            cand.qty = Quantity(exact, True, toks[first].start, key)
        elif not has_of:
            cand.qty = numeric_quantity(toks, q)
        if cand.qty is not None:
            cand.lead = cand.qty.start
            k = q
            while k >= 0 and toks[k].start >= cand.qty.start:
                k -= 1
            cand.det_before = k >= 0 and _is_determiner(toks[k])
            return

    # no quantity: what governs the bare noun?
    prev = toks[j]
    if _is_determiner(prev):
        cand.det_before = True
    elif has_of:
        cand.deploy_before = j >= 1 and toks[j - 1].low in DEPLOY_NOUNS
    elif prev.low in DEPLOY_VERBS:
        cand.deploy_before = True
    elif prev.low in _PARTICLES and j >= 1 and toks[j - 1].low in DEPLOY_VERBS:
        cand.deploy_before = True
    elif prev.low in _SINGLE_MARKERS:
        if cand.singular:
            cand.qty = Quantity(1, False, prev.start, "single")
            cand.lead = prev.start

