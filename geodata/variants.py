"""Name variants the sources leave out but news writes.

Aliases (``geodata/aliases.json``): press conventions named per feature — "N. Korea",
"East Sea", "Arabian Gulf", "Gaza" — added as alternative names.

Arabic place names carry the article in GeoNames ("Al Qāmishlī", "El-Hodeidah", "Ad
Dawrah") while English news mostly drops it ("Qamishli", "Hodeidah", "the Anbar
province").  For features in countries where Arabic is an official language, every
name that starts with the article (al-, el-, and its assimilated forms ad-, ar-, as-,
ash-, at-, az-, an-…) also answers without it, as an alternative name.  Nothing else is
changed, and other countries are left alone ("El Paso", "Los Angeles", "Al Jazeera"
as a Portuguese "Al" are not touched).
"""

from __future__ import annotations

import re

#: ISO 3166-1 alpha-2 of the states with Arabic as an official language (Arab League
#: members, Chad, Eritrea, Israel: Arabic place names there follow the same convention)
ARABIC_NAMING = frozenset("AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE ER IL".split())

_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|en|ez|ul)[\s\-‐'’]+(?=[A-ZĀ-ʯḀ-ỿ])",
                      re.IGNORECASE)


def without_article(name: str) -> str | None:
    """The name without a leading Arabic article ("Al-Qamishli" -> "Qamishli"), or None
    when it has none (or nothing would be left but a short stub)."""
    m = _ARTICLE.match(name)
    if m is None:
        return None
    rest = name[m.end():].strip()
    return rest if len(rest) >= 4 else None


def add_article_variants(features) -> int:
    """Give every feature named in the Arabic convention its article-less names too;
    returns how many names were added.  Features need ``kind``, ``country_code``,
    ``names`` (display name -> type) and ``add_name``."""
    added = 0
    for f in features:
        if f.country_code not in ARABIC_NAMING or f.kind not in ("city", "admin1", "admin2", "facility"):
            continue
        for name, typ in list(f.names.items()):
            if typ not in ("name", "alt", "long"):
                continue
            short = without_article(name)
            if short and short not in f.names:
                f.add_name(short, "alt")
                added += 1
    return added


def add_aliases(features, aliases: dict) -> int:
    """Add the alternative names of ``aliases`` (kind -> feature name or country code ->
    names); returns how many were added.  A key that matches no feature is an error: the
    table must not rot silently when a source renames a feature."""
    added = 0
    wanted = {(kind, key) for kind, table in aliases.items() if not kind.startswith("_") for key in table}
    seen = set()
    for f in features:
        table = aliases.get(f.kind)
        if not table:
            continue
        key = f.country_code if f.kind == "country" else f.name
        names = table.get(key)
        if not names:
            continue
        seen.add((f.kind, key))
        for name in names:
            if name not in f.names:
                f.add_name(name, "alt")
                added += 1
    missing = wanted - seen
    if missing:
        raise ValueError(f"aliases.json names features the build does not have: {sorted(missing)}")
    return added
