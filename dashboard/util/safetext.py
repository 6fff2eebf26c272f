"""Making untrusted strings safe to store and to print.

Two problems hostile or broken input brings that no single stage owns:

* **Lone surrogates** (``"\\ud800"``): a JSON ``\\ud800`` escape, a file name with bytes
  that are not UTF-8 (Python decodes them with ``surrogateescape``) or text read from
  a pipe all produce them.  They cannot be encoded as UTF-8, so SQLite, spaCy,
  Streamlit and ``print`` fail on them.  :func:`scrub_surrogates` replaces each with
  U+FFFD, the Unicode replacement character.
* **Control characters in messages**: a file named ``"\\x1b[2J….txt"`` or one with a
  right-to-left override would rewrite the analyst's terminal or disguise what was
  skipped.  :func:`printable` escapes them for one-line messages.

Neither function changes ordinary text, RTL scripts or emoji.
"""

from __future__ import annotations

import re

__all__ = ["printable", "scrub_surrogates"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls (also tab and newline: messages are one line), DEL, the bidi
# embedding/override/isolate controls, and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """*text* with every lone surrogate replaced by U+FFFD (unchanged if there is none).

    >>> scrub_surrogates("a\\ud800b")
    'a\\ufffdb'
    """
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def printable(text: object, *, limit: int | None = 500) -> str:
    """A one-line form of *text* for terminal and log messages: control, bidi-override
    and surrogate characters escaped as ``\\xNN``/``\\uNNNN``, cut at *limit* characters.

    >>> printable("evil\\x1b[2J\\u202etxt.exe")
    'evil\\\\x1b[2J\\\\u202etxt.exe'
    """
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    return _UNPRINTABLE.sub(_escape, s)
