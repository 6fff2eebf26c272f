"""The ``sitmap`` logger: diagnostics as one line each, ``sitmap: message``, on stderr.

Library code logs to ``logging.getLogger("sitmap.<stage>")``; nothing is printed unless a
shell (the CLI, the app) calls :func:`configure_logging`.  User-facing one-line errors are
not log records: the CLI prints those itself.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("sitmap")


class _Stderr(logging.Handler):
    """Records as lines on the *current* ``sys.stderr`` (looked up at each record, so a test
    runner's captured stream gets them too)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """Warnings and summary lines by default, debug detail (with the logger's name) with
    ``verbose``, warnings only with ``quiet``.  Calling it again replaces the handler."""
    for h in [h for h in log.handlers if isinstance(h, _Stderr)]:
        log.removeHandler(h)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("sitmap: %(message)s" if verbose < 1 else
                                           "sitmap: %(message)s  [%(name)s]"))
    log.addHandler(handler)
    log.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    log.propagate = False
