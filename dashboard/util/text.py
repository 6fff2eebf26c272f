"""Text normalisation: place-name keys (gazetteer build and every lookup) and document text.

``normalize("São Paulo") == normalize("SAO PAULO") == "sao paulo"``; punctuation that varies
between sources ("U.S." / "US", "Colombia–Venezuela" / "Colombia-Venezuela",
"Côte d'Ivoire" / "Cote dIvoire") is folded the same way on both sides, so the index
and the query always agree.  The gazetteer stores this key; change it only together
with a gazetteer rebuild (``NORMALIZATION_VERSION`` is recorded in the artifact).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from dashboard.util.safetext import scrub_surrogates

NORMALIZATION_VERSION = 1

# Letters that NFKD does not decompose into ASCII + combining marks.
_EXTRA_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
_DROP = re.compile(r"[.'’‘`ʻʼ´\u02bb\u02bc]")  # dropped: "U.S." -> "us", "d'Ivoire" -> "divoire"
_SPACE = re.compile(r"[\s\-‐‑‒–—―/_,;:()\[\]{}\"“”«»!?&+*#@|\\<>=~^]+")
_LEADING_ARTICLE = re.compile(r"^the\s+")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Return the lookup key of a place name: case- and accent-folded, punctuation-free.

    A leading English article ("the Caribbean") is removed when something remains;
    articles of other languages are part of the name ("El Salvador" is not "Salvador").
    """
    s = unicodedata.normalize("NFKD", name.translate(_EXTRA_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = _DROP.sub("", s)
    s = _SPACE.sub(" ", s).strip()
    stripped = _LEADING_ARTICLE.sub("", s, count=1)
    return stripped if stripped else s


def is_latin(name: str) -> bool:
    """True if every letter of ``name`` is Latin script (the names an English text uses)."""
    for ch in name:
        if ch.isalpha() and not ("LATIN" in unicodedata.name(ch, "")):
            return False
    return True


def has_control_chars(text: str) -> bool:
    """True if ``text`` contains a control character other than ordinary whitespace."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


# --------------------------------------------------------------------------- document text

_LINE_CONTROLS = re.compile("[\x0b\x0c\x85]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_NONCHARS = re.compile("[\ufffe\uffff]")


def normalize_text(text: str) -> str:
    """Drop a leading BOM, turn ``\\r\\n`` and ``\\r`` into ``\\n``, replace lone
    surrogates (from JSON ``\\ud800`` escapes or undecodable input) and the non-characters
    U+FFFE/U+FFFF by U+FFFD, control characters by a space (vertical tab, form feed and
    NEL by ``\\n``; one for one, so offsets hold), and normalise to NFC.

    Control characters never reach the store, the terminal, the map or an export (XML
    formats such as PPTX cannot even hold them)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = scrub_surrogates(text)
    if _CONTROLS.search(text) is not None:
        text = _CONTROLS.sub(" ", text)
    if _NONCHARS.search(text) is not None:
        text = _NONCHARS.sub("\ufffd", text)
    if _LINE_CONTROLS.search(text) is not None:
        text = _LINE_CONTROLS.sub("\n", text)
    return unicodedata.normalize("NFC", text)


def doc_id_for(text: str) -> str:
    """Stable id of a text: first 16 hex digits of SHA-256 over its NFC UTF-8 bytes."""
    norm = unicodedata.normalize("NFC", text)
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def spells_initials(acronym: str, words: list[str]) -> bool:
    """Do the acronym's capitals spell the initials of ``words`` in order (small words
    and word parts may add letters: "JNIM" for "Jama'at Nusrat al-Islam wal-Muslimin",
    "RSF" for "Rapid Support Forces")?"""
    letters = [c for c in acronym if c.isupper()]
    parts = [p for w in words for p in re.split(r"[-'’]", w) if p]
    if not letters or not parts or len(words) < 2:
        return False
    i = 0
    for p in parts:
        if i < len(letters) and p[0].upper() == letters[i]:
            i += 1
    return i == len(letters) and parts[0][0].upper() == letters[0]
