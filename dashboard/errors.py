"""The project's exception tree.

Every error sitmap raises on purpose derives from :class:`SitmapError` *and* from the
matching built-in, in the manner of ``geopy.exc`` (``GeocoderQueryError(
GeocoderServiceError, ValueError)``), so callers can catch either.  Messages quote the
offending value and say what to do; the CLI prints them as one line and exits 2.
"""

from __future__ import annotations


class SitmapError(Exception):
    """Base class of every error sitmap raises deliberately."""


class InputError(SitmapError, ValueError):
    """A value given by the user (a query, an argument, a date) is not acceptable."""


class DocumentError(SitmapError, ValueError):
    """A document cannot be read or decoded; the batch it belongs to goes on."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class DataError(SitmapError, RuntimeError):
    """A data file sitmap needs (gazetteer, store) is missing, corrupt or foreign."""


class GazetteerError(DataError):
    """The gazetteer artifact is missing, unreadable or of another schema version."""
