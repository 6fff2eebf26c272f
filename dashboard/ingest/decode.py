"""Bytes → text: byte-order marks, UTF-16 sniffing, UTF-8/cp1252 fallbacks, binary refusal.

Decoding: a byte-order mark decides; else UTF-16 without one is sniffed; else UTF-8,
an HTML file's declared charset, UTF-8 mixed with cp1252 (each valid UTF-8 sequence as
UTF-8, every other byte as cp1252: text pasted together from several sources), cp1252,
latin-1.  The encoding used is returned with the text (it becomes
``meta["encoding"]``).  Files with NUL bytes, known binary magic numbers or mostly
control characters are refused as binary, with a one-line reason saying what the file
seems to be.

Mojibake — UTF-8 text that was once decoded as Latin-1 or cp1252 and saved again
("TÃ¡chira", "SÃ£o Paulo") — is then repaired with ftfy's encoding fix only
(:func:`repair_mojibake`; none of ftfy's other normalisations, so quotes, ligatures,
HTML entities and width stay as written).  The repaired text is the text every later
step, and so every offset, refers to; the encoding label says ``(mojibake repaired)``.
"""

from __future__ import annotations

import codecs
import re
import threading

import ftfy

from dashboard.errors import DocumentError
from dashboard.util.text import normalize_text

__all__ = ["decode_bytes", "decode_line", "repair_mojibake"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document; extract its text first, e.g. with pdftotext"),
    (b"PK\x03\x04", "ZIP archive or Office document; unpack it or save it as text first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document; save it as text first"),
    (b"{\\rtf", "RTF document; save it as plain text first"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive; decompress it first"),
    (b"BZh", "bzip2 archive; decompress it first"),
    (b"\xfd7zXZ\x00", "xz archive; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "RAR archive; unpack it first"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_ONLY_TEXT = "ingest text, Markdown, HTML, JSON or RSS/Atom files"
_REPAIRED = " (mojibake repaired)"


def decode_bytes(data: bytes, source: str, fmt: str) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding)`` or raise DocumentError (binary, …).

    *fmt* is the format name; for ``"html"`` a ``<meta charset>`` near the top, for
    ``"feed"``/``"xml"`` the XML declaration's encoding, is tried after UTF-8.  Mojibake
    is repaired (:func:`repair_mojibake`); the text is not yet normalised (see
    :func:`normalize_text`).
    """
    text, enc = _decode(data, source, fmt)
    fixed = repair_mojibake(text)
    return (fixed, enc + _REPAIRED) if fixed != text else (text, enc)


def repair_mojibake(text: str) -> str:
    """*text* with mojibake undone ("BogotÃ¡" → "Bogotá", also twice-broken text) by
    ftfy's encoding fix alone; text without mojibake comes back unchanged.  Run it
    before :func:`normalize_text`, which turns the C1 characters that Latin-1 mojibake
    holds into spaces."""
    if text.isascii():
        return text
    return ftfy.fix_encoding(text)


def _declared_encoding(data: bytes, fmt: str) -> str | None:
    """The charset an HTML ``<meta>`` or an XML declaration near the top names."""
    if fmt == "html":
        m = _HTML_CHARSET.search(data[:4096])
    elif fmt in ("feed", "xml"):
        m = _XML_ENCODING.match(data[:1024])
    else:
        return None
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii").lower()).name
    except LookupError:
        return None
    return None if name.startswith(("utf-16", "utf-32")) else name


def _decode(data: bytes, source: str, fmt: str) -> tuple[str, str]:
    if not data.strip():
        raise DocumentError(source, "empty document")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(enc), source), enc
            except UnicodeDecodeError as e:
                raise DocumentError(
                    source,
                    f"invalid {enc.upper()} text at byte {e.start + len(bom)} after the byte-order mark; "
                    "re-save the file as UTF-8",
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(source, f"binary file ({what})")
    enc16 = _sniff_utf16(data)
    if enc16 is not None:
        try:
            return _check_text(data.decode(enc16), source), enc16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DocumentError(source, f"binary file (contains NUL bytes); {_ONLY_TEXT}")
    encodings = ["utf-8"]
    declared = _declared_encoding(data, fmt)
    if declared and declared not in encodings:
        encodings.append(declared)
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return _check_text(text, source), enc
    text, enc = _decode_not_utf8(data)
    return _check_text(text, source), enc


def decode_line(raw: bytes, source: str) -> str:
    """One line of a JSON-lines file as normalised text: UTF-8, else the single-byte
    fallbacks of :func:`decode_bytes`; a line with NUL bytes is refused."""
    if b"\x00" in raw:
        raise DocumentError(source, "binary data (NUL bytes) in this line")
    try:
        return normalize_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return normalize_text(_decode_not_utf8(raw)[0])


def _decode_not_utf8(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for bytes that are not valid UTF-8: UTF-8 mixed with cp1252,
    else cp1252, else latin-1 (which decodes anything)."""
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _single_byte(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the offending bytes as cp1252, or latin-1 where cp1252 has
    no character (0x81, 0x8D, 0x8F, 0x90, 0x9D)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in chunk), exc.end


def _decode_mixed(data: bytes) -> str | None:
    """Text that mixes UTF-8 with a single-byte encoding (pasted together from several
    sources): valid UTF-8 sequences as UTF-8, every other byte as cp1252.  None when the
    data holds no multi-byte UTF-8 sequence at all (then it is plain cp1252)."""
    if _UTF8_MULTIBYTE.search(data) is None:
        return None
    _STRAY.count = 0
    text = data.decode("utf-8", "_sitmap_mixed")
    stray = _STRAY.count
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text if non_ascii > stray else None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_STRAY = threading.local()  # bytes decoded by the fallback in this thread's current _decode_mixed


def _counting_single_byte(exc: UnicodeError) -> tuple[str, int]:
    text, end = _single_byte(exc)
    _STRAY.count += len(text)
    return text, end


codecs.register_error("_sitmap_mixed", _counting_single_byte)


def _sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 text (NULs in every other byte)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _check_text(text: str, source: str) -> str:
    """Refuse decoded text that is mostly control characters (binary in disguise)."""
    if text.endswith("\x1a"):  # DOS end-of-file marker
        text = text[:-1]
    if not text.strip():
        raise DocumentError(source, "empty document")
    sample = text[:200_000]
    controls = len(_CONTROL.findall(sample))
    if controls and controls / len(sample) > _MAX_CONTROL_SHARE:
        share = 100 * controls / len(sample)
        raise DocumentError(source, f"binary file ({share:.0f}% control characters); {_ONLY_TEXT}")
    return text
