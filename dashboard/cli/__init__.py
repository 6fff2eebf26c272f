"""The ``sitmap`` command line: a thin click shell over the core packages, one module per
family of commands (:mod:`.places`, :mod:`.text`, :mod:`.events`, :mod:`.exports`) around
the shared group and helpers (:mod:`.common`).

Conventions: one function per command; ``--format json`` prints JSON on stdout, text
otherwise; every deliberate error (:class:`~dashboard.errors.SitmapError`) becomes one
line on stderr and exit status 2 — never a traceback.
"""

from dashboard.cli import events, exports, places, text  # noqa: F401 - importing registers the commands
from dashboard.cli.common import main

__all__ = ["main"]
