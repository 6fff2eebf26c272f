"""US places known only by their postal name (kind ``city``, subtype ``postal``).

GeoNames' populated places (cities500) leave out many New England and Mid-Atlantic towns,
which GeoNames files as administrative divisions, and many small communities: local news
names them ("a crash in Harwinton", "the Lanexa fire"), and the geoparser had no
candidate at all.  The pinned ZIP table (``zipcodes``, also the source of the counties)
names the place every delivery ZIP serves; a postal place is the median point of its
ZIPs.

Only names the gazetteer does not hold at all are added: a postal name that is also a
city, a state or a country somewhere ("Lebanon", "Georgia") would only add a weak, US,
reading to an already ambiguous name, which is the error the resolver fights on
international news.  Importance is that of a town of about 1,000 people (the postal
table has no populations).
"""

from __future__ import annotations

import bz2
import json
import statistics
from collections import defaultdict
from pathlib import Path

#: importance of a postal place: 0.35 + 0.08 * log10(1000), as a city of that size
IMPORTANCE = 0.59
TYPES = ("STANDARD", "PO BOX")


def postal_features(zips_path: Path, subdivisions: dict, known: set[str], feature_cls, normalize) -> list:
    """Postal places whose normalised name is not in ``known`` (every name of the other
    features)."""
    zips = json.load(bz2.open(zips_path, "rt", encoding="utf-8"))
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zips:
        if z.get("country") != "US" or not z.get("lat") or not z.get("active", True) \
                or z.get("zip_code_type") not in TYPES:
            continue
        groups[(z["state"], z["city"])].append((float(z["lat"]), float(z["long"])))
    feats = []
    for (state, city), pts in sorted(groups.items()):
        norm = normalize(city)
        sub = subdivisions.get(f"US.{state}")
        if sub is None or len(norm) < 4 or norm in known:
            continue
        f = feature_cls(kind="city", name=city, country_code="US", subtype="postal", admin1_code=sub["iso"],
                        admin1_name=sub["name"], importance=IMPORTANCE,
                        lat=round(statistics.median(p[0] for p in pts), 5),
                        lon=round(statistics.median(p[1] for p in pts), 5))
        f.add_name(city, "name")
        feats.append(f)
    return feats
