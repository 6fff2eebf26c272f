"""The values going in and out of the gazetteer: validation of a lookup name or a point,
and the answers (:class:`Candidate` for name lookup, :class:`ReverseResult` for reverse lookup).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from dashboard.errors import InputError
from dashboard.model import Place

MAX_QUERY_CHARS = 1000
# control characters (but tab/newline), the replacement character, lone surrogates
# (undecodable bytes from the command line arrive as surrogate escapes)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


@dataclass(frozen=True)
class Candidate:
    """A ranked answer to a name lookup."""

    place: Place
    score: float
    matched: str  # the gazetteer name that matched
    name_type: str

    def to_dict(self) -> dict:
        d = self.place.to_dict()
        d.update(score=round(self.score, 4), matched=self.matched, name_type=self.name_type)
        return d

    def to_text(self) -> str:
        """One line: name [kind/subtype] state, country (lat, lon) population score."""
        p = self.place
        where = ", ".join(x for x in (p.admin1_name if p.admin1_name != p.name else None,
                                      p.country_code or "/".join(p.countries)) if x)
        pop = f" pop {p.population:,}" if p.population else ""
        return (f"{p.name} [{p.kind}{'/' + p.subtype if p.subtype else ''}] {where} "
                f"({p.lat:.4f}, {p.lon:.4f}){pop}  score {self.score:.3f}")


@dataclass(frozen=True)
class ReverseResult:
    """What is at a point: smallest containing admin unit, country, sea, nearest city."""

    lat: float
    lon: float
    admin1: Place | None = None
    country: Place | None = None
    sea: Place | None = None
    city: Place | None = None
    city_km: float | None = None

    @property
    def best(self) -> Place | None:
        """The most specific answer: admin unit, else country, else sea."""
        return self.admin1 or self.country or self.sea

    def to_dict(self) -> dict:
        def d(p):
            return p.to_dict() if p else None

        return {"lat": self.lat, "lon": self.lon, "admin1": d(self.admin1), "country": d(self.country),
                "sea": d(self.sea), "city": d(self.city),
                "city_km": round(self.city_km, 2) if self.city_km is not None else None}

    def to_lines(self) -> list[str]:
        """One line per answer: ``   admin1: Zulia [VE-V]``, …, ``     city: Maracaibo (3.2 km)``."""
        out = []
        for label, p in (("admin1", self.admin1), ("country", self.country), ("sea", self.sea), ("city", self.city)):
            if p is not None:
                extra = f" ({self.city_km:.1f} km)" if label == "city" and self.city_km is not None else ""
                out.append(f"{label:>8}: {p.name}{' [' + p.iso_code + ']' if p.iso_code else ''}{extra}")
        return out


def validate_query(name) -> str:
    """Return ``name`` if it is an acceptable lookup string, else raise :class:`InputError`."""
    if isinstance(name, bytes):
        try:
            name = name.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"place name {name[:40]!r} is not valid UTF-8: pass text") from None
    if not isinstance(name, str):
        raise InputError(f"place name must be text, got {type(name).__name__}")
    if not name.strip():
        raise InputError("place name is empty: give a name such as 'Caracas'")
    if len(name) > MAX_QUERY_CHARS:
        raise InputError(f"place name is {len(name)} characters long; the limit is {MAX_QUERY_CHARS}")
    if _BAD_CHARS.search(name):
        raise InputError(f"place name {name[:60]!r} contains control or undecodable characters: remove them")
    return name


def validate_point(lat, lon) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats if they are finite and in range, else raise :class:`InputError`."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InputError(f"coordinates must be numbers, got lat={lat!r} lon={lon!r}") from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)) or not -90 <= lat_f <= 90 or not -180 <= lon_f <= 180:
        raise InputError(f"coordinates out of range: lat={lat!r} (−90..90), lon={lon!r} (−180..180)")
    return lat_f, lon_f
