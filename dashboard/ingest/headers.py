"""Header lines at the top of plain text (also used for Markdown and JSON text): the
plain-text reader, :func:`split_header`.

Recognised at the top, and removed from the exposed text: a bare date line such as
``29 August, 2025``, a URL slug line such as ``u-s-troop-deployment-...`` (turned into
a title), ``Date:``/``Published:``/``Title:``/``Author:``/``Source:``/``URL:`` lines
(keys in ``headers.json``), ``Published on …``, and an inline prefix such as
`` date 2025-08-29 `` in front of the first sentence.  Header lines are only removed
when the block contains a date or a title; a first line like ``UPDATE: The minister
said …`` is body.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files

from dashboard.ingest.dates import DATE_PATTERN, date_from_match, parse_date
from dashboard.ingest.results import Parsed

__all__ = ["split_header"]

_KEYS: dict[str, list[str]] = json.loads((files("dashboard.ingest") / "headers.json").read_text(encoding="utf-8"))
_DATE_KEYS = frozenset(_KEYS["date_keys"])
_UPDATE_KEYS = frozenset(_KEYS["update_keys"])
_TITLE_KEYS = frozenset(_KEYS["title_keys"])
_OTHER_KEYS = frozenset(_KEYS["other_keys"])
_MAX_HEADER_LINES = 12
_MAX_HEADER_VALUE = 300

# Note: values are matched greedily and stripped in code; a lazy ``.*?`` followed by
# ``[ \t]*`` backtracks quadratically on lines with long runs of spaces.
_KEY_LINE = re.compile(r"[ \t]*(?P<key>[A-Za-z][A-Za-z ]{0,20}?)[ \t]*:[ \t]*(?P<val>\S.*)")
_KEY_WORD_LINE = re.compile(
    r"[ \t]*(?P<key>date[d]?|published(?:[ \t]+on)?|posted(?:[ \t]+on)?|updated(?:[ \t]+on)?)"
    r"(?:[ \t]*[-–—])?[ \t]+(?P<val>\S.*)",
    re.IGNORECASE,
)
_INLINE_PREFIX = re.compile(
    r"[ \t]*(?:date[d]?|published(?:[ \t]+on)?|posted(?:[ \t]+on)?)(?:[ \t]*[:\-–—])?[ \t]*"
    r"(?P<date>" + DATE_PATTERN + r")[ \t]+(?=\S)",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+){2,}-*")
_CONTRACTIONS = {"s": "'s", "t": "'t", "re": "'re", "ve": "'ve", "ll": "'ll", "d": "'d", "m": "'m"}


def _is_slug(line: str) -> bool:
    """A URL slug line: lower-case words joined by hyphens, mostly letters."""
    if len(line) < 10 or not _SLUG.fullmatch(line):
        return False
    return sum(1 for w in line.split("-") if re.search("[a-z]{2}", w)) >= 2


def _title_from_slug(slug: str) -> str:
    """``u-s-troop-deployment-sparks-minister-s-defiant`` → ``U.S. troop … minister's defiant``."""
    words = [w for w in slug.strip("-").split("-") if w]
    if len(words) > 3 and words[-1].isdigit() and len(words[-1]) >= 5:
        words.pop()  # trailing numeric article id
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        run = i
        while run < len(words) and len(words[run]) == 1 and words[run].isalpha():
            run += 1
        if run - i >= 2 and not (out and words[i] in _CONTRACTIONS):
            out.append("".join(c.upper() + "." for c in words[i:run]))
            i = run
            continue
        if out and w in _CONTRACTIONS and (w != "t" or out[-1].endswith("n")):
            out[-1] += _CONTRACTIONS[w]
        elif w == "i":
            out.append("I")
        else:
            out.append(w)
        i += 1
    title = " ".join(out)
    return title[:1].upper() + title[1:]


def split_header(text: str) -> Parsed:
    """Recognise header lines at the top of plain text; see the module docstring."""
    out = Parsed(text)
    pos = 0
    body_start = 0
    anchored = False
    n = len(text)
    for _ in range(_MAX_HEADER_LINES):
        if pos >= n:
            break
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        nxt = end + 1 if nl >= 0 else n
        stripped = line.strip()
        if not stripped:
            pos = nxt
            continue
        kind = _header_line(line, stripped, out)
        if kind is None:
            m = _INLINE_PREFIX.match(line)
            if m is not None:
                iso = date_from_match(m)
                if iso is not None:
                    if out.published is None:
                        out.published = iso
                    body_start = pos + m.end()
                    anchored = True
            break
        anchored = anchored or kind == "anchor"
        pos = body_start = nxt
    if not anchored:
        return Parsed(text)
    while body_start < n and text[body_start].isspace():
        body_start += 1
    out.body = text[body_start:]
    out.body_offset = body_start
    return out


def _header_line(line: str, stripped: str, out: Parsed) -> str | None:
    """Classify one header line, recording what it says in *out*.

    Returns ``"anchor"`` (date or title), ``"other"`` (a header line of another kind)
    or None (not a header line: the body starts here).
    """
    iso = parse_date(stripped)
    if iso is not None:
        _set_date(out, iso)
        return "anchor"
    if _is_slug(stripped):
        if out.title is None:
            out.title = _title_from_slug(stripped)
        out.meta.append(("slug", stripped))
        return "anchor"
    m = _KEY_LINE.fullmatch(line)
    if m is not None and len(m.group("val")) <= _MAX_HEADER_VALUE:
        key = " ".join(m.group("key").lower().split())
        val = m.group("val").rstrip()
        if key in _DATE_KEYS or key in _UPDATE_KEYS:
            iso = parse_date(val)
            if iso is None:
                # "Date: 29/08/2025" is clearly a header, its value just unusable;
                # anything longer may be "Date: 2025-08-29 The article starts…".
                if len(val) > 40 or not re.search(r"\d", val) or _INLINE_PREFIX.match(line):
                    return None
                out.meta.append(("unparsed_date", val))
                return "anchor"
            if key in _UPDATE_KEYS:
                out.meta.append(("updated", iso))
                return "other"
            _set_date(out, iso)
            return "anchor"
        if key in _TITLE_KEYS:
            if out.title is None:
                out.title = val
            else:
                out.meta.append((key, val))
            return "anchor"
        if key in _OTHER_KEYS:
            if key in ("url", "link") and out.url is None:
                out.url = val
            else:
                out.meta.append((key, val))
            return "other"
        return None
    m = _KEY_WORD_LINE.fullmatch(line)
    if m is not None:
        iso = parse_date(m.group("val").rstrip())
        if iso is not None:
            if m.group("key").lower().startswith("updated"):
                out.meta.append(("updated", iso))
                return "other"
            _set_date(out, iso)
            return "anchor"
    return None


def _set_date(out: Parsed, iso: str) -> None:
    if out.published is None:
        out.published = iso
    elif out.published != iso:
        out.meta.append(("other_date", iso))
